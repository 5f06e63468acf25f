import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CairnError } from '@cairn/core';
import { diffTableFiles } from './duckdb-table-analyzer.ts';
import { PEOPLE } from './fixture-table.ts';
import { writeFixture } from './test-tables.ts';

describe('diffTableFiles', () => {
  let dir: string;
  const file = async (name: string, content: string) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-diff-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('counts added and removed rows over the shared columns, retyped and moved columns', async () => {
    const from = await file(
      'from',
      'id,label,score,day\n1,a,10,2024-01-01\n2,b,20,2024-01-02\n3,c,30,2024-01-03\n4,d,40,2024-01-04\n5,e,50,2024-01-05\n6,f,60,2024-01-06\n',
    );
    // Rows 1 and 2 gone, row 3 relabelled, 7 and 8 new; score becomes a float column
    // (10 and 10.0 still compare equal), day is dropped and extra added.
    const to = await file(
      'to',
      'id,label,score,extra\n3,C,30,x\n4,d,40,x\n5,e,50,x\n6,f,60,x\n7,g,70,x\n8,h,80.5,x\n',
    );
    const diff = await diffTableFiles(
      { file: from, format: 'csv', displayPath: 'scores.csv' },
      { file: to, format: 'csv', displayPath: 'scores.csv' },
    );
    assert.equal(diff.path, 'scores.csv');
    assert.deepEqual(diff.rows, { from: 6, to: 6, added: 3, removed: 3 });
    assert.deepEqual(diff.columns, {
      added: ['extra'],
      removed: ['day'],
      typeChanged: [{ name: 'score', from: 'BIGINT', to: 'DOUBLE' }],
    });
    const moved = (column: string) =>
      Object.fromEntries(
        diff.statistics
          .filter((change) => change.column === column)
          .map((change) => [change.statistic, [change.from, change.to]]),
      );
    assert.deepEqual(moved('id'), { min: [1, 3], max: [6, 8], mean: [3.5, 5.5] });
    assert.deepEqual(Object.keys(moved('label')), ['min', 'max']);
    assert.deepEqual(moved('score').max, [60, 80.5]);
    assert.equal(moved('score').nullFraction, undefined);
  });

  it('compares whole rows as multisets when the columns are the same', async () => {
    const from = await writeFixture(dir, 'people-from', 'parquet', PEOPLE);
    const changed = {
      ...PEOPLE,
      // One copy of row 1 more, row 10 gone.
      rows: [PEOPLE.rows[0] ?? [], ...PEOPLE.rows.slice(0, 9)],
    };
    const to = await writeFixture(dir, 'people-to', 'arrow', changed);
    const diff = await diffTableFiles(
      { file: from, format: 'parquet', displayPath: 'p' },
      { file: to, format: 'arrow', displayPath: 'p' },
    );
    assert.deepEqual(diff.rows, { from: 10, to: 10, added: 1, removed: 1 });
    // Parquet wrote BIGINT, the Arrow file Int32 read as BIGINT: same types, no change.
    assert.deepEqual(diff.columns, { added: [], removed: [], typeChanged: [] });
    assert.ok(
      diff.statistics.some(
        (change) => change.column === 'id' && change.statistic === 'distinctCount',
      ),
    );
  });

  it('fails with data.table_unreadable when a side cannot be read', async () => {
    const good = await file('good', 'a\n1\n');
    const bad = await file('bad', 'a,b\n1\n');
    await assert.rejects(
      diffTableFiles(
        { file: good, format: 'csv', displayPath: 'good.csv' },
        { file: bad, format: 'csv', displayPath: 'bad.csv' },
      ),
      (error: unknown) =>
        error instanceof CairnError &&
        error.code === 'data.table_unreadable' &&
        error.message.includes('bad.csv'),
    );
  });
});
