/**
 * The contract suite's targets: every contract test file runs the same cases against a
 * fresh SQLite file and an emptied PostgreSQL database (a throwaway cluster per file), so
 * both dialects answer to one set of expectations.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import type { Experiment, RunInfo } from '@cairn/core';
import { startPostgres } from '../../../../../tests/support/postgres.ts';
import { openMetadataStore } from '../index.ts';
import type { MetadataStore } from '../index.ts';

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** A new, empty, migrated store; closed and discarded by the caller via `dispose`. */
  open(): Promise<OpenedStore>;
}

export interface OpenedStore {
  store: MetadataStore;
  dispose(): Promise<void>;
}

/** SQLite always; PostgreSQL when its binaries exist (startPostgres warns loudly otherwise). */
export async function storeTargets(): Promise<StoreTarget[]> {
  const targets: StoreTarget[] = [{ name: 'sqlite', open: openSqliteStore }];
  const server = await startPostgres();
  if (server !== undefined) {
    after(() => server.stop());
    // Migrating a fresh database per test costs far more than emptying one, so the
    // PostgreSQL target migrates once and truncates every table before each store.
    const first = await openMetadataStore({ url: server.url });
    await first.close();
    targets.push({
      name: 'postgres',
      async open() {
        await emptyPostgres(server.url);
        const store = await openMetadataStore({ url: server.url });
        return { store, dispose: () => store.close() };
      },
    });
  }
  return targets;
}

async function emptyPostgres(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = current_schema() and table_name not like 'cairn_migrations%'`,
    );
    await admin.query(`truncate ${rows.map((r) => `"${r.name}"`).join(', ')} restart identity`);
    await admin.query(
      `insert into counters (name, value) values ('experiment_id', 0), ('event_seq', 0)`,
    );
  } finally {
    await admin.end();
  }
}

async function openSqliteStore(): Promise<OpenedStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cairn-contract-'));
  const store = await openMetadataStore({ dataDir });
  return {
    store,
    async dispose() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function experiment(
  id: string,
  name: string,
  overrides: Partial<Experiment> = {},
): Experiment {
  return {
    experimentId: id,
    name,
    artifactLocation: `mlflow-artifacts:/${id}`,
    lifecycleStage: 'active',
    creationTime: 1_000,
    lastUpdateTime: 1_000,
    tags: [],
    ...overrides,
  };
}

export function runInfo(
  runId: string,
  experimentId: string,
  overrides: Partial<RunInfo> = {},
): RunInfo {
  return {
    runId,
    runName: runId,
    experimentId,
    userId: 'alice',
    status: 'RUNNING',
    startTime: 1_000,
    endTime: null,
    artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    lifecycleStage: 'active',
    ...overrides,
  };
}

/** Creates experiment `1` named "e1" and the given runs in it. */
export async function seedRuns(store: MetadataStore, runs: RunInfo[]): Promise<void> {
  await store.tracking.write(async (w) => {
    if ((await w.getExperiment('1')) === undefined) await w.insertExperiment(experiment('1', 'e1'));
    for (const run of runs) await w.insertRun(run, []);
  });
}
