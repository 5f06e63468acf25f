/** What the audit service needs from storage. */
import type { StoredEvent } from '../kernel/index.ts';
import type { AuditRow } from './audit-verifier.ts';
import type { SignedCheckpoint } from './checkpoint.ts';
import type { Hash } from './merkle-tree.ts';

/** Filters of the audit log; times are milliseconds since the epoch, both ends inclusive. */
export interface AuditLogFilter {
  since?: number | undefined;
  until?: number | undefined;
  actor?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** An exact event type, e.g. `registry.alias.set`. */
  type?: string | undefined;
}

/** The directions the log is read in, by sequence number (oldest first is the log's own order). */
export const AuditLogOrder = { ASC: 'asc', DESC: 'desc' } as const;
export type AuditLogOrder = (typeof AuditLogOrder)[keyof typeof AuditLogOrder];

/**
 * Where a page of the log starts: the events past `afterSeq` in `order` (asc: seq > it;
 * desc: seq < it). Without `afterSeq`, from that end of the log.
 */
export interface AuditLogCursor {
  order: AuditLogOrder;
  afterSeq?: number | undefined;
}

export interface StoredLeaf {
  seq: number;
  leafHash: Hash;
}

export interface AuditStore {
  /** Every position of the log, ascending from seq 1: the event row and the leaf row, either possibly missing. */
  scanLog(): AsyncIterable<AuditRow>;
  /** Stored leaves with seq > `afterSeq`, ascending, at most `limit`. */
  readLeaves(afterSeq: number, limit: number): Promise<StoredLeaf[]>;
  /** The highest seq that has a stored leaf (0 for an empty log). */
  leafCount(): Promise<number>;
  /** How many sequence numbers the event counter has issued. */
  issuedCount(): Promise<number>;
  /** Every stored checkpoint, by ascending tree size. */
  listCheckpoints(): Promise<SignedCheckpoint[]>;
  latestCheckpoint(): Promise<SignedCheckpoint | undefined>;
  /** Stores a checkpoint with the public key that signed it (for auditors; never trusted from here). */
  appendCheckpoint(checkpoint: SignedCheckpoint, publicKey: string): Promise<void>;
  /** Events matching `filter` past the cursor, in its order, at most `limit`. */
  searchLog(filter: AuditLogFilter, cursor: AuditLogCursor, limit: number): Promise<StoredEvent[]>;
}
