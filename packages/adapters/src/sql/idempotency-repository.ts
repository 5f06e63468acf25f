/**
 * Results of non-idempotent creates keyed by a request hash, so a client's retry returns
 * the first result. Entries live for an hour (the mlflow client's retries span about four minutes); expired ones are pruned now and then by
 * the writes themselves, which keeps the table small without a background job.
 */
import type { TrackingReader, TrackingWriter } from '@cairn/core';
import type { SqlScope } from './transaction-runner.ts';

const RETENTION_MS = 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/** Shared by every transaction of one store, so pruning runs at most once per interval. */
export interface PruneState {
  lastPruneAt: number;
}

export function createPruneState(): PruneState {
  return { lastPruneAt: Number.NEGATIVE_INFINITY };
}

export function createIdempotencyReader({
  db,
}: SqlScope): Pick<TrackingReader, 'findRememberedResult'> {
  return {
    async findRememberedResult(idempotencyKey) {
      const row = await db
        .selectFrom('idempotency')
        .select('result')
        .where('key', '=', idempotencyKey)
        .executeTakeFirst();
      return row?.result;
    },
  };
}

export function createIdempotencyWriter(
  { db }: SqlScope,
  state: PruneState,
): Pick<TrackingWriter, 'rememberResult'> {
  return {
    async rememberResult(idempotencyKey, result, time) {
      // The first remembered result wins: a concurrent duplicate keeps the original.
      await db
        .insertInto('idempotency')
        .values({ key: idempotencyKey, result, created_at: time })
        .onConflict((oc) => oc.doNothing())
        .execute();
      if (time - state.lastPruneAt >= PRUNE_INTERVAL_MS) {
        state.lastPruneAt = time;
        await db
          .deleteFrom('idempotency')
          .where('created_at', '<', time - RETENTION_MS)
          .execute();
      }
    },
  };
}
