import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnomalyCode, inferSchemaFromProfile } from '@cairn/core';
import type { Anomaly, ColumnSchema, DatasetSchema, TableFormat } from '@cairn/core';
import { profileTableFile, validateTableFile } from './duckdb-table-analyzer.ts';
import { PEOPLE } from './fixture-table.ts';
import { writeFixture } from './test-tables.ts';

const FORMATS: TableFormat[] = ['csv', 'parquet', 'jsonl', 'arrow'];

const CLEAN: ColumnSchema[] = [
  {
    name: 'id',
    type: 'integer',
    required: true,
    maxNullFraction: 0,
    unique: true,
    min: 1,
    max: 10,
  },
  { name: 'x', type: 'float', required: true, maxNullFraction: 0.2, min: 2.5, max: 9.5 },
  { name: 'label', type: 'string', required: true, maxNullFraction: 0.1, domain: ['a', 'b', 'c'] },
  {
    name: 'flag',
    type: 'boolean',
    required: true,
    maxNullFraction: 0.1,
    domain: ['false', 'true'],
  },
  { name: 'day', type: 'timestamp', required: true, maxNullFraction: 0, unique: true },
];

function only(anomalies: Anomaly[], code: AnomalyCode): Anomaly {
  const found = anomalies.filter((anomaly) => anomaly.code === code);
  assert.equal(found.length, 1, `${code} in ${JSON.stringify(anomalies.map((a) => a.code))}`);
  return found[0] as Anomaly;
}

function withColumn(name: string, patch: Partial<ColumnSchema>): DatasetSchema {
  return {
    columns: CLEAN.map((column) => (column.name === name ? { ...column, ...patch } : column)),
  };
}

describe('validateTableFile', () => {
  let dir: string;
  let csv: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-validate-'));
    csv = await writeFixture(dir, 'people', 'csv', PEOPLE);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const format of FORMATS) {
    it(`finds nothing wrong with clean ${format} data, by hand or inferred from its profile`, async () => {
      const file = await writeFixture(dir, `clean-${format}`, format, PEOPLE);
      assert.deepEqual(
        await validateTableFile(
          file,
          format,
          { columns: CLEAN, rowCount: { min: 10, max: 10 } },
          'p',
        ),
        [],
      );
      const profile = await profileTableFile(file, format, 'p');
      for (const includeRanges of [false, true]) {
        const inferred = inferSchemaFromProfile(
          { tables: [profile], skipped: [] },
          { includeRanges },
        );
        assert.deepEqual(
          await validateTableFile(file, format, inferred, 'p'),
          [],
          JSON.stringify(inferred),
        );
      }
      const inferred = inferSchemaFromProfile({ tables: [profile], skipped: [] });
      const label = inferred.columns.find((column) => column.name === 'label');
      assert.deepEqual(label, {
        name: 'label',
        type: 'string',
        required: true,
        maxNullFraction: 0.1,
        domain: ['a', 'b', 'c'],
      });
      assert.equal(inferred.columns.find((column) => column.name === 'id')?.unique, true);
    });
  }

  it('reports row counts outside the bounds', async () => {
    const low = only(
      await validateTableFile(csv, 'csv', { columns: CLEAN, rowCount: { min: 11 } }, 'people.csv'),
      AnomalyCode.ROW_COUNT_TOO_LOW,
    );
    assert.deepEqual(
      {
        severity: low.severity,
        table: low.table,
        column: low.column,
        expected: low.expected,
        observed: low.observed,
      },
      {
        severity: 'ERROR',
        table: 'people.csv',
        column: null,
        expected: '≥ 11 rows',
        observed: '10 rows',
      },
    );
    const high = only(
      await validateTableFile(csv, 'csv', { columns: CLEAN, rowCount: { max: 9 } }, 'people.csv'),
      AnomalyCode.ROW_COUNT_TOO_HIGH,
    );
    assert.equal(high.expected, '≤ 9 rows');
  });

  it('reports missing required columns and unexpected ones per policy', async () => {
    const columns = [
      ...CLEAN.filter((column) => column.name !== 'day'),
      { name: 'score', type: 'float', required: true, maxNullFraction: 0 } as ColumnSchema,
      { name: 'note', type: 'string', required: false, maxNullFraction: 1 } as ColumnSchema,
    ];
    const anomalies = await validateTableFile(csv, 'csv', { columns }, 'people.csv');
    assert.deepEqual(
      anomalies.map((anomaly) => [anomaly.code, anomaly.column, anomaly.severity]),
      [
        ['COLUMN_MISSING', 'score', 'ERROR'],
        ['COLUMN_UNEXPECTED', 'day', 'WARNING'],
      ],
    );
    const strict = await validateTableFile(
      csv,
      'csv',
      { columns, unexpectedColumns: 'error' },
      'people.csv',
    );
    assert.equal(only(strict, AnomalyCode.COLUMN_UNEXPECTED).severity, 'ERROR');
    const lax = await validateTableFile(
      csv,
      'csv',
      { columns, unexpectedColumns: 'ignore' },
      'people.csv',
    );
    assert.deepEqual(
      lax.map((anomaly) => anomaly.code),
      ['COLUMN_MISSING'],
    );
  });

  it('reports type mismatches with the rows that do not convert', async () => {
    const codes = join(dir, 'codes');
    await writeFile(codes, 'id,code,ratio\n1,10,1.0\n2,2x,2.0\n3,30,2.5\n4,1.5,4.0\n5,,5.0\n');
    const schema: DatasetSchema = {
      columns: [
        { name: 'id', type: 'date', required: true, maxNullFraction: 0 },
        { name: 'code', type: 'integer', required: true, maxNullFraction: 0.2, min: 0, max: 20 },
        { name: 'ratio', type: 'integer', required: true, maxNullFraction: 0 },
      ],
    };
    const anomalies = await validateTableFile(codes, 'csv', schema, 'codes.csv');
    const byColumn = new Map(
      anomalies.map((anomaly) => [`${anomaly.code}:${anomaly.column}`, anomaly]),
    );
    const code = byColumn.get('TYPE_MISMATCH:code');
    assert.ok(code);
    assert.equal(code.severity, 'ERROR');
    assert.equal(code.rowCount, 2);
    assert.deepEqual(code.sampleRows, [
      { id: 2, code: '2x', ratio: 2 },
      { id: 4, code: '1.5', ratio: 4 },
    ]);
    assert.equal(code.expected, 'integer');
    // The values that do convert are still checked: 30 is above the maximum.
    assert.equal(byColumn.get('VALUE_ABOVE_MAX:code')?.rowCount, 1);
    const ratio = byColumn.get('TYPE_MISMATCH:ratio');
    assert.equal(ratio?.rowCount, 1);
    assert.deepEqual(ratio?.sampleRows, [{ id: 3, code: '30', ratio: 2.5 }]);
    const id = byColumn.get('TYPE_MISMATCH:id');
    assert.equal(id?.rowCount, 5);
    assert.equal(id?.observed, 'integer (BIGINT)');
    assert.equal(anomalies.length, 4, JSON.stringify(anomalies));
    // Integers where floats are expected, and text that is all integers, are fine.
    const fine = await validateTableFile(
      codes,
      'csv',
      {
        columns: [{ name: 'id', type: 'float', required: true, maxNullFraction: 0 }],
        unexpectedColumns: 'ignore',
      },
      'codes.csv',
    );
    assert.deepEqual(fine, []);
  });

  it('reports too many nulls with the null rows', async () => {
    const anomaly = only(
      await validateTableFile(csv, 'csv', withColumn('x', { maxNullFraction: 0.1 }), 'people.csv'),
      AnomalyCode.NULL_FRACTION_EXCEEDED,
    );
    assert.equal(anomaly.column, 'x');
    assert.equal(anomaly.expected, '≤ 0.10 nulls');
    assert.equal(anomaly.observed, '0.20 (2 of 10 rows)');
    assert.equal(anomaly.rowCount, 2);
    assert.deepEqual(anomaly.sampleRows, [
      { id: 9, x: null, label: 'a', flag: false, day: '2024-01-09' },
      { id: 10, x: null, label: 'b', flag: true, day: '2024-01-10' },
    ]);
  });

  it('reports values outside the domain', async () => {
    const anomaly = only(
      await validateTableFile(
        csv,
        'csv',
        withColumn('label', { domain: ['a', 'b'] }),
        'people.csv',
      ),
      AnomalyCode.VALUE_OUT_OF_DOMAIN,
    );
    assert.equal(anomaly.rowCount, 1);
    assert.equal(anomaly.severity, 'ERROR');
    assert.match(anomaly.observed, /"c"/);
    assert.deepEqual(
      anomaly.sampleRows.map((row) => row.id),
      [5],
    );
  });

  it('reports values below the minimum and above the maximum', async () => {
    const anomalies = await validateTableFile(
      csv,
      'csv',
      withColumn('x', { min: 3, max: 7 }),
      'people.csv',
    );
    const below = only(anomalies, AnomalyCode.VALUE_BELOW_MIN);
    assert.equal(below.rowCount, 1);
    assert.equal(below.expected, '≥ 3');
    assert.equal(below.observed, 'min 2.5 (1 row below)');
    const above = only(anomalies, AnomalyCode.VALUE_ABOVE_MAX);
    assert.equal(above.rowCount, 2);
    assert.equal(above.observed, 'max 9.5 (2 rows above)');
    assert.deepEqual(
      above.sampleRows.map((row) => row.id),
      [7, 8],
    );
  });

  it('reports duplicates of a unique column, repeats side by side', async () => {
    const anomaly = only(
      await validateTableFile(csv, 'csv', withColumn('label', { unique: true }), 'people.csv'),
      AnomalyCode.DUPLICATE_VALUES,
    );
    assert.equal(anomaly.rowCount, 8);
    assert.equal(anomaly.observed, '2 values repeated across 8 rows');
    assert.equal(anomaly.sampleRows.length, 5);
    assert.ok(anomaly.sampleRows.every((row) => row.label === 'a'));
  });

  it('reports an unreadable table as an anomaly instead of failing', async () => {
    const ragged = join(dir, 'ragged');
    await writeFile(ragged, 'a,b\n1,2\n3\n');
    const [anomaly, ...rest] = await validateTableFile(
      ragged,
      'csv',
      { columns: CLEAN },
      'ragged.csv',
    );
    assert.deepEqual(rest, []);
    assert.equal(anomaly?.code, 'TABLE_UNREADABLE');
    assert.equal(anomaly?.severity, 'ERROR');
    assert.equal(anomaly?.table, 'ragged.csv');
    assert.match(anomaly?.message ?? '', /ragged\.csv/);
    assert.equal(anomaly?.expected, 'a readable csv table');
    assert.ok(anomaly?.observed.startsWith('Invalid Input Error'), anomaly?.observed);
  });
});
