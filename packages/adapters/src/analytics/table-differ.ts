/**
 * Two loaded tables compared: row counts, rows added and removed (multiset difference with
 * `EXCEPT ALL`, over the shared columns when the column sets differ), columns added, removed
 * or retyped, and the per-column statistics that moved between their profiles.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnProfile, TableDiff, TableProfile } from '@cairn/core';
import { isNumeric, quoteIdent, textExpr } from './column-sql.ts';
import type { TableColumn } from './column-sql.ts';
import type { LoadedTable } from './table-loader.ts';

const STATISTICS = ['nullFraction', 'distinctCount', 'min', 'max', 'mean', 'std'] as const;

function count(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0;
}

/**
 * The shared columns as one side selects them. A retyped column compares as a number when
 * both sides are numeric (10 and 10.0 are the same value), else as text.
 */
function sharedSelect(
  shared: { from: TableColumn; to: TableColumn }[],
  side: 'from' | 'to',
): string {
  return shared
    .map((pair) => {
      const column = pair[side];
      const ref = quoteIdent(column.name);
      let expr = ref;
      if (pair.from.physicalType !== pair.to.physicalType) {
        const numeric = isNumeric(pair.from.type) && isNumeric(pair.to.type);
        expr = numeric ? `CAST(${ref} AS DOUBLE)` : textExpr(column);
      }
      return `${expr} AS ${ref}`;
    })
    .join(', ');
}

async function rowChanges(
  connection: DuckDBConnection,
  from: LoadedTable,
  to: LoadedTable,
  shared: { from: TableColumn; to: TableColumn }[],
  fromRows: number,
  toRows: number,
): Promise<{ added: number; removed: number }> {
  // With nothing in common, every row of one side is absent from the other.
  if (shared.length === 0) return { added: toRows, removed: fromRows };
  const fromSql = `SELECT ${sharedSelect(shared, 'from')} FROM ${quoteIdent(from.table)}`;
  const toSql = `SELECT ${sharedSelect(shared, 'to')} FROM ${quoteIdent(to.table)}`;
  const result = await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM (${toSql} EXCEPT ALL ${fromSql})), ` +
      `(SELECT count(*) FROM (${fromSql} EXCEPT ALL ${toSql}))`,
  );
  const [added, removed] = result.getRowsJS()[0] ?? [];
  return { added: count(added), removed: count(removed) };
}

function movedStatistics(from: ColumnProfile, to: ColumnProfile): TableDiff['statistics'] {
  return STATISTICS.filter((statistic) => from[statistic] !== to[statistic]).map((statistic) => ({
    column: from.name,
    statistic,
    from: from[statistic],
    to: to[statistic],
  }));
}

/** The diff of two loaded tables given their profiles (path: the `to` side's). */
export async function diffLoadedTables(
  connection: DuckDBConnection,
  from: { loaded: LoadedTable; profile: TableProfile },
  to: { loaded: LoadedTable; profile: TableProfile },
): Promise<TableDiff> {
  const toByName = new Map(to.loaded.columns.map((column) => [column.name, column]));
  const fromNames = new Set(from.loaded.columns.map((column) => column.name));
  const shared = from.loaded.columns.flatMap((column) => {
    const other = toByName.get(column.name);
    return other === undefined ? [] : [{ from: column, to: other }];
  });
  const rows = await rowChanges(
    connection,
    from.loaded,
    to.loaded,
    shared,
    from.profile.rowCount,
    to.profile.rowCount,
  );
  const fromProfiles = new Map(from.profile.columns.map((column) => [column.name, column]));
  const toProfiles = new Map(to.profile.columns.map((column) => [column.name, column]));
  return {
    path: to.profile.path,
    rows: { from: from.profile.rowCount, to: to.profile.rowCount, ...rows },
    columns: {
      added: to.loaded.columns
        .filter((column) => !fromNames.has(column.name))
        .map((column) => column.name),
      removed: from.loaded.columns
        .filter((column) => !toByName.has(column.name))
        .map((column) => column.name),
      typeChanged: shared
        .filter((pair) => pair.from.physicalType !== pair.to.physicalType)
        .map((pair) => ({
          name: pair.from.name,
          from: pair.from.physicalType,
          to: pair.to.physicalType,
        })),
    },
    statistics: shared.flatMap((pair) => {
      const fromProfile = fromProfiles.get(pair.from.name);
      const toProfile = toProfiles.get(pair.to.name);
      return fromProfile && toProfile ? movedStatistics(fromProfile, toProfile) : [];
    }),
  };
}
