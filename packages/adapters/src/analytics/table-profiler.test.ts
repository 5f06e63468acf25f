import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ColumnProfile, TableFormat } from '@cairn/core';
import { profileTableFile } from './duckdb-table-analyzer.ts';
import { PEOPLE } from './fixture-table.ts';
import { writeFixture } from './test-tables.ts';

const FORMATS: TableFormat[] = ['csv', 'parquet', 'jsonl', 'arrow'];

function close(actual: number | null | undefined, expected: number, label: string) {
  assert.ok(actual !== null && actual !== undefined, `${label} missing`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `${label}: ${actual} ≠ ${expected}`);
}

describe('profileTableFile', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-profile-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const format of FORMATS) {
    it(`profiles a ${format} table with the numbers worked by hand`, async () => {
      const file = await writeFixture(dir, `people-${format}`, format, PEOPLE);
      const profile = await profileTableFile(file, format, `tables/people.${format}`);
      assert.equal(profile.path, `tables/people.${format}`);
      assert.equal(profile.format, format);
      assert.equal(profile.rowCount, 10);
      const byName = new Map(profile.columns.map((column) => [column.name, column]));
      assert.deepEqual(
        profile.columns.map((column) => [column.name, column.type]),
        [
          ['id', 'integer'],
          ['x', 'float'],
          ['label', 'string'],
          ['flag', 'boolean'],
          ['day', 'date'],
        ],
      );

      // x: 2.5, 4.5×3, 5.5×2, 7.5, 9.5 and two nulls.
      const x = byName.get('x') as ColumnProfile;
      assert.equal(x.nullCount, 2);
      assert.equal(x.nullFraction, 0.2);
      assert.equal(x.distinctCount, 5);
      assert.equal(x.min, 2.5);
      assert.equal(x.max, 9.5);
      close(x.mean, 5.5, 'x mean');
      close(x.std, Math.sqrt(32 / 7), 'x sample std');
      const quantile = (p: number) => x.quantiles.find((q) => q.p === p)?.value;
      assert.deepEqual(
        x.quantiles.map((q) => q.p),
        [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99],
      );
      // Linear interpolation at (n-1)·p over the 8 sorted values.
      close(quantile(0.01), 2.5 + 0.07 * 2, 'x p01');
      close(quantile(0.25), 4.5, 'x p25');
      close(quantile(0.5), 5, 'x median');
      close(quantile(0.75), 6, 'x p75');
      close(quantile(0.99), 7.5 + 0.93 * 2, 'x p99');
      assert.deepEqual(x.topValues, [
        { value: '4.5', count: 3 },
        { value: '5.5', count: 2 },
        { value: '2.5', count: 1 },
        { value: '7.5', count: 1 },
        { value: '9.5', count: 1 },
      ]);
      assert.ok(x.histogram);
      assert.equal(x.histogram.edges.length, 21);
      assert.equal(x.histogram.edges[0], 2.5);
      close(x.histogram.edges[1], 2.85, 'x second edge');
      assert.equal(x.histogram.edges[20], 9.5);
      // Bin = floor((v - 2.5) · 20 / 7): 2.5→0, 4.5→5, 5.5→8, 7.5→14, 9.5→20, closed into 19.
      const counts = new Array<number>(20).fill(0);
      counts[0] = 1;
      counts[5] = 3;
      counts[8] = 2;
      counts[14] = 1;
      counts[19] = 1;
      assert.deepEqual(x.histogram.counts, counts);

      const id = byName.get('id') as ColumnProfile;
      assert.equal(id.nullCount, 0);
      assert.equal(id.distinctCount, 10);
      assert.equal(id.min, 1);
      assert.equal(id.max, 10);
      close(id.mean, 5.5, 'id mean');
      close(id.std, Math.sqrt(82.5 / 9), 'id std');
      assert.equal(
        id.histogram?.counts.reduce((sum, n) => sum + n, 0),
        10,
      );
      assert.equal(id.histogram?.counts[19], 1);

      const label = byName.get('label') as ColumnProfile;
      assert.equal(label.nullCount, 1);
      assert.equal(label.distinctCount, 3);
      assert.equal(label.min, 'a');
      assert.equal(label.max, 'c');
      assert.deepEqual(label.topValues, [
        { value: 'a', count: 5 },
        { value: 'b', count: 3 },
        { value: 'c', count: 1 },
      ]);
      assert.equal(label.mean, null);
      assert.equal(label.histogram, null);
      assert.deepEqual(label.quantiles, []);

      const flag = byName.get('flag') as ColumnProfile;
      assert.equal(flag.nullCount, 1);
      assert.equal(flag.min, 'false');
      assert.equal(flag.max, 'true');
      assert.deepEqual(flag.topValues, [
        { value: 'true', count: 6 },
        { value: 'false', count: 3 },
      ]);

      const day = byName.get('day') as ColumnProfile;
      assert.equal(day.min, '2024-01-01');
      assert.equal(day.max, '2024-01-10');
      assert.equal(day.distinctCount, 10);
      assert.equal(day.topValues.length, 10);
    });
  }

  it('returns JSON-safe values: NaN and infinities as null, huge integers as text', async () => {
    const file = join(dir, 'odd');
    await writeFile(file, 'big,f\n9007199254740993,1.5\n1,nan\n2,inf\n');
    const profile = await profileTableFile(file, 'csv', 'odd.csv');
    const [big, f] = profile.columns;
    assert.equal(big?.max, '9007199254740993');
    assert.equal(big?.min, 1);
    assert.equal(f?.type, 'float');
    assert.equal(f?.max, null);
    assert.equal(f?.mean, 1.5);
    assert.deepEqual(f?.histogram, { edges: [1.5, 1.5], counts: [1] });
    assert.doesNotThrow(() => JSON.stringify(profile));
  });

  it('profiles an empty table and a tab-separated one', async () => {
    const empty = join(dir, 'empty');
    await writeFile(empty, 'a,b\n');
    const profile = await profileTableFile(empty, 'csv', 'empty.csv');
    assert.equal(profile.rowCount, 0);
    assert.deepEqual(
      profile.columns.map((column) => [column.name, column.nullFraction, column.distinctCount]),
      [
        ['a', 0, 0],
        ['b', 0, 0],
      ],
    );
    const tsv = join(dir, 'tsv');
    await writeFile(tsv, 'name\tscore\n"a,b"\t1\nc\t2\n');
    const tsvProfile = await profileTableFile(tsv, 'csv', 'scores.tsv');
    assert.deepEqual(
      tsvProfile.columns.map((column) => [column.name, column.type]),
      [
        ['name', 'string'],
        ['score', 'integer'],
      ],
    );
    assert.equal(tsvProfile.columns[0]?.min, 'a,b');
  });
});
