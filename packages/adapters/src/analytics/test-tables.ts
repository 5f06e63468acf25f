/**
 * Test support: writes one small table as CSV, JSON Lines, Parquet (DuckDB `COPY … TO`) and
 * Arrow IPC (apache-arrow `tableToIPC`), so every format is checked against the same numbers.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Utf8,
  tableToIPC,
  vectorFromArray,
  Table,
} from 'apache-arrow';
import type { Vector } from 'apache-arrow';
import type { TableFormat } from '@cairn/core';
import { withConnection } from './duckdb-runtime.ts';

export type FixtureType = 'integer' | 'float' | 'string' | 'boolean' | 'date';
export type FixtureValue = number | string | boolean | null;

export interface FixtureTable {
  columns: { name: string; type: FixtureType }[];
  rows: FixtureValue[][];
}

const DUCKDB_TYPES: Record<FixtureType, string> = {
  integer: 'BIGINT',
  float: 'DOUBLE',
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
  date: 'DATE',
};

function literal(value: FixtureValue, type: FixtureType): string {
  if (value === null) return '';
  // Floats keep a decimal point so a CSV/JSON reader infers them as floats.
  if (type === 'float' && typeof value === 'number' && Number.isInteger(value))
    return value.toFixed(1);
  return String(value);
}

export function csvText(table: FixtureTable, delimiter = ','): string {
  const cell = (value: FixtureValue, type: FixtureType) => {
    const text = literal(value, type);
    return /[",\n\t]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [table.columns.map((column) => column.name).join(delimiter)];
  for (const row of table.rows) {
    lines.push(
      table.columns.map((column, index) => cell(row[index] ?? null, column.type)).join(delimiter),
    );
  }
  return `${lines.join('\n')}\n`;
}

function jsonlText(table: FixtureTable): string {
  return table.rows
    .map((row) => {
      const fields = table.columns.map((column, index) => {
        const value = row[index] ?? null;
        const json =
          value === null || column.type === 'string' || column.type === 'date'
            ? JSON.stringify(value)
            : literal(value, column.type);
        return `${JSON.stringify(column.name)}:${json}`;
      });
      return `{${fields.join(',')}}`;
    })
    .join('\n');
}

function arrowBytes(table: FixtureTable): Uint8Array {
  const vectors: Record<string, Vector> = Object.fromEntries(
    table.columns.map((column, index): [string, Vector] => {
      const values = table.rows.map((row) => row[index] ?? null);
      switch (column.type) {
        case 'integer':
          return [column.name, vectorFromArray(values, new Int32())];
        case 'float':
          return [column.name, vectorFromArray(values, new Float64())];
        case 'boolean':
          return [column.name, vectorFromArray(values, new Bool())];
        case 'date':
          return [
            column.name,
            vectorFromArray(
              values.map((value) =>
                value === null ? null : new Date(`${String(value)}T00:00:00Z`),
              ),
              new DateDay(),
            ),
          ];
        default:
          return [column.name, vectorFromArray(values, new Utf8())];
      }
    }),
  );
  return tableToIPC(new Table(vectors), 'file');
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Writes `table` in `format` under `dir` and returns the file path (no extension, like a blob). */
export async function writeFixture(
  dir: string,
  name: string,
  format: TableFormat,
  table: FixtureTable,
): Promise<string> {
  const file = join(dir, name);
  switch (format) {
    case 'csv':
      await writeFile(file, csvText(table));
      break;
    case 'jsonl':
      await writeFile(file, jsonlText(table));
      break;
    case 'arrow':
      await writeFile(file, arrowBytes(table));
      break;
    case 'parquet': {
      const source = `${file}.source.csv`;
      await writeFile(source, csvText(table));
      const columns = table.columns
        .map((column) => `${sqlString(column.name)}: ${sqlString(DUCKDB_TYPES[column.type])}`)
        .join(', ');
      await withConnection((connection) =>
        connection.run(
          `COPY (SELECT * FROM read_csv(${sqlString(source)}, header = true, columns = {${columns}})) ` +
            `TO ${sqlString(file)} (FORMAT parquet)`,
        ),
      );
      break;
    }
  }
  return file;
}
