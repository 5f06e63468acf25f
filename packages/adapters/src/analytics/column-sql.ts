/**
 * How a column is named, typed, rendered as text and returned as a JSON-safe value in the
 * SQL the profiler, validator and differ build. Column names come from files, so they are
 * always quoted; file paths and user values are always bound as parameters.
 */
import { LogicalType } from '@cairn/core';

export interface TableColumn {
  name: string;
  /** DuckDB's own type name, e.g. `BIGINT`, `DECIMAL(10,2)`, `TIMESTAMP WITH TIME ZONE`. */
  physicalType: string;
  type: LogicalType;
}

/** A double-quoted SQL identifier (inner quotes doubled), safe for any column name. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const INTEGER_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
]);

/** Maps DuckDB's type name onto the types schemas speak. */
export function logicalTypeOf(physicalType: string): LogicalType {
  const type = physicalType.toUpperCase();
  if (INTEGER_TYPES.has(type)) return LogicalType.INTEGER;
  if (type === 'FLOAT' || type === 'DOUBLE' || type.startsWith('DECIMAL')) return LogicalType.FLOAT;
  if (type === 'VARCHAR') return LogicalType.STRING;
  if (type === 'BOOLEAN') return LogicalType.BOOLEAN;
  if (type === 'DATE') return LogicalType.DATE;
  if (type.startsWith('TIMESTAMP')) return LogicalType.TIMESTAMP;
  return LogicalType.OTHER;
}

export function isNumeric(type: LogicalType): boolean {
  return type === LogicalType.INTEGER || type === LogicalType.FLOAT;
}

/**
 * The column's value as text: the form `topValues` and schema domains use, and how
 * dates, timestamps and nested values are reported (ISO 8601 with a `T`).
 */
export function textExpr(column: TableColumn, ref = quoteIdent(column.name)): string {
  if (column.type === LogicalType.TIMESTAMP) return `replace(CAST(${ref} AS VARCHAR), ' ', 'T')`;
  return `CAST(${ref} AS VARCHAR)`;
}

/** The column as a value that converts to JSON without loss of meaning. */
export function valueExpr(column: TableColumn, ref = quoteIdent(column.name)): string {
  switch (column.type) {
    case LogicalType.INTEGER:
    case LogicalType.STRING:
    case LogicalType.BOOLEAN:
      return ref;
    case LogicalType.FLOAT:
      return `CAST(${ref} AS DOUBLE)`;
    default:
      return textExpr(column, ref);
  }
}

/** A DuckDB result value as JSON: safe bigints as numbers (else text), NaN/±∞ as null. */
export function jsonSafe(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'bigint' ? inner.toString() : inner,
  );
}

/** A row of `jsonSafe` values keyed by column name. */
export function jsonSafeRow(names: string[], row: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name, index) => [name, jsonSafe(row[index])]));
}

/** The select list returning every column JSON-safe under its own name. */
export function sampleSelectList(columns: TableColumn[]): string {
  return columns.map((column) => `${valueExpr(column)} AS ${quoteIdent(column.name)}`).join(', ');
}
