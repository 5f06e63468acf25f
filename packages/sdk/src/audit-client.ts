/** The audit trail: the filtered event log, verification, checkpoints and proofs. */
import type { Transport } from './http-transport.ts';
import type { Page, StoredEvent } from './wire-types.ts';

export interface AuditLogQuery {
  /** Milliseconds since the epoch, inclusive. */
  since?: number;
  until?: number;
  actor?: string;
  entityType?: string;
  entityId?: string;
  /** An exact event type, e.g. `registry.alias.set`. */
  type?: string;
  maxResults?: number;
  /** Continues in the order (and with the filters) of the request that returned it. */
  pageToken?: string;
  /** By sequence number: `asc` oldest first (the server's default), `desc` newest first. */
  order?: 'asc' | 'desc';
}

export interface AuditVerification {
  ok: boolean;
  treeSize: number;
  checkedEntries: number;
  checkpointSize: number;
  /** The first bad entry, when one can be named. */
  firstBadSeq?: number;
  /** For `checkpoint_mismatch`: the bad entry lies in firstBadSeq..lastSuspectSeq. */
  lastSuspectSeq?: number;
  reason?: string;
  message?: string;
}

export interface AuditCheckpoint {
  treeSize: number;
  rootHash: string;
  time: number;
  keyId: string;
  signature: string;
}

export interface AuditPublicKey {
  keyId: string;
  publicKey: string;
}

export interface AuditInclusionProof {
  seq: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
  checkpoint: AuditCheckpoint;
}

export interface AuditClient {
  log(query?: AuditLogQuery): Promise<Page<StoredEvent>>;
  /** Checks the whole log on the server (admin). */
  verify(): Promise<AuditVerification>;
  latestCheckpoint(): Promise<AuditCheckpoint>;
  publicKey(): Promise<AuditPublicKey>;
  inclusionProof(seq: number): Promise<AuditInclusionProof>;
}

export function createAuditClient(transport: Transport): AuditClient {
  return {
    log: (query = {}) => transport.json({ method: 'GET', path: '/audit/log', query: { ...query } }),
    verify: () => transport.json({ method: 'POST', path: '/audit/verify', json: {} }),
    latestCheckpoint: () => transport.json({ method: 'GET', path: '/audit/checkpoints/latest' }),
    publicKey: () => transport.json({ method: 'GET', path: '/audit/key' }),
    inclusionProof: (seq) => transport.json({ method: 'GET', path: `/audit/proof/${seq}` }),
  };
}
