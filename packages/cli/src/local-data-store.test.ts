/**
 * The local store opens lazily: a `cairn data` command that reads no table never loads
 * DuckDB's native library (checked in this process's list of loaded shared objects).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openLocalDataStore } from './local-data-store.ts';
import { runCliInProcess as cairn } from './testing/run-cli-in-process.ts';

function duckDbLoaded(): boolean {
  const report = process.report.getReport() as { sharedObjects?: string[] };
  return (report.sharedObjects ?? []).some((path) => /duckdb/i.test(path));
}

describe('the local data store', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-local-store-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the data directory and closes idempotently', async () => {
    const store = await openLocalDataStore(join(dir, 'fresh'));
    assert.equal(store.blobRoot, join(dir, 'fresh', 'blobs'));
    assert.equal(store.statCachePath, join(dir, 'fresh', 'data-stat-cache.sqlite'));
    assert.deepEqual((await store.datasets.listDatasets(store.ctx, {})).items, []);
    await store.close();
    await store.close();
    assert.ok((await readdir(join(dir, 'fresh'))).length > 0);
  });

  it('loads DuckDB only for a command that reads a table', async () => {
    const listed = await cairn(['data', 'ls', '--store', join(dir, 'lazy'), '--json']);
    assert.equal(listed.code, 0, listed.err);
    assert.deepEqual(JSON.parse(listed.out), { items: [] });
    assert.equal(duckDbLoaded(), false, 'data ls loaded DuckDB');
    await writeFile(join(dir, 't.csv'), 'a,b\n1,2\n');
    const profiled = await cairn(['data', 'profile', '--file', join(dir, 't.csv'), '--json']);
    assert.equal(profiled.code, 0, profiled.err);
    assert.equal(duckDbLoaded(), true);
  });
});
