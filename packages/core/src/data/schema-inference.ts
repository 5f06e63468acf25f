/**
 * A starting schema from what a version's profile saw. It is deliberately tight where the
 * profile is certain (no nulls seen → none allowed; a handful of categories → that domain)
 * and silent where it is not (row counts, ranges unless asked), so validating the version it
 * came from passes and a later version that drifts is flagged.
 */
import { LogicalType } from './entities.ts';
import type { ColumnProfile, ColumnSchema, DatasetProfile, DatasetSchema } from './entities.ts';

export interface SchemaInferenceOptions {
  /** The most distinct values a string/boolean column may have to get a domain (default 20). */
  maxDomainSize?: number;
  /** Add the observed numeric min/max as bounds (default false). */
  includeRanges?: boolean;
}

const DEFAULT_MAX_DOMAIN_SIZE = 20;

/** One logical type covering every table's type for a column. */
function unifyTypes(types: LogicalType[]): LogicalType {
  const distinct = new Set(types);
  if (distinct.size === 1) return types[0] ?? LogicalType.STRING;
  const only = (...allowed: LogicalType[]) => [...distinct].every((type) => allowed.includes(type));
  if (only(LogicalType.INTEGER, LogicalType.FLOAT)) return LogicalType.FLOAT;
  if (only(LogicalType.DATE, LogicalType.TIMESTAMP)) return LogicalType.TIMESTAMP;
  // Every scalar has a text form, so text is the one type all the tables satisfy.
  return LogicalType.STRING;
}

/** The observed fraction rounded up to 2 decimals, so the source itself stays within it. */
function nullAllowance(columns: ColumnProfile[]): number {
  const observed = Math.max(...columns.map((column) => column.nullFraction));
  if (columns.every((column) => column.nullCount === 0)) return 0;
  // The small epsilon keeps exact hundredths (0.25 stored as 0.2500000001) from rounding up.
  return Math.min(1, Math.ceil(observed * 100 - 1e-9) / 100);
}

function inferDomain(columns: ColumnProfile[], maxDomainSize: number): string[] | undefined {
  const values = new Set<string>();
  for (const column of columns) {
    // topValues lists at most 10 values: only a complete list describes the whole column.
    if (column.topValues.length !== column.distinctCount) return undefined;
    for (const top of column.topValues) values.add(top.value);
  }
  if (values.size < 1 || values.size > maxDomainSize) return undefined;
  return [...values].sort();
}

function inferRange(columns: ColumnProfile[]): { min?: number; max?: number } {
  const mins = columns.map((column) => column.min).filter((value) => typeof value === 'number');
  const maxes = columns.map((column) => column.max).filter((value) => typeof value === 'number');
  return {
    ...(mins.length > 0 ? { min: Math.min(...mins) } : {}),
    ...(maxes.length > 0 ? { max: Math.max(...maxes) } : {}),
  };
}

/**
 * Infers a schema from a dataset profile: the union of the tables' columns (a column missing
 * from some table is not required), unified types, null allowances, small categorical
 * domains, uniqueness of integer/string keys and, with `includeRanges`, numeric bounds.
 * Row-count bounds are never inferred; unexpected columns are warnings.
 */
export function inferSchemaFromProfile(
  profile: DatasetProfile,
  options: SchemaInferenceOptions = {},
): DatasetSchema {
  const maxDomainSize = options.maxDomainSize ?? DEFAULT_MAX_DOMAIN_SIZE;
  const byName = new Map<string, { column: ColumnProfile; rowCount: number }[]>();
  for (const table of profile.tables) {
    for (const column of table.columns) {
      const seen = byName.get(column.name) ?? [];
      seen.push({ column, rowCount: table.rowCount });
      byName.set(column.name, seen);
    }
  }
  const columns = [...byName].map(([name, seen]): ColumnSchema => {
    const profiles = seen.map((entry) => entry.column);
    const type = unifyTypes(profiles.map((column) => column.type));
    const schema: ColumnSchema = {
      name,
      type,
      required: seen.length === profile.tables.length,
      maxNullFraction: nullAllowance(profiles),
    };
    if (type === LogicalType.STRING || type === LogicalType.BOOLEAN) {
      const domain = inferDomain(profiles, maxDomainSize);
      if (domain !== undefined) schema.domain = domain;
    }
    if (
      options.includeRanges === true &&
      (type === LogicalType.INTEGER || type === LogicalType.FLOAT)
    ) {
      Object.assign(schema, inferRange(profiles));
    }
    const keyLike = type === LogicalType.INTEGER || type === LogicalType.STRING;
    const unique = seen.every(
      ({ column, rowCount }) =>
        rowCount > 1 && column.distinctCount === rowCount - column.nullCount,
    );
    if (keyLike && unique) schema.unique = true;
    return schema;
  });
  return { columns, unexpectedColumns: 'warning' };
}
