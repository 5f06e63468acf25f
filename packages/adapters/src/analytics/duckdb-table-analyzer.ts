/**
 * Table analytics over files: profile, validate against a schema, diff two versions. Each
 * call loads its table(s) into temp tables of its own DuckDB connection, so every format
 * (CSV, Parquet, JSON Lines, Arrow IPC) goes through the same SQL.
 */
import { AnomalyCode, AnomalySeverity, isCairnError } from '@cairn/core';
import type {
  Anomaly,
  DatasetSchema,
  StoredTable,
  TableAnalyzer,
  TableDiff,
  TableFormat,
  TableProfile,
} from '@cairn/core';
import { releaseDuckDb, retainDuckDb, withConnection } from './duckdb-runtime.ts';
import { diffLoadedTables } from './table-differ.ts';
import { loadTable } from './table-loader.ts';
import { profileLoadedTable } from './table-profiler.ts';
import { validateLoadedTable } from './table-validator.ts';

/** A table file on disk, with the path people know it by (for messages and reports). */
export interface TableFile {
  file: string;
  format: TableFormat;
  displayPath: string;
}

/**
 * Profiles one table file: row count and per-column statistics. Fails with INVALID_ARGUMENT
 * `data.table_unreadable` (naming `displayPath`) when the file is not a readable table.
 */
export function profileTableFile(
  file: string,
  format: TableFormat,
  displayPath: string,
): Promise<TableProfile> {
  return withConnection(async (connection, module) => {
    const loaded = await loadTable(
      connection,
      module,
      { file, format, displayPath },
      'cairn_table',
    );
    return profileLoadedTable(connection, loaded, displayPath, format);
  });
}

/**
 * The anomalies of one table file against `schema`; an unreadable file yields a single
 * TABLE_UNREADABLE anomaly instead of an error.
 */
export function validateTableFile(
  file: string,
  format: TableFormat,
  schema: DatasetSchema,
  displayPath: string,
): Promise<Anomaly[]> {
  return withConnection(async (connection, module) => {
    let loaded;
    try {
      loaded = await loadTable(connection, module, { file, format, displayPath }, 'cairn_table');
    } catch (error) {
      if (!isCairnError(error) || error.code !== 'data.table_unreadable') throw error;
      return [
        {
          code: AnomalyCode.TABLE_UNREADABLE,
          severity: AnomalySeverity.ERROR,
          table: displayPath,
          column: null,
          message: error.message,
          expected: `a readable ${format} table`,
          observed: typeof error.details?.reason === 'string' ? error.details.reason : 'unreadable',
          rowCount: 0,
          sampleRows: [],
        },
      ];
    }
    return validateLoadedTable(connection, module, loaded, schema, displayPath);
  });
}

/**
 * Rows, columns and statistics that changed from one table file to another. Fails with
 * `data.table_unreadable` when either side cannot be read.
 */
export function diffTableFiles(from: TableFile, to: TableFile): Promise<TableDiff> {
  return withConnection(async (connection, module) => {
    const fromLoaded = await loadTable(connection, module, from, 'cairn_from');
    const toLoaded = await loadTable(connection, module, to, 'cairn_to');
    const fromProfile = await profileLoadedTable(
      connection,
      fromLoaded,
      from.displayPath,
      from.format,
    );
    const toProfile = await profileLoadedTable(connection, toLoaded, to.displayPath, to.format);
    return diffLoadedTables(
      connection,
      { loaded: fromLoaded, profile: fromProfile },
      { loaded: toLoaded, profile: toProfile },
    );
  });
}

/**
 * The TableAnalyzer port over the blob store: `resolvePath` maps a digest to its file.
 * `close()` releases the process's DuckDB instance once no other analyzer holds it.
 */
export function createDuckDbTableAnalyzer(options: {
  resolvePath: (digest: string) => string;
}): TableAnalyzer & { close(): Promise<void> } {
  const { resolvePath } = options;
  const source = (table: StoredTable): TableFile => ({
    file: resolvePath(table.digest),
    format: table.format,
    displayPath: table.path,
  });
  let open = true;
  retainDuckDb();
  return {
    profile: (table) => profileTableFile(resolvePath(table.digest), table.format, table.path),
    validate: (table, schema) =>
      validateTableFile(resolvePath(table.digest), table.format, schema, table.path),
    diff: (from, to) => diffTableFiles(source(from), source(to)),
    async close() {
      if (!open) return;
      open = false;
      await releaseDuckDb();
    },
  };
}
