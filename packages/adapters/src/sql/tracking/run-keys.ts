/** Maps a public run id to the integer key the per-run tables use. */
import { notFound } from '@cairn/core';
import type { SqlScope } from '../transaction-runner.ts';

export async function requireRunKey({ db }: SqlScope, runId: string): Promise<number> {
  const row = await db
    .selectFrom('runs')
    .select('run_key')
    .where('run_uuid', '=', runId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('tracking.run_not_found', `Run '${runId}' not found.`);
  return row.run_key;
}
