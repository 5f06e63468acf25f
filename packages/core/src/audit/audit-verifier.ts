/**
 * Verifies the whole audit log in one streaming pass: every event's leaf is recomputed
 * from its stored fields and compared with the leaf stored when it was appended, the tree
 * head is rebuilt from the recomputed leaves and compared with every signed checkpoint,
 * and the first bad entry is named by its sequence number with the reason.
 */
import type { StoredEvent } from '../kernel/index.ts';
import { eventLeafHash } from './audit-leaf.ts';
import { verifyCheckpointSignature } from './checkpoint.ts';
import type { AuditPublicKey, SignedCheckpoint } from './checkpoint.ts';
import { createCompactRange, hashesEqual, type Hash } from './merkle-tree.ts';

/** One position of the log: the event row and the leaf row stored for it (either may be missing). */
export interface AuditRow {
  seq: number;
  event?: StoredEvent | undefined;
  leafHash?: Hash | undefined;
}

export const AuditFailure = {
  /** An event's fields no longer hash to the leaf stored when it was appended. */
  CONTENT_CHANGED: 'content_changed',
  /** An event's content sits at another position than the one it was appended at. */
  REORDERED: 'reordered',
  /** A sequence number below the last one issued has no event (deleted row, gap). */
  MISSING_ENTRY: 'missing_entry',
  /** An event the server never appended (no leaf written with it, or past the issued count). */
  EXTRA_ENTRY: 'extra_entry',
  /** A checkpoint is not signed by a trusted key (forged, or signed by another key). */
  CHECKPOINT_SIGNATURE_INVALID: 'checkpoint_signature_invalid',
  /** Two validly signed checkpoints disagree about the same tree size (a forked log). */
  CHECKPOINT_FORK: 'checkpoint_fork',
  /** The entries covered by a signed checkpoint no longer hash to its root. */
  CHECKPOINT_MISMATCH: 'checkpoint_mismatch',
  /** The log ends before the size a signed checkpoint vouches for (truncated tail). */
  LOG_SHORTER_THAN_CHECKPOINT: 'log_shorter_than_checkpoint',
} as const;
export type AuditFailure = (typeof AuditFailure)[keyof typeof AuditFailure];

export interface AuditVerification {
  ok: boolean;
  /** The whole log when ok; otherwise the entries found intact, in order, before the first bad one. */
  treeSize: number;
  checkedEntries: number;
  /** The size of the latest signed checkpoint checked, 0 when there is none. */
  checkpointSize: number;
  /** The first bad entry; absent for a failure no single entry causes (a forged checkpoint). */
  firstBadSeq?: number;
  /**
   * For `checkpoint_mismatch`: the last entry the bad one may be. An event rewritten together
   * with its stored leaf can be placed only between two signed checkpoints.
   */
  lastSuspectSeq?: number;
  reason?: AuditFailure;
  message?: string;
}

export interface VerifyAuditLogInput {
  /** Every position of the log in ascending `seq` order, from 1. */
  rows: AsyncIterable<AuditRow> | Iterable<AuditRow>;
  checkpoints: readonly SignedCheckpoint[];
  /** The keys whose signatures are trusted (from the key file, never from the database). */
  trustedKeys: readonly AuditPublicKey[];
  /** How many sequence numbers the store has issued (its event counter), when known. */
  issuedCount?: number | undefined;
}

type Failure = Pick<AuditVerification, 'firstBadSeq' | 'lastSuspectSeq' | 'reason' | 'message'>;

function checkCheckpoints(
  checkpoints: readonly SignedCheckpoint[],
  trustedKeys: readonly AuditPublicKey[],
): Failure | undefined {
  const bySize = new Map<number, SignedCheckpoint>();
  for (const checkpoint of checkpoints) {
    if (!verifyCheckpointSignature(checkpoint, trustedKeys)) {
      return {
        reason: AuditFailure.CHECKPOINT_SIGNATURE_INVALID,
        message:
          `The checkpoint of tree size ${checkpoint.treeSize} (key ${checkpoint.keyId}) ` +
          'is not validly signed by a trusted audit key.',
      };
    }
    const other = bySize.get(checkpoint.treeSize);
    if (other !== undefined && other.rootHash !== checkpoint.rootHash) {
      return {
        reason: AuditFailure.CHECKPOINT_FORK,
        message: `Two signed checkpoints of tree size ${checkpoint.treeSize} have different roots.`,
      };
    }
    bySize.set(checkpoint.treeSize, checkpoint);
  }
  return undefined;
}

function describeEvent(event: StoredEvent): string {
  return `${event.type} on ${event.entityType} ${event.entityId} by ${event.actor}`;
}

/** Checks the log against its stored leaves and signed checkpoints; names the first bad entry. */
export async function verifyAuditLog(input: VerifyAuditLogInput): Promise<AuditVerification> {
  const checkpoints = [...input.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  const checkpointSize = checkpoints.at(-1)?.treeSize ?? 0;
  const range = createCompactRange();
  let checkedEntries = 0;
  const result = (failure: Failure | undefined): AuditVerification => ({
    ok: failure === undefined,
    treeSize: range.size,
    checkedEntries,
    checkpointSize,
    ...failure,
  });

  const signatureFailure = checkCheckpoints(checkpoints, input.trustedKeys);
  if (signatureFailure !== undefined) return result(signatureFailure);

  let nextCheckpoint = 0;
  let verifiedSize = 0;
  // The first entry whose content does not match its leaf: reported once the rest of the
  // log has been searched for the position its content was appended at (a reorder).
  let suspect: { seq: number; event: StoredEvent } | undefined;
  let movedTo: number | undefined;

  for await (const row of input.rows) {
    if (suspect !== undefined) {
      if (row.leafHash !== undefined && movedTo === undefined) {
        const there = eventLeafHash({ ...suspect.event, seq: row.seq });
        if (hashesEqual(there, row.leafHash)) movedTo = row.seq;
      }
      continue;
    }
    const expected = range.size + 1;
    if (row.seq !== expected || row.event === undefined) {
      const seq = row.seq > expected ? expected : row.seq;
      return result({
        firstBadSeq: seq,
        reason: AuditFailure.MISSING_ENTRY,
        message: `Entry ${seq} is missing from the log (deleted or never written).`,
      });
    }
    const event = row.event;
    if (input.issuedCount !== undefined && row.seq > input.issuedCount) {
      return result({
        firstBadSeq: row.seq,
        reason: AuditFailure.EXTRA_ENTRY,
        message: `Entry ${row.seq} (${describeEvent(event)}) lies beyond the ${input.issuedCount} sequence numbers the store issued.`,
      });
    }
    if (row.leafHash === undefined) {
      return result({
        firstBadSeq: row.seq,
        reason: AuditFailure.EXTRA_ENTRY,
        message: `Entry ${row.seq} (${describeEvent(event)}) has no leaf: it was not appended by Cairn.`,
      });
    }
    const leaf = eventLeafHash(event);
    if (!hashesEqual(leaf, row.leafHash)) {
      suspect = { seq: row.seq, event };
      continue;
    }
    range.append(leaf);
    checkedEntries++;
    while (nextCheckpoint < checkpoints.length) {
      const checkpoint = checkpoints[nextCheckpoint] as SignedCheckpoint;
      if (checkpoint.treeSize > range.size) break;
      nextCheckpoint++;
      if (checkpoint.treeSize === 0) continue;
      if (Buffer.from(range.root()).toString('hex') !== checkpoint.rootHash) {
        return result({
          firstBadSeq: verifiedSize + 1,
          lastSuspectSeq: checkpoint.treeSize,
          reason: AuditFailure.CHECKPOINT_MISMATCH,
          message:
            verifiedSize + 1 === checkpoint.treeSize
              ? `Entry ${checkpoint.treeSize} was changed together with its stored leaf: it no longer matches the signed checkpoint.`
              : `An entry between ${verifiedSize + 1} and ${checkpoint.treeSize} was changed together with its stored leaf: ` +
                `the log no longer matches the checkpoint signed at size ${checkpoint.treeSize}.`,
        });
      }
      verifiedSize = checkpoint.treeSize;
    }
  }

  if (suspect !== undefined) {
    const { seq, event } = suspect;
    return result(
      movedTo === undefined
        ? {
            firstBadSeq: seq,
            reason: AuditFailure.CONTENT_CHANGED,
            message: `Entry ${seq} (${describeEvent(event)}) was changed after it was appended.`,
          }
        : {
            firstBadSeq: seq,
            reason: AuditFailure.REORDERED,
            message: `Entry ${seq} holds the content appended as entry ${movedTo}: the log was reordered.`,
          },
    );
  }
  if (range.size < checkpointSize) {
    return result({
      firstBadSeq: range.size + 1,
      reason: AuditFailure.LOG_SHORTER_THAN_CHECKPOINT,
      message: `The log ends at entry ${range.size}, but a signed checkpoint covers ${checkpointSize} entries.`,
    });
  }
  if (input.issuedCount !== undefined && range.size < input.issuedCount) {
    return result({
      firstBadSeq: range.size + 1,
      reason: AuditFailure.MISSING_ENTRY,
      message: `The log ends at entry ${range.size}, but the store issued ${input.issuedCount} sequence numbers.`,
    });
  }
  return result(undefined);
}
