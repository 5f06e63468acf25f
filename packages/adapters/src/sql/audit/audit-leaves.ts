/** Writes the Merkle leaf of each event in the transaction that appends the event. */
import { eventLeafHash } from '@cairn/core';
import type { StoredEvent } from '@cairn/core';
import { chunkForParameters } from '../batching.ts';
import type { SqlScope } from '../transaction-runner.ts';

/** An event row as inserted: the payload already serialised. */
export interface EventRow {
  seq: number;
  type: string;
  entity_type: string;
  entity_id: string;
  actor: string;
  time: number;
  payload: string;
}

export function storedEventOf(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    type: row.type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actor: row.actor,
    time: row.time,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}

/**
 * The leaf is hashed from the serialised payload read back, exactly as a verifier will
 * read it from the table, so values JSON cannot carry (undefined, -0) hash the same.
 */
export async function insertAuditLeaves({ db, dialect }: SqlScope, rows: readonly EventRow[]) {
  const leaves = rows.map((row) => ({
    seq: row.seq,
    leaf_hash: Buffer.from(eventLeafHash(storedEventOf(row))).toString('hex'),
  }));
  for (const chunk of chunkForParameters(leaves, 2, dialect)) {
    await db.insertInto('audit_leaves').values(chunk).execute();
  }
}
