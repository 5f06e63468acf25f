/**
 * Arrow IPC (file or stream) into a DuckDB temp table. DuckDB's arrow extension cannot be
 * installed offline, so apache-arrow decodes the file and an appender writes the rows; from
 * there every format is queried by the same SQL.
 */
import { readFile } from 'node:fs/promises';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type * as Arrow from 'apache-arrow';
import type { DuckDbModule } from './duckdb-runtime.ts';
import { quoteIdent } from './column-sql.ts';

type Append = (appender: DuckDBAppender, value: unknown) => void;

interface ColumnLoader {
  sqlType: string;
  append: Append;
}

const MS_PER_DAY = 86_400_000;

function toNumber(value: unknown): number {
  return Number(value);
}

/** The DuckDB column type and writer for one Arrow type (nested and binary types as text). */
function columnLoader(
  type: Arrow.DataType,
  module: DuckDbModule,
  arrow: typeof Arrow,
): ColumnLoader {
  const { DataType } = arrow;
  // Dictionary-encoded columns read back as their values.
  const valueType = DataType.isDictionary(type) ? (type.dictionary as Arrow.DataType) : type;
  if (DataType.isInt(valueType)) {
    // Only unsigned 64-bit values can exceed BIGINT.
    const wide = valueType.bitWidth === 64 && !valueType.isSigned;
    return wide
      ? { sqlType: 'UBIGINT', append: (a, v) => a.appendUBigInt(BigInt(v as number | bigint)) }
      : { sqlType: 'BIGINT', append: (a, v) => a.appendBigInt(BigInt(v as number | bigint)) };
  }
  if (DataType.isFloat(valueType)) {
    return { sqlType: 'DOUBLE', append: (a, v) => a.appendDouble(toNumber(v)) };
  }
  if (DataType.isBool(valueType)) {
    return { sqlType: 'BOOLEAN', append: (a, v) => a.appendBoolean(Boolean(v)) };
  }
  if (DataType.isUtf8(valueType) || DataType.isLargeUtf8(valueType)) {
    return { sqlType: 'VARCHAR', append: (a, v) => a.appendVarchar(String(v)) };
  }
  if (DataType.isDate(valueType)) {
    // apache-arrow returns dates as epoch milliseconds.
    return {
      sqlType: 'DATE',
      append: (a, v) =>
        a.appendDate(new module.DuckDBDateValue(Math.floor(toNumber(v) / MS_PER_DAY))),
    };
  }
  if (DataType.isTimestamp(valueType)) {
    return {
      sqlType: 'TIMESTAMP',
      append: (a, v) =>
        a.appendTimestamp(new module.DuckDBTimestampValue(BigInt(Math.round(toNumber(v) * 1000)))),
    };
  }
  return {
    sqlType: 'VARCHAR',
    append: (a, v) =>
      a.appendVarchar(
        typeof v === 'object' && v !== null ? JSON.stringify(v, jsonReplacer) : String(v),
      ),
  };
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/**
 * Decodes `file` as Arrow IPC and creates temp table `table` from it. Throws (with a reason)
 * when the bytes are not Arrow IPC.
 */
export async function loadArrowTable(
  connection: DuckDBConnection,
  module: DuckDbModule,
  file: string,
  table: string,
): Promise<void> {
  const arrow = await import('apache-arrow');
  let decoded: Arrow.Table;
  try {
    decoded = arrow.tableFromIPC(await readFile(file));
  } catch (error) {
    throw new Error(
      `not an Arrow IPC file or stream (${error instanceof Error ? error.message : String(error)})`,
      {
        cause: error,
      },
    );
  }
  const fields = decoded.schema.fields;
  if (fields.length === 0) throw new Error('the Arrow schema has no columns');
  const loaders = fields.map((field) => columnLoader(field.type as Arrow.DataType, module, arrow));
  const columnsSql = fields.map(
    (field, index) => `${quoteIdent(field.name)} ${loaders[index]?.sqlType}`,
  );
  await connection.run(`CREATE TEMP TABLE ${quoteIdent(table)} (${columnsSql.join(', ')})`);
  const appender = await connection.createAppender(table, 'main', 'temp');
  try {
    for (const batch of decoded.batches) {
      const vectors = fields.map((_, index) => batch.getChildAt(index));
      for (let row = 0; row < batch.numRows; row += 1) {
        vectors.forEach((vector, index) => {
          const value: unknown = vector?.get(row);
          if (value === null || value === undefined) appender.appendNull();
          else loaders[index]?.append(appender, value);
        });
        appender.endRow();
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
