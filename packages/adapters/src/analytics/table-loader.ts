/**
 * Loads one table file into a connection-local temp table, whatever its format, so the
 * profiler, validator and differ run the same SQL over every format. Blob files have no
 * extension, so the reader is always chosen from the declared format, and the file path is
 * always a bound parameter. Malformed input is refused rather than guessed around.
 */
import { open, stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { invalidArgument } from '@cairn/core';
import type { TableFormat } from '@cairn/core';
import { loadArrowTable } from './arrow-loader.ts';
import type { DuckDbModule } from './duckdb-runtime.ts';
import { logicalTypeOf, quoteIdent } from './column-sql.ts';
import type { TableColumn } from './column-sql.ts';

export interface LoadedTable {
  /** The temp table's (unquoted) name. */
  table: string;
  columns: TableColumn[];
}

/**
 * Strict CSV: the header is the first line, `"` quotes and escapes, no comment lines, and
 * strict mode so ragged rows and broken quoting fail instead of being padded or re-sniffed
 * into a one-column table. Only the delimiter is chosen (from the header) per file.
 *
 * Types are sniffed from every row (`sample_size = -1`, as for JSON Lines): from the default
 * 20480-row sample DuckDB would cast a later `1.5` into an integer column as 2 without a word.
 */
const CSV_OPTIONS =
  "header = true, delim = $2, quote = '\"', escape = '\"', comment = '', skip = 0, " +
  'strict_mode = true, null_padding = false, ignore_errors = false, sample_size = -1';
const DELIMITERS = [',', '\t', ';', '|'] as const;
const HEADER_PROBE_BYTES = 65_536;

/** The delimiter occurring most often (outside quotes) in the header line; `,` by default. */
async function detectDelimiter(file: string): Promise<string> {
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(HEADER_PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_PROBE_BYTES, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
  }
  let best: string = ',';
  for (const delimiter of DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

async function createTable(
  connection: DuckDBConnection,
  module: DuckDbModule,
  file: string,
  format: TableFormat,
  table: string,
): Promise<void> {
  const create = (reader: string, values: string[]) =>
    connection.run(`CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT * FROM ${reader}`, values);
  switch (format) {
    case 'csv':
      await create(`read_csv($1, ${CSV_OPTIONS})`, [file, await detectDelimiter(file)]);
      break;
    case 'parquet':
      await create('read_parquet($1)', [file]);
      break;
    case 'jsonl':
      await create(
        "read_json($1, format = 'newline_delimited', records = 'true', sample_size = -1)",
        [file],
      );
      break;
    case 'arrow':
      await loadArrowTable(connection, module, file, table);
      break;
  }
}

/** DuckDB's reason, first line only, naming the file as the user knows it. */
function reasonOf(error: unknown, file: string, displayPath: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.split(file).join(displayPath).trim();
}

/** The INVALID_ARGUMENT `data.table_unreadable` error for a file that cannot be read. */
export function tableUnreadable(displayPath: string, format: TableFormat, reason: string) {
  return invalidArgument(
    'data.table_unreadable',
    `Cannot read ${displayPath} as ${format}: ${reason}`,
    { details: { path: displayPath, format, reason } },
  );
}

/**
 * Creates temp table `table` from `file`. Fails with INVALID_ARGUMENT `data.table_unreadable`
 * (naming `displayPath` and the reader's reason) when the file is missing, empty or malformed.
 */
export async function loadTable(
  connection: DuckDBConnection,
  module: DuckDbModule,
  source: { file: string; format: TableFormat; displayPath: string },
  table: string,
): Promise<LoadedTable> {
  const { file, format, displayPath } = source;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size === 0) throw new Error('the file is empty');
    await createTable(connection, module, file, format, table);
  } catch (error) {
    throw tableUnreadable(displayPath, format, reasonOf(error, file, displayPath));
  }
  const described = await connection.runAndReadAll(`DESCRIBE ${quoteIdent(table)}`);
  const columns = described.getRowObjectsJS().map((row) => {
    const physicalType = row.column_type as string;
    return { name: row.column_name as string, physicalType, type: logicalTypeOf(physicalType) };
  });
  if (columns.length === 0) throw tableUnreadable(displayPath, format, 'the table has no columns');
  return { table, columns };
}
