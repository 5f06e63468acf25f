/**
 * Migration `0009_metric_blocks`: every metric series also packed into blocks for charts
 * (`metric-block-codec.ts`), and the points already stored packed now, series by series
 * (`packSeries` reads each in keyset pages, so a large store is migrated in bounded memory).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, SqlDialectName } from '../schema.ts';
import { packSeries } from './metric-block-store.ts';

export async function createMetricBlocksSchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  // A rowid table on SQLite (blocks are up to 6 KiB; WITHOUT ROWID suits small rows only).
  await db.schema
    .createTable('metric_blocks')
    .addColumn('run_key', 'bigint', (c) =>
      c.notNull().references('runs.run_key').onDelete('cascade'),
    )
    .addColumn('key', text, (c) => c.notNull())
    .addColumn('block_no', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_blocks_pk', ['run_key', 'key', 'block_no'])
    .execute();
  await packStoredPoints(db, dialect);
}

async function packStoredPoints(db: Kysely<Database>, dialect: SqlDialectName): Promise<void> {
  const allSeries = await db.selectFrom('metrics').select(['run_key', 'key']).distinct().execute();
  for (const { run_key: runKey, key } of allSeries) await packSeries({ db, dialect }, runKey, key);
}
