import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ColumnProfile, DatasetProfile, TableProfile } from './entities.ts';
import { inferSchemaFromProfile } from './schema-inference.ts';

function col(
  partial: Partial<ColumnProfile> & Pick<ColumnProfile, 'name' | 'type'>,
): ColumnProfile {
  return {
    physicalType: 'X',
    nullCount: 0,
    nullFraction: 0,
    distinctCount: 0,
    min: null,
    max: null,
    mean: null,
    std: null,
    quantiles: [],
    topValues: [],
    histogram: null,
    ...partial,
  };
}

function table(path: string, rowCount: number, columns: ColumnProfile[]): TableProfile {
  return { path, format: 'csv', rowCount, columns };
}

const top = (...values: string[]) => values.map((value) => ({ value, count: 1 }));

describe('inferSchemaFromProfile', () => {
  const profile: DatasetProfile = {
    skipped: [],
    tables: [
      table('a.csv', 4, [
        col({ name: 'id', type: 'integer', distinctCount: 4, min: 1, max: 4 }),
        col({ name: 'score', type: 'integer', distinctCount: 2, min: 0, max: 9 }),
        col({
          name: 'label',
          type: 'string',
          nullCount: 1,
          nullFraction: 0.25,
          distinctCount: 2,
          topValues: top('b', 'a'),
        }),
        col({ name: 'flag', type: 'boolean', distinctCount: 2, topValues: top('true', 'false') }),
      ]),
      table('b.csv', 3, [
        col({ name: 'id', type: 'integer', distinctCount: 3, min: 7, max: 9 }),
        col({ name: 'score', type: 'float', distinctCount: 3, min: -0.5, max: 2.5 }),
        col({
          name: 'label',
          type: 'string',
          nullCount: 1,
          nullFraction: 1 / 3,
          distinctCount: 2,
          topValues: top('c', 'a'),
        }),
        col({
          name: 'extra',
          type: 'date',
          distinctCount: 3,
          min: '2024-01-01',
          max: '2024-01-03',
        }),
      ]),
    ],
  };

  it('unions columns, unifies types, rounds null allowances up and finds domains and keys', () => {
    const schema = inferSchemaFromProfile(profile);
    assert.equal(schema.unexpectedColumns, 'warning');
    assert.equal(schema.rowCount, undefined);
    assert.deepEqual(schema.columns, [
      { name: 'id', type: 'integer', required: true, maxNullFraction: 0, unique: true },
      { name: 'score', type: 'float', required: true, maxNullFraction: 0 },
      {
        name: 'label',
        type: 'string',
        required: true,
        maxNullFraction: 0.34,
        domain: ['a', 'b', 'c'],
      },
      {
        name: 'flag',
        type: 'boolean',
        required: false,
        maxNullFraction: 0,
        domain: ['false', 'true'],
      },
      { name: 'extra', type: 'date', required: false, maxNullFraction: 0 },
    ]);
  });

  it('adds ranges only when asked, and domains only up to maxDomainSize', () => {
    const schema = inferSchemaFromProfile(profile, { includeRanges: true, maxDomainSize: 2 });
    const byName = new Map(schema.columns.map((column) => [column.name, column]));
    assert.equal(byName.get('id')?.min, 1);
    assert.equal(byName.get('id')?.max, 9);
    assert.equal(byName.get('score')?.min, -0.5);
    assert.equal(byName.get('score')?.max, 9);
    assert.equal(byName.get('extra')?.min, undefined);
    assert.equal(byName.get('label')?.domain, undefined);
    assert.deepEqual(byName.get('flag')?.domain, ['false', 'true']);
  });

  it('gives no domain from incomplete top values, and no key from one row or repeats', () => {
    const schema = inferSchemaFromProfile({
      skipped: [],
      tables: [
        table('t.csv', 1, [
          col({ name: 'many', type: 'string', distinctCount: 11, topValues: top('a', 'b', 'c') }),
          col({ name: 'one', type: 'integer', distinctCount: 1 }),
        ]),
        table('u.csv', 5, [
          col({ name: 'many', type: 'integer', distinctCount: 5 }),
          col({ name: 'one', type: 'integer', distinctCount: 4, nullCount: 1, nullFraction: 0.2 }),
        ]),
      ],
    });
    assert.deepEqual(schema.columns, [
      { name: 'many', type: 'string', required: true, maxNullFraction: 0 },
      { name: 'one', type: 'integer', required: true, maxNullFraction: 0.2 },
    ]);
  });
});
