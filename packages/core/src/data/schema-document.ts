/**
 * The schema document as people and clients send it (`PUT /datasets/{name}/schema`, `cairn
 * data schema set`). Parsing is strict: unknown keys, wrong types and impossible bounds are
 * refused with `data.invalid_schema`, naming the field, so a typo never silently disables a
 * check.
 */
import { invalidArgument } from '../kernel/index.ts';
import { LogicalType } from './entities.ts';
import type { ColumnSchema, DatasetSchema } from './entities.ts';

const MAX_COLUMNS = 2000;
const MAX_DOMAIN_VALUES = 10_000;
const MAX_NAME_LENGTH = 1024;
const LOGICAL_TYPES: readonly string[] = Object.values(LogicalType);
const UNEXPECTED_COLUMNS: readonly string[] = ['ignore', 'warning', 'error'];
const SCHEMA_KEYS = new Set(['columns', 'rowCount', 'unexpectedColumns']);
const ROW_COUNT_KEYS = new Set(['min', 'max']);
const COLUMN_KEYS = new Set([
  'name',
  'type',
  'required',
  'maxNullFraction',
  'domain',
  'min',
  'max',
  'unique',
]);

function fail(field: string, problem: string): never {
  throw invalidArgument('data.invalid_schema', `Invalid schema: ${field} ${problem}`, {
    details: { field },
  });
}

function asObject(value: unknown, field: string, allowed: Set<string>): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(field, 'must be an object');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.has(key)) fail(field === 'schema' ? key : `${field}.${key}`, 'is not a known key');
  }
  return record;
}

function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'must be a finite number');
  return value;
}

function parseRowCount(value: unknown): DatasetSchema['rowCount'] {
  const record = asObject(value, 'rowCount', ROW_COUNT_KEYS);
  const bounds: { min?: number; max?: number } = {};
  for (const key of ['min', 'max'] as const) {
    const bound = record[key];
    if (bound === undefined) continue;
    if (typeof bound !== 'number' || !Number.isSafeInteger(bound) || bound < 0) {
      fail(`rowCount.${key}`, 'must be a non-negative integer');
    }
    bounds[key] = bound;
  }
  if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    fail('rowCount.min', 'must not exceed rowCount.max');
  }
  return bounds;
}

function parseDomain(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) fail(field, 'must be an array of strings');
  if (value.length > MAX_DOMAIN_VALUES)
    fail(field, `must hold at most ${MAX_DOMAIN_VALUES} values`);
  const seen = new Set<string>();
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string') fail(`${field}[${index}]`, 'must be a string');
    if (seen.has(item)) fail(`${field}[${index}]`, `repeats the value ${JSON.stringify(item)}`);
    seen.add(item);
  });
  return [...seen];
}

function parseColumn(value: unknown, field: string): ColumnSchema {
  const record = asObject(value, field, COLUMN_KEYS);
  const { name, type } = record;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    fail(`${field}.name`, `must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
  }
  if (typeof type !== 'string' || !LOGICAL_TYPES.includes(type)) {
    fail(`${field}.type`, `must be one of ${LOGICAL_TYPES.join(', ')}`);
  }
  const column: ColumnSchema = {
    name,
    type: type as LogicalType,
    // A column the document names is expected unless it says otherwise.
    required: true,
    maxNullFraction: 0,
  };
  if (record.required !== undefined) {
    if (typeof record.required !== 'boolean') fail(`${field}.required`, 'must be a boolean');
    column.required = record.required;
  }
  if (record.maxNullFraction !== undefined) {
    const fraction = finiteNumber(record.maxNullFraction, `${field}.maxNullFraction`);
    if (fraction < 0 || fraction > 1) fail(`${field}.maxNullFraction`, 'must be between 0 and 1');
    column.maxNullFraction = fraction;
  }
  if (record.domain !== undefined) column.domain = parseDomain(record.domain, `${field}.domain`);
  const numeric = type === LogicalType.INTEGER || type === LogicalType.FLOAT;
  for (const key of ['min', 'max'] as const) {
    if (record[key] === undefined) continue;
    if (!numeric) fail(`${field}.${key}`, 'applies to integer and float columns only');
    column[key] = finiteNumber(record[key], `${field}.${key}`);
  }
  if (column.min !== undefined && column.max !== undefined && column.min > column.max) {
    fail(`${field}.min`, `must not exceed ${field}.max`);
  }
  if (record.unique !== undefined) {
    if (typeof record.unique !== 'boolean') fail(`${field}.unique`, 'must be a boolean');
    column.unique = record.unique;
  }
  return column;
}

/**
 * Validates a schema document and returns a normalized copy (known keys only; `required`
 * defaults to true and `maxNullFraction` to 0 when a column leaves them out). Fails with
 * INVALID_ARGUMENT `data.invalid_schema` naming the offending field, e.g.
 * `columns[2].maxNullFraction`.
 */
export function parseDatasetSchema(input: unknown): DatasetSchema {
  const record = asObject(input, 'schema', SCHEMA_KEYS);
  if (!Array.isArray(record.columns)) fail('columns', 'must be an array');
  if (record.columns.length > MAX_COLUMNS)
    fail('columns', `must hold at most ${MAX_COLUMNS} columns`);
  const names = new Set<string>();
  const columns = record.columns.map((value: unknown, index) => {
    const column = parseColumn(value, `columns[${index}]`);
    if (names.has(column.name)) fail(`columns[${index}].name`, `repeats the column ${column.name}`);
    names.add(column.name);
    return column;
  });
  const schema: DatasetSchema = { columns };
  if (record.rowCount !== undefined) schema.rowCount = parseRowCount(record.rowCount);
  if (record.unexpectedColumns !== undefined) {
    const policy = record.unexpectedColumns;
    if (typeof policy !== 'string' || !UNEXPECTED_COLUMNS.includes(policy)) {
      fail('unexpectedColumns', `must be one of ${UNEXPECTED_COLUMNS.join(', ')}`);
    }
    schema.unexpectedColumns = policy as NonNullable<DatasetSchema['unexpectedColumns']>;
  }
  return schema;
}
