/**
 * Column statistics of a loaded table: one aggregate scan for every scalar statistic of every
 * column, then per column one query for its top values and, for numbers, one for its
 * histogram. Numeric moments, quantiles and histogram bounds use finite values only, so one
 * NaN does not erase a column's statistics.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LogicalType } from '@cairn/core';
import type { ColumnProfile, Histogram, TableFormat, TableProfile } from '@cairn/core';
import { isNumeric, jsonSafe, quoteIdent, textExpr } from './column-sql.ts';
import type { TableColumn } from './column-sql.ts';
import type { LoadedTable } from './table-loader.ts';

export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
const TOP_VALUES = 10;
const HISTOGRAM_BINS = 20;

function asNumber(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0;
}

function finiteOrNull(value: unknown): number | null {
  const safe = jsonSafe(value);
  return typeof safe === 'number' ? safe : null;
}

function extremumSql(column: TableColumn, fn: 'min' | 'max'): string {
  const ref = quoteIdent(column.name);
  switch (column.type) {
    case LogicalType.INTEGER:
    case LogicalType.STRING:
      return `${fn}(${ref})`;
    case LogicalType.FLOAT:
      return `${fn}(CAST(${ref} AS DOUBLE))`;
    case LogicalType.OTHER:
      return `${fn}(${textExpr(column)})`;
    default:
      // Booleans, dates and timestamps order by value and are reported as text.
      return textExpr(column, `${fn}(${ref})`);
  }
}

function aggregateSql(loaded: LoadedTable): string {
  const parts = ['count(*) AS "rows"'];
  loaded.columns.forEach((column, index) => {
    const ref = quoteIdent(column.name);
    parts.push(
      `count(${ref}) AS "nn${index}"`,
      `count(DISTINCT ${ref}) AS "d${index}"`,
      `${extremumSql(column, 'min')} AS "min${index}"`,
      `${extremumSql(column, 'max')} AS "max${index}"`,
    );
    if (isNumeric(column.type)) {
      const x = `CAST(${ref} AS DOUBLE)`;
      const finite = `FILTER (WHERE isfinite(${x}))`;
      parts.push(
        `avg(${x}) ${finite} AS "mean${index}"`,
        `stddev_samp(${x}) ${finite} AS "std${index}"`,
        `quantile_cont(${x}, [${QUANTILES.join(', ')}]) ${finite} AS "q${index}"`,
        `min(${x}) ${finite} AS "lo${index}"`,
        `max(${x}) ${finite} AS "hi${index}"`,
        `count(${x}) ${finite} AS "fin${index}"`,
      );
    }
  });
  return `SELECT ${parts.join(', ')} FROM ${quoteIdent(loaded.table)}`;
}

async function topValues(
  connection: DuckDBConnection,
  loaded: LoadedTable,
  column: TableColumn,
): Promise<{ value: string; count: number }[]> {
  const ref = quoteIdent(column.name);
  const result = await connection.runAndReadAll(
    `SELECT ${textExpr(column)} AS v, count(*) AS n FROM ${quoteIdent(loaded.table)} ` +
      `WHERE ${ref} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ${TOP_VALUES}`,
  );
  return result.getRowsJS().map(([value, count]) => ({
    value: typeof value === 'string' ? value : JSON.stringify(value),
    count: asNumber(count),
  }));
}

/** 20 equal-width bins over [lo, hi]; a bin holds its lower edge, the last also its upper. */
async function histogram(
  connection: DuckDBConnection,
  loaded: LoadedTable,
  column: TableColumn,
  lo: number,
  hi: number,
  finiteCount: number,
): Promise<Histogram> {
  if (lo === hi) return { edges: [lo, hi], counts: [finiteCount] };
  const x = `CAST(${quoteIdent(column.name)} AS DOUBLE)`;
  const result = await connection.runAndReadAll(
    `SELECT b, count(*) AS n FROM (SELECT least(CAST(floor((${x} - $1) * ${HISTOGRAM_BINS} / ($2 - $1)) ` +
      `AS BIGINT), ${HISTOGRAM_BINS - 1}) AS b FROM ${quoteIdent(loaded.table)} WHERE isfinite(${x})) GROUP BY b`,
    [lo, hi],
  );
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const [bin, count] of result.getRowsJS()) counts[asNumber(bin)] = asNumber(count);
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) =>
    i === HISTOGRAM_BINS ? hi : lo + ((hi - lo) * i) / HISTOGRAM_BINS,
  );
  return { edges, counts };
}

/** Profiles temp table `loaded` (see table-loader.ts) as the file `path`. */
export async function profileLoadedTable(
  connection: DuckDBConnection,
  loaded: LoadedTable,
  path: string,
  format: TableFormat,
): Promise<TableProfile> {
  const aggregate =
    (await connection.runAndReadAll(aggregateSql(loaded))).getRowObjectsJS()[0] ?? {};
  const rowCount = asNumber(aggregate.rows);
  const columns: ColumnProfile[] = [];
  for (const [index, column] of loaded.columns.entries()) {
    const nullCount = rowCount - asNumber(aggregate[`nn${index}`]);
    const numeric = isNumeric(column.type);
    const lo = finiteOrNull(aggregate[`lo${index}`]);
    const hi = finiteOrNull(aggregate[`hi${index}`]);
    const quantileValues = aggregate[`q${index}`];
    const extremum = (value: unknown) => {
      const safe = jsonSafe(value);
      return typeof safe === 'boolean' ? String(safe) : safe;
    };
    columns.push({
      name: column.name,
      type: column.type,
      physicalType: column.physicalType,
      nullCount,
      nullFraction: rowCount === 0 ? 0 : nullCount / rowCount,
      distinctCount: asNumber(aggregate[`d${index}`]),
      min: extremum(aggregate[`min${index}`]),
      max: extremum(aggregate[`max${index}`]),
      mean: numeric ? finiteOrNull(aggregate[`mean${index}`]) : null,
      std: numeric ? finiteOrNull(aggregate[`std${index}`]) : null,
      quantiles: Array.isArray(quantileValues)
        ? QUANTILES.map((p, i) => ({ p, value: finiteOrNull(quantileValues[i]) })).filter(
            (q): q is { p: (typeof QUANTILES)[number]; value: number } => q.value !== null,
          )
        : [],
      topValues: await topValues(connection, loaded, column),
      histogram:
        numeric && lo !== null && hi !== null
          ? await histogram(connection, loaded, column, lo, hi, asNumber(aggregate[`fin${index}`]))
          : null,
    });
  }
  return { path, format, rowCount, columns };
}
