/**
 * A loaded table against a schema, in SQL over every row (never from the profile): row
 * count bounds, missing and unexpected columns, types, nulls, domains, numeric bounds and
 * uniqueness. Each anomaly counts the rows that break the rule and shows up to 5 of them.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { AnomalyCode, AnomalySeverity } from '@cairn/core';
import type { Anomaly, ColumnSchema, DatasetSchema } from '@cairn/core';
import { formatFraction, listValues, typeFit } from './column-checks.ts';
import type { TypeFit } from './column-checks.ts';
import {
  isNumeric,
  jsonSafe,
  jsonSafeRow,
  quoteIdent,
  sampleSelectList,
  textExpr,
} from './column-sql.ts';
import type { TableColumn } from './column-sql.ts';
import type { DuckDbModule } from './duckdb-runtime.ts';
import type { LoadedTable } from './table-loader.ts';

const SAMPLE_ROWS = 5;

interface Context {
  connection: DuckDBConnection;
  module: DuckDbModule;
  loaded: LoadedTable;
  path: string;
  rowCount: number;
}

type Params = { values?: DuckDBValue[]; types?: Parameters<DuckDBConnection['run']>[2] };

async function rows(ctx: Context, sql: string, params: Params = {}): Promise<unknown[][]> {
  const reader = await ctx.connection.runAndReadAll(sql, params.values, params.types);
  return reader.getRowsJS();
}

function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0;
}

/** How many rows match `where`, and up to 5 of them (in `orderBy` order when given). */
async function offendingRows(
  ctx: Context,
  where: string,
  params: Params = {},
  orderBy?: string,
): Promise<{ count: number; sampleRows: Record<string, unknown>[] }> {
  const table = quoteIdent(ctx.loaded.table);
  const [countRow] = await rows(ctx, `SELECT count(*) FROM ${table} WHERE ${where}`, params);
  const count = num(countRow?.[0]);
  if (count === 0) return { count, sampleRows: [] };
  const sample = await ctx.connection.runAndReadAll(
    `SELECT ${sampleSelectList(ctx.loaded.columns)} FROM ${table} WHERE ${where}` +
      `${orderBy === undefined ? '' : ` ORDER BY ${orderBy}`} LIMIT ${SAMPLE_ROWS}`,
    params.values,
    params.types,
  );
  const names = sample.columnNames();
  return { count, sampleRows: sample.getRowsJS().map((row) => jsonSafeRow(names, row)) };
}

function anomaly(
  ctx: Context,
  code: AnomalyCode,
  column: string | null,
  fields: Pick<Anomaly, 'message' | 'expected' | 'observed'> &
    Partial<Pick<Anomaly, 'rowCount' | 'sampleRows'>>,
  severity: AnomalySeverity = AnomalySeverity.ERROR,
): Anomaly {
  return { code, severity, table: ctx.path, column, rowCount: 0, sampleRows: [], ...fields };
}

function rowCountAnomalies(ctx: Context, bounds: DatasetSchema['rowCount']): Anomaly[] {
  const found: Anomaly[] = [];
  const observed = `${ctx.rowCount} rows`;
  if (bounds?.min !== undefined && ctx.rowCount < bounds.min) {
    found.push(
      anomaly(ctx, AnomalyCode.ROW_COUNT_TOO_LOW, null, {
        message: `${ctx.path} has ${ctx.rowCount} rows, fewer than the ${bounds.min} required`,
        expected: `≥ ${bounds.min} rows`,
        observed,
      }),
    );
  }
  if (bounds?.max !== undefined && ctx.rowCount > bounds.max) {
    found.push(
      anomaly(ctx, AnomalyCode.ROW_COUNT_TOO_HIGH, null, {
        message: `${ctx.path} has ${ctx.rowCount} rows, more than the ${bounds.max} allowed`,
        expected: `≤ ${bounds.max} rows`,
        observed,
      }),
    );
  }
  return found;
}

function columnSetAnomalies(ctx: Context, schema: DatasetSchema): Anomaly[] {
  const found: Anomaly[] = [];
  const present = new Set(ctx.loaded.columns.map((column) => column.name));
  for (const column of schema.columns) {
    if (column.required && !present.has(column.name)) {
      found.push(
        anomaly(ctx, AnomalyCode.COLUMN_MISSING, column.name, {
          message: `Required column ${column.name} is missing from ${ctx.path}`,
          expected: `column ${column.name} (${column.type})`,
          observed: 'absent',
        }),
      );
    }
  }
  const policy = schema.unexpectedColumns ?? 'warning';
  if (policy === 'ignore') return found;
  const named = new Set(schema.columns.map((column) => column.name));
  for (const column of ctx.loaded.columns) {
    if (named.has(column.name)) continue;
    found.push(
      anomaly(
        ctx,
        AnomalyCode.COLUMN_UNEXPECTED,
        column.name,
        {
          message: `Column ${column.name} of ${ctx.path} is not in the schema`,
          expected: 'only the columns the schema names',
          observed: `column ${column.name} (${column.type})`,
        },
        policy === 'error' ? AnomalySeverity.ERROR : AnomalySeverity.WARNING,
      ),
    );
  }
  return found;
}

async function typeAnomaly(
  ctx: Context,
  rule: ColumnSchema,
  actual: TableColumn,
  fit: TypeFit,
): Promise<Anomaly[]> {
  if (fit.kind === 'compatible') return [];
  const { count, sampleRows } = await offendingRows(ctx, fit.offending);
  // A text column whose every value converts holds the expected type: nothing to report.
  if (count === 0 && fit.kind === 'partial') return [];
  const observed =
    fit.kind === 'partial'
      ? `${actual.type} (${actual.physicalType}); ${count} of ${ctx.rowCount} rows are not ${rule.type}`
      : `${actual.type} (${actual.physicalType})`;
  return [
    anomaly(ctx, AnomalyCode.TYPE_MISMATCH, rule.name, {
      message: `Column ${rule.name} of ${ctx.path} is ${actual.type}; the schema expects ${rule.type}`,
      expected: rule.type,
      observed,
      rowCount: count,
      sampleRows,
    }),
  ];
}

async function nullAnomaly(ctx: Context, rule: ColumnSchema): Promise<Anomaly[]> {
  const ref = quoteIdent(rule.name);
  const [row] = await rows(
    ctx,
    `SELECT count(*) FROM ${quoteIdent(ctx.loaded.table)} WHERE ${ref} IS NULL`,
  );
  const nulls = num(row?.[0]);
  const fraction = ctx.rowCount === 0 ? 0 : nulls / ctx.rowCount;
  if (fraction <= rule.maxNullFraction) return [];
  const { sampleRows } = await offendingRows(ctx, `${ref} IS NULL`);
  return [
    anomaly(ctx, AnomalyCode.NULL_FRACTION_EXCEEDED, rule.name, {
      message: `Column ${rule.name} of ${ctx.path} has more nulls than allowed`,
      expected: `≤ ${formatFraction(rule.maxNullFraction)} nulls`,
      observed: `${formatFraction(fraction)} (${nulls} of ${ctx.rowCount} rows)`,
      rowCount: nulls,
      sampleRows,
    }),
  ];
}

async function domainAnomaly(
  ctx: Context,
  rule: ColumnSchema,
  actual: TableColumn,
): Promise<Anomaly[]> {
  if (rule.domain === undefined) return [];
  const text = textExpr(actual);
  const where = `${quoteIdent(actual.name)} IS NOT NULL AND NOT list_contains($1, ${text})`;
  const params: Params = {
    values: [ctx.module.listValue(rule.domain)],
    types: [ctx.module.LIST(ctx.module.VARCHAR)],
  };
  const { count, sampleRows } = await offendingRows(ctx, where, params);
  if (count === 0) return [];
  const outside = await rows(
    ctx,
    `SELECT DISTINCT ${text} AS v FROM ${quoteIdent(ctx.loaded.table)} WHERE ${where} ORDER BY v LIMIT 6`,
    params,
  );
  return [
    anomaly(ctx, AnomalyCode.VALUE_OUT_OF_DOMAIN, rule.name, {
      message: `Column ${rule.name} of ${ctx.path} has values outside its domain`,
      expected: `one of ${listValues(rule.domain)}`,
      observed: `${count} rows with ${listValues(outside.map((row) => row[0]))}`,
      rowCount: count,
      sampleRows,
    }),
  ];
}

async function rangeAnomalies(ctx: Context, rule: ColumnSchema, value: string): Promise<Anomaly[]> {
  const found: Anomaly[] = [];
  const comparable = `${value} IS NOT NULL AND NOT isnan(CAST(${value} AS DOUBLE))`;
  const checks = [
    {
      bound: rule.min,
      op: '<',
      code: AnomalyCode.VALUE_BELOW_MIN,
      word: 'below',
      sign: '≥',
      fn: 'min',
    },
    {
      bound: rule.max,
      op: '>',
      code: AnomalyCode.VALUE_ABOVE_MAX,
      word: 'above',
      sign: '≤',
      fn: 'max',
    },
  ] as const;
  for (const check of checks) {
    if (check.bound === undefined) continue;
    const where = `${comparable} AND ${value} ${check.op} $1`;
    const { count, sampleRows } = await offendingRows(ctx, where, { values: [check.bound] });
    if (count === 0) continue;
    const [row] = await rows(
      ctx,
      `SELECT ${check.fn}(${value}) FROM ${quoteIdent(ctx.loaded.table)} WHERE ${where}`,
      {
        values: [check.bound],
      },
    );
    found.push(
      anomaly(ctx, check.code, rule.name, {
        message: `Column ${rule.name} of ${ctx.path} has values ${check.word} ${check.bound}`,
        expected: `${check.sign} ${check.bound}`,
        observed: `${check.fn} ${String(jsonSafe(row?.[0]))} (${count} ${count === 1 ? 'row' : 'rows'} ${check.word})`,
        rowCount: count,
        sampleRows,
      }),
    );
  }
  return found;
}

async function duplicateAnomaly(ctx: Context, rule: ColumnSchema): Promise<Anomaly[]> {
  const ref = quoteIdent(rule.name);
  const table = quoteIdent(ctx.loaded.table);
  const repeated = `SELECT ${ref} FROM ${table} WHERE ${ref} IS NOT NULL GROUP BY ${ref} HAVING count(*) > 1`;
  const [row] = await rows(ctx, `SELECT count(*) FROM (${repeated})`);
  const values = num(row?.[0]);
  if (values === 0) return [];
  // Ordered by value so the sample shows repeats side by side.
  const { count, sampleRows } = await offendingRows(ctx, `${ref} IN (${repeated})`, {}, ref);
  return [
    anomaly(ctx, AnomalyCode.DUPLICATE_VALUES, rule.name, {
      message: `Column ${rule.name} of ${ctx.path} should be unique but repeats values`,
      expected: 'unique values',
      observed: `${values} values repeated across ${count} rows`,
      rowCount: count,
      sampleRows,
    }),
  ];
}

async function columnAnomalies(
  ctx: Context,
  rule: ColumnSchema,
  actual: TableColumn,
): Promise<Anomaly[]> {
  const fit = typeFit(rule.type, actual);
  const found = [...(await typeAnomaly(ctx, rule, actual, fit)), ...(await nullAnomaly(ctx, rule))];
  // Values of a column of another type entirely cannot be judged against its rules.
  if (fit.kind === 'mismatch') return found;
  found.push(...(await domainAnomaly(ctx, rule, actual)));
  if (isNumeric(rule.type)) {
    found.push(...(await rangeAnomalies(ctx, rule, fit.value)));
  }
  if (rule.unique === true) found.push(...(await duplicateAnomaly(ctx, rule)));
  return found;
}

/** Every anomaly of temp table `loaded` (the file `path`) against `schema`. */
export async function validateLoadedTable(
  connection: DuckDBConnection,
  module: DuckDbModule,
  loaded: LoadedTable,
  schema: DatasetSchema,
  path: string,
): Promise<Anomaly[]> {
  const [countRow] = (
    await connection.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(loaded.table)}`)
  ).getRowsJS();
  const ctx: Context = { connection, module, loaded, path, rowCount: num(countRow?.[0]) };
  const found = [...rowCountAnomalies(ctx, schema.rowCount), ...columnSetAnomalies(ctx, schema)];
  const actualByName = new Map(loaded.columns.map((column) => [column.name, column]));
  for (const rule of schema.columns) {
    const actual = actualByName.get(rule.name);
    if (actual !== undefined) found.push(...(await columnAnomalies(ctx, rule, actual)));
  }
  return found;
}
