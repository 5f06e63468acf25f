/** The outbox: events inserted in the writer's transaction, read back in order. */
import type { EventReader, NewEvent } from '@cairn/core';
import { insertAuditLeaves, storedEventOf } from './audit/audit-leaves.ts';
import { chunkForParameters } from './batching.ts';
import { grantCreators } from './identity/access-repository.ts';
import type { SqlScope } from './transaction-runner.ts';

const EVENT_COLUMNS = 7;

/**
 * Inserts `events` with consecutive sequence numbers. The numbers come from a counter row
 * updated in the same transaction: on PostgreSQL its row lock orders concurrent writers,
 * so sequence order is commit order and a reader never skips a later-committed event.
 */
export async function insertEvents({ db, dialect }: SqlScope, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const counter = await db
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', events.length) }))
    .where('name', '=', 'event_seq')
    .returning('value')
    .executeTakeFirstOrThrow();
  let seq = counter.value - events.length;
  const rows = events.map((event) => ({
    seq: ++seq,
    type: event.type,
    entity_type: event.entityType,
    entity_id: event.entityId,
    actor: event.actor,
    time: event.time,
    payload: JSON.stringify(event.payload),
  }));
  for (const chunk of chunkForParameters(rows, EVENT_COLUMNS, dialect)) {
    await db.insertInto('events').values(chunk).execute();
  }
  // The leaf is part of the append: an event without one was not written by Cairn.
  await insertAuditLeaves({ db, dialect }, rows);
  await grantCreators({ db, dialect }, events);
}

export function createEventReader(
  read: <T>(fn: (scope: SqlScope) => Promise<T>) => Promise<T>,
): EventReader {
  return {
    listEvents: (afterSeq, limit) =>
      read(async ({ db }) => {
        const rows = await db
          .selectFrom('events')
          .selectAll()
          .where('seq', '>', afterSeq)
          .orderBy('seq')
          .limit(limit)
          .execute();
        return rows.map(storedEventOf);
      }),
    lastSeq: () =>
      read(async ({ db }) => {
        const row = await db
          .selectFrom('events')
          .select((eb) => eb.fn.max('seq').as('last'))
          .executeTakeFirst();
        return Number(row?.last ?? 0);
      }),
  };
}
