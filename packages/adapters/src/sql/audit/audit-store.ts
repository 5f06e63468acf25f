/** The audit trail's storage: leaves and checkpoints, and the event log read with its leaves. */
import type {
  AuditLogFilter,
  AuditRow,
  AuditStore,
  SignedCheckpoint,
  StoredLeaf,
} from '@cairn/core';
import type { TransactionRunner } from '../transaction-runner.ts';
import type { AuditCheckpointTable } from './audit-schema.ts';
import { storedEventOf } from './audit-leaves.ts';

const SCAN_CHUNK = 2_000;

const unhex = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

function checkpointOf(row: AuditCheckpointTable): SignedCheckpoint {
  return {
    treeSize: row.tree_size,
    rootHash: row.root_hash,
    time: row.time,
    keyId: row.key_id,
    signature: row.signature,
  };
}

export function createAuditStore(runner: TransactionRunner): AuditStore {
  const { read } = runner;

  const readLeaves = (afterSeq: number, limit: number) =>
    read(async ({ db }) => {
      const rows = await db
        .selectFrom('audit_leaves')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((row): StoredLeaf => ({ seq: row.seq, leafHash: unhex(row.leaf_hash) }));
    });

  /** Both tables in seq order, a chunk at a time, merged so a row missing from either shows. */
  async function* scanLog(): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const chunk = await read(async ({ db }) => {
        const events = await db
          .selectFrom('events')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(SCAN_CHUNK)
          .execute();
        const leaves = await db
          .selectFrom('audit_leaves')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(SCAN_CHUNK)
          .execute();
        return { events, leaves };
      });
      if (chunk.events.length === 0 && chunk.leaves.length === 0) return;
      // Merge only up to the lower of the two last seqs: beyond it one side is incomplete.
      const full = (list: { seq: number }[]) => list.length === SCAN_CHUNK;
      const ends = [
        full(chunk.events) ? chunk.events.at(-1)!.seq : Infinity,
        full(chunk.leaves) ? chunk.leaves.at(-1)!.seq : Infinity,
      ];
      const upTo = Math.min(...ends);
      const rows = new Map<number, AuditRow>();
      for (const event of chunk.events) {
        if (event.seq <= upTo) rows.set(event.seq, { seq: event.seq, event: storedEventOf(event) });
      }
      for (const leaf of chunk.leaves) {
        if (leaf.seq > upTo) continue;
        const row = rows.get(leaf.seq) ?? { seq: leaf.seq };
        row.leafHash = unhex(leaf.leaf_hash);
        rows.set(leaf.seq, row);
      }
      const ordered = [...rows.values()].sort((a, b) => a.seq - b.seq);
      yield* ordered;
      if (upTo === Infinity) return;
      after = upTo;
    }
  }

  return {
    scanLog,
    readLeaves,
    leafCount: () =>
      read(async ({ db }) => {
        const row = await db
          .selectFrom('audit_leaves')
          .select((eb) => eb.fn.max('seq').as('max'))
          .executeTakeFirst();
        return Number(row?.max ?? 0);
      }),
    issuedCount: () =>
      read(async ({ db }) => {
        const row = await db
          .selectFrom('counters')
          .select('value')
          .where('name', '=', 'event_seq')
          .executeTakeFirst();
        return row?.value ?? 0;
      }),
    listCheckpoints: () =>
      read(async ({ db }) => {
        const rows = await db
          .selectFrom('audit_checkpoints')
          .selectAll()
          .orderBy('tree_size')
          .orderBy('time')
          .execute();
        return rows.map(checkpointOf);
      }),
    latestCheckpoint: () =>
      read(async ({ db }) => {
        const row = await db
          .selectFrom('audit_checkpoints')
          .selectAll()
          .orderBy('tree_size', 'desc')
          .orderBy('time', 'desc')
          .limit(1)
          .executeTakeFirst();
        return row === undefined ? undefined : checkpointOf(row);
      }),
    appendCheckpoint: (checkpoint, publicKey) =>
      runner.write(async ({ db }) => {
        await db
          .insertInto('audit_checkpoints')
          .values({
            tree_size: checkpoint.treeSize,
            key_id: checkpoint.keyId,
            root_hash: checkpoint.rootHash,
            time: checkpoint.time,
            signature: checkpoint.signature,
            public_key: publicKey,
          })
          // Another server process on the same database may have signed this size already.
          .onConflict((oc) => oc.columns(['tree_size', 'key_id']).doNothing())
          .execute();
      }),
    searchLog: (filter: AuditLogFilter, { order, afterSeq }, limit) =>
      read(async ({ db }) => {
        let query = db.selectFrom('events').selectAll();
        if (afterSeq !== undefined) {
          query = query.where('seq', order === 'desc' ? '<' : '>', afterSeq);
        }
        if (filter.since !== undefined) query = query.where('time', '>=', filter.since);
        if (filter.until !== undefined) query = query.where('time', '<=', filter.until);
        if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
        if (filter.entityType !== undefined)
          query = query.where('entity_type', '=', filter.entityType);
        if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
        if (filter.type !== undefined) query = query.where('type', '=', filter.type);
        const rows = await query.orderBy('seq', order).limit(limit).execute();
        return rows.map(storedEventOf);
      }),
  };
}
