/**
 * `0009_metric_blocks` on a store that already holds points: the store is taken back to
 * before the migration (table dropped, migration unrecorded), reopened, and every series
 * reads back packed exactly as its stored points — on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Metric } from '@cairn/core';
import { startPostgres } from '../../../../../tests/support/postgres.ts';
import { openMetadataStore } from '../metadata-store.ts';
import type { MetadataStoreOptions } from '../metadata-store.ts';
import { openSqlite } from '../sqlite-database.ts';
import { runInfo, seedRuns } from '../contract/contract-harness.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** 2,500 points of `loss` (several blocks, NaN and infinities) and one of `acc`, per run. */
function points(): Metric[] {
  const special = [Number.NaN, Infinity, -Infinity];
  return [
    ...Array.from({ length: 2500 }, (_, i) => ({
      key: 'loss',
      step: 2500 - i,
      timestamp: 10 + (i % 3),
      value: i % 101 === 0 ? (special[i % 3] as number) : 1 / (i + 1),
    })),
    { key: 'acc', step: 0, timestamp: 1, value: 0.5 },
  ];
}

async function checkBackfill(
  options: MetadataStoreOptions,
  openDb: () => Kysely<Database>,
): Promise<void> {
  const store = await openMetadataStore(options);
  await seedRuns(store, [runInfo('r1', '1'), runInfo('r2', '1')]);
  for (const runId of ['r1', 'r2']) {
    const all = points();
    for (let start = 0; start < all.length; start += 1000) {
      await store.tracking.write((w) => w.insertMetrics(runId, all.slice(start, start + 1000)));
    }
  }
  await store.close();
  await forgetMigration(openDb());

  const reopened = await openMetadataStore(options);
  try {
    for (const runId of ['r1', 'r2']) {
      for (const key of ['loss', 'acc']) {
        const rows = await reopened.tracking.read((r) =>
          r.getMetricHistory(runId, key, { offset: 0, limit: 10_000 }),
        );
        const packed = await reopened.tracking.read((r) => r.readMetricSeries(runId, key));
        assert.deepEqual(
          Array.from(packed.values, (value, i) => [packed.steps[i], packed.timestamps[i], value]),
          rows.map((m) => [m.step, m.timestamp, m.value]),
          `${runId}/${key}`,
        );
      }
    }
    assert.equal(await reopened.tracking.read((r) => r.countMetricPoints('r1', 'loss')), 2500);
  } finally {
    await reopened.close();
  }
}

async function forgetMigration(db: Kysely<Database>): Promise<void> {
  try {
    await sql`drop table metric_blocks`.execute(db);
    await sql`delete from cairn_migrations where name = '0009_metric_blocks'`.execute(db);
  } finally {
    await db.destroy();
  }
}

// PostgreSQL when its binaries exist (startPostgres warns loudly otherwise), as the contract suite.
const postgres = await startPostgres();
if (postgres !== undefined) after(() => postgres.stop());

describe('migration 0009_metric_blocks', () => {
  it('packs the points a SQLite store already holds', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cairn-blocks-migration-'));
    try {
      await checkBackfill({ dataDir }, () => openSqlite(dataDir));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  if (postgres !== undefined) {
    it('packs the points a PostgreSQL store already holds', async () => {
      const { openPostgres } = await import('../postgres-database.ts');
      await checkBackfill({ url: postgres.url }, () => openPostgres(postgres.url));
    });
  }
});
