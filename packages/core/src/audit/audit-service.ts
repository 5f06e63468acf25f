/**
 * The audit trail over the event log: signs checkpoints of the Merkle tree head, answers
 * inclusion and consistency proofs, verifies the whole log and lists it with filters.
 */
import { failedPrecondition, invalidArgument, notFound } from '../kernel/index.ts';
import type { Clock, StoredEvent } from '../kernel/index.ts';
import { decodePageToken, encodePageToken } from '../tracking/index.ts';
import { AuditFailure, verifyAuditLog, type AuditVerification } from './audit-verifier.ts';
import { signCheckpoint } from './checkpoint.ts';
import type { AuditPublicKey, CheckpointSigner, SignedCheckpoint } from './checkpoint.ts';
import {
  consistencyProof,
  createCompactRange,
  inclusionProof,
  type CompactRange,
  type Hash,
} from './merkle-tree.ts';
import { AuditLogOrder } from './ports.ts';
import type { AuditLogFilter, AuditStore } from './ports.ts';

const READ_CHUNK = 5_000;
const VERIFY_ATTEMPTS = 3;
export const AUDIT_LOG_DEFAULT_PAGE = 100;
export const AUDIT_LOG_MAX_PAGE = 1_000;

export interface InclusionProofAnswer {
  seq: number;
  /** 0-based position in the tree (seq − 1). */
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  /** Hex hashes, leaf to root (RFC 6962 PATH). */
  proof: string[];
  /** The signed checkpoint the proof leads to. */
  checkpoint: SignedCheckpoint;
}

export interface ConsistencyProofAnswer {
  fromSize: number;
  toSize: number;
  proof: string[];
}

export interface AuditApi {
  /** The key checkpoints are signed with (for `cairn audit key` and offline verifiers). */
  publicKey(): AuditPublicKey;
  /** Signs and stores a checkpoint when the log grew since the last one; undefined otherwise. */
  checkpointNow(): Promise<SignedCheckpoint | undefined>;
  latestCheckpoint(): Promise<SignedCheckpoint | undefined>;
  /** Proof that entry `seq` is in the tree of the latest checkpoint. */
  inclusionProof(seq: number): Promise<InclusionProofAnswer>;
  /** Proof that the tree of `fromSize` entries is a prefix of the tree of `toSize`. */
  consistencyProof(fromSize: number, toSize: number): Promise<ConsistencyProofAnswer>;
  /** Checks the whole log against its leaves and every checkpoint signed by a trusted key. */
  verify(): Promise<AuditVerification>;
  /**
   * One page of the log, oldest first unless `order` is `desc`. A page token continues in
   * the order (and with the filters) of the request that returned it.
   */
  searchLog(
    filter: AuditLogFilter,
    page: {
      maxResults?: number | undefined;
      pageToken?: string | undefined;
      order?: AuditLogOrder | undefined;
    },
  ): Promise<{ items: StoredEvent[]; nextPageToken?: string }>;
}

export interface AuditServiceDeps {
  store: AuditStore;
  signer: CheckpointSigner;
  clock: Clock;
  /** Further keys whose old checkpoints verify (after a key rotation). */
  trustedKeys?: readonly AuditPublicKey[];
}

const hex = (hash: Hash) => Buffer.from(hash).toString('hex');

export function createAuditService(deps: AuditServiceDeps): AuditApi {
  const { store, signer, clock } = deps;
  const trustedKeys = [
    { keyId: signer.keyId, publicKey: signer.publicKey },
    ...(deps.trustedKeys ?? []),
  ];
  // The tree head over the leaves already signed, kept between checkpoints so each one
  // reads only the new leaves; rebuilt (and checked) when it does not match the latest.
  let range: CompactRange | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function extend(target: CompactRange, toSize: number): Promise<void> {
    while (target.size < toSize) {
      const leaves = await store.readLeaves(
        target.size,
        Math.min(READ_CHUNK, toSize - target.size),
      );
      for (const leaf of leaves) {
        if (leaf.seq !== target.size + 1) {
          throw failedPrecondition(
            'audit.log_tampered',
            `The audit log has no leaf for entry ${target.size + 1}; run 'cairn audit verify'.`,
          );
        }
        target.append(leaf.leafHash);
      }
      if (leaves.length === 0) break;
    }
  }

  async function readAllLeaves(count: number): Promise<Hash[]> {
    const leaves: Hash[] = [];
    while (leaves.length < count) {
      const chunk = await store.readLeaves(
        leaves.length,
        Math.min(READ_CHUNK, count - leaves.length),
      );
      for (const leaf of chunk) {
        if (leaf.seq !== leaves.length + 1) break;
        leaves.push(leaf.leafHash);
      }
      if (chunk.length === 0 || leaves.length < (chunk.at(-1)?.seq ?? 0)) break;
    }
    if (leaves.length < count) {
      throw failedPrecondition(
        'audit.log_tampered',
        `The audit log has no leaf for entry ${leaves.length + 1}; run 'cairn audit verify'.`,
      );
    }
    return leaves;
  }

  async function checkpoint(): Promise<SignedCheckpoint | undefined> {
    const latest = await store.latestCheckpoint();
    const size = await store.leafCount();
    const signedSize = latest?.treeSize ?? 0;
    if (size < signedSize) {
      throw failedPrecondition(
        'audit.log_truncated',
        `The audit log has ${size} entries but a checkpoint covers ${signedSize}; refusing to sign.`,
      );
    }
    if (size === signedSize) return undefined;
    if (range === undefined || range.size > signedSize) range = createCompactRange();
    await extend(range, signedSize);
    if (latest !== undefined && hex(range.root()) !== latest.rootHash) {
      range = undefined;
      // Signing now would vouch for a log that no longer matches what was signed before.
      throw failedPrecondition(
        'audit.log_tampered',
        `The stored audit leaves no longer match the checkpoint of size ${signedSize}; refusing to sign. Run 'cairn audit verify'.`,
      );
    }
    await extend(range, size);
    const signed = signCheckpoint(signer, range.size, range.root(), clock.now());
    await store.appendCheckpoint(signed, signer.publicKey);
    return signed;
  }

  return {
    publicKey: () => ({ keyId: signer.keyId, publicKey: signer.publicKey }),
    checkpointNow() {
      // One at a time: two overlapping runs would race on the in-memory tree head.
      const next = queue.then(checkpoint, checkpoint);
      queue = next.catch(() => undefined);
      return next;
    },
    latestCheckpoint: () => store.latestCheckpoint(),
    async inclusionProof(seq) {
      const latest = await store.latestCheckpoint();
      if (latest === undefined || seq > latest.treeSize) {
        throw notFound(
          'audit.entry_not_checkpointed',
          `Entry ${seq} is not covered by a signed checkpoint yet.`,
        );
      }
      if (!Number.isSafeInteger(seq) || seq < 1) {
        throw invalidArgument('audit.invalid_seq', `Entry numbers start at 1, not ${seq}.`);
      }
      const leaves = await readAllLeaves(latest.treeSize);
      return {
        seq,
        leafIndex: seq - 1,
        treeSize: latest.treeSize,
        leafHash: hex(leaves[seq - 1] as Hash),
        proof: inclusionProof(leaves, seq - 1, latest.treeSize).map(hex),
        checkpoint: latest,
      };
    },
    async consistencyProof(fromSize, toSize) {
      if (!Number.isSafeInteger(fromSize) || fromSize < 0 || toSize < fromSize) {
        throw invalidArgument(
          'audit.invalid_sizes',
          `Need 0 ≤ from ≤ to; got ${fromSize}, ${toSize}.`,
        );
      }
      const leaves = await readAllLeaves(toSize);
      return { fromSize, toSize, proof: consistencyProof(leaves, fromSize, toSize).map(hex) };
    },
    async verify() {
      for (let attempt = 1; ; attempt++) {
        const issuedCount = await store.issuedCount();
        const result = await verifyAuditLog({
          rows: store.scanLog(),
          checkpoints: await store.listCheckpoints(),
          trustedKeys,
          issuedCount,
        });
        // On a live server events keep arriving during the scan: one past the count read
        // before it is only suspect if the counter still has not issued it afterwards.
        const racedPastCount =
          result.reason === AuditFailure.EXTRA_ENTRY &&
          (result.firstBadSeq ?? 0) > issuedCount &&
          (await store.issuedCount()) >= (result.firstBadSeq ?? 0);
        if (!racedPastCount || attempt === VERIFY_ATTEMPTS) return result;
      }
    },
    async searchLog(filter, page) {
      const limit = page.maxResults ?? AUDIT_LOG_DEFAULT_PAGE;
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > AUDIT_LOG_MAX_PAGE) {
        throw invalidArgument(
          'audit.invalid_max_results',
          `maxResults must be an integer in 1..${AUDIT_LOG_MAX_PAGE}, not ${String(limit)}.`,
        );
      }
      const order = page.order ?? AuditLogOrder.ASC;
      if (order !== AuditLogOrder.ASC && order !== AuditLogOrder.DESC) {
        throw invalidArgument(
          'audit.invalid_order',
          `order must be asc or desc, not ${JSON.stringify(String(order)).slice(0, 40)}.`,
        );
      }
      // The token holds the last seq already returned; newest first, "no token" must mean
      // the log's newest end, not seq 0.
      const afterSeq =
        page.pageToken === undefined || page.pageToken === ''
          ? undefined
          : decodePageToken(page.pageToken);
      const rows = await store.searchLog(filter, { order, afterSeq }, limit + 1);
      if (rows.length <= limit) return { items: rows };
      const items = rows.slice(0, limit);
      return { items, nextPageToken: encodePageToken((items.at(-1) as StoredEvent).seq) };
    },
  };
}
