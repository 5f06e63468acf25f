import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createDuckDbTableAnalyzer,
  profileTableFile,
  validateTableFile,
} from './duckdb-table-analyzer.ts';
import { PEOPLE } from './fixture-table.ts';
import { writeFixture } from './test-tables.ts';

describe('createDuckDbTableAnalyzer', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-analyzer-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('serves the TableAnalyzer port from digests through resolvePath', async () => {
    const paths = new Map([
      ['d1', await writeFixture(dir, 'port-1', 'jsonl', PEOPLE)],
      ['d2', await writeFixture(dir, 'port-2', 'csv', { ...PEOPLE, rows: PEOPLE.rows.slice(2) })],
    ]);
    const analyzer = createDuckDbTableAnalyzer({
      resolvePath: (digest) => paths.get(digest) ?? join(dir, 'none'),
    });
    try {
      const profile = await analyzer.profile({
        path: 'data/people.jsonl',
        format: 'jsonl',
        digest: 'd1',
      });
      assert.equal(profile.path, 'data/people.jsonl');
      assert.equal(profile.rowCount, 10);
      const anomalies = await analyzer.validate(
        { path: 'data/people.csv', format: 'csv', digest: 'd2' },
        { columns: [], rowCount: { min: 10 }, unexpectedColumns: 'ignore' },
      );
      assert.deepEqual(
        anomalies.map((anomaly) => [anomaly.code, anomaly.table, anomaly.observed]),
        [['ROW_COUNT_TOO_LOW', 'data/people.csv', '8 rows']],
      );
      const diff = await analyzer.diff(
        { path: 'data/people', format: 'jsonl', digest: 'd1' },
        { path: 'data/people', format: 'csv', digest: 'd2' },
      );
      assert.deepEqual(diff.rows, { from: 10, to: 8, added: 0, removed: 2 });
      const missing = await analyzer.validate(
        { path: 'gone.csv', format: 'csv', digest: 'd9' },
        { columns: [] },
      );
      assert.equal(missing[0]?.code, 'TABLE_UNREADABLE');
    } finally {
      await analyzer.close();
    }
    // The instance reopens on the next use.
    assert.equal(
      (await analyzer.profile({ path: 'again', format: 'jsonl', digest: 'd1' })).rowCount,
      10,
    );
  });
});

describe('analytics on odd inputs', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-odd-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('runs concurrent calls on separate connections without their tables colliding', async () => {
    const files = await Promise.all(
      [3, 5, 7, 9].map(async (rows) => {
        const path = join(dir, `rows-${rows}`);
        await writeFile(path, `n\n${Array.from({ length: rows }, (_, i) => i).join('\n')}\n`);
        return path;
      }),
    );
    const profiles = await Promise.all(files.map((path) => profileTableFile(path, 'csv', path)));
    assert.deepEqual(
      profiles.map((profile) => profile.rowCount),
      [3, 5, 7, 9],
    );
  });

  it('handles nested values and awkward column names as text', async () => {
    const path = join(dir, 'nested');
    await writeFile(
      path,
      '{"we\\"ird name":1,"tags":["a","b"],"meta":{"k":1}}\n{"we\\"ird name":1,"tags":["c"],"meta":{"k":2}}\n',
    );
    const profile = await profileTableFile(path, 'jsonl', 'nested.jsonl');
    const byName = new Map(profile.columns.map((column) => [column.name, column]));
    assert.equal(byName.get('tags')?.type, 'other');
    assert.equal(byName.get('tags')?.distinctCount, 2);
    assert.equal(byName.get('meta')?.type, 'other');
    const anomalies = await validateTableFile(
      path,
      'jsonl',
      {
        columns: [
          {
            name: 'we"ird name',
            type: 'integer',
            required: true,
            maxNullFraction: 0,
            unique: true,
          },
        ],
      },
      'nested.jsonl',
    );
    const duplicate = anomalies.find((anomaly) => anomaly.code === 'DUPLICATE_VALUES');
    assert.equal(duplicate?.rowCount, 2);
    assert.deepEqual(duplicate?.sampleRows[0], {
      'we"ird name': 1,
      tags: '[a, b]',
      meta: "{'k': 1}",
    });
    assert.deepEqual(
      anomalies
        .filter((anomaly) => anomaly.code === 'COLUMN_UNEXPECTED')
        .map((anomaly) => anomaly.column),
      ['tags', 'meta'],
    );
  });
});
