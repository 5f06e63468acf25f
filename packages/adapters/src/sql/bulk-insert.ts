/**
 * Multi-row INSERT for the hot path (metric points), built as text once per shape and
 * cached: Kysely's builder creates several objects per bound value, which at 1000 points
 * costs more than SQLite's own work. Table and column names are constants of this
 * package, never input; every value is a bound parameter.
 */
import { CompiledQuery } from 'kysely';
import { chunkForParameters } from './batching.ts';
import type { Database } from './schema.ts';
import type { SqlScope } from './transaction-runner.ts';

const statementCache = new Map<string, string>();
const STATEMENT_CACHE_SIZE = 64;

export interface BulkInsert<Row> {
  table: keyof Database;
  columns: readonly (keyof Row & string)[];
  /** Appended verbatim, e.g. `on conflict do nothing`. */
  onConflict: string;
}

/** Inserts `rows`; answers how many rows the statements inserted or updated. */
export async function insertRows<Row>(
  { db, dialect }: SqlScope,
  spec: BulkInsert<Row>,
  rows: readonly Row[],
): Promise<number> {
  const width = spec.columns.length;
  let affected = 0;
  for (const chunk of chunkForParameters(rows, width, dialect)) {
    const cacheKey = `${dialect}|${spec.table}|${spec.columns.join(',')}|${spec.onConflict}|${chunk.length}`;
    let text = statementCache.get(cacheKey);
    if (text === undefined) {
      const tuples: string[] = [];
      for (let row = 0; row < chunk.length; row++) {
        const slots = spec.columns.map((_, column) =>
          dialect === 'postgres' ? `$${row * width + column + 1}` : '?',
        );
        tuples.push(`(${slots.join(',')})`);
      }
      text = `insert into ${spec.table} (${spec.columns.join(', ')}) values ${tuples.join(',')} ${spec.onConflict}`;
      if (statementCache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statementCache.keys().next();
        if (oldest.done !== true) statementCache.delete(oldest.value);
      }
      statementCache.set(cacheKey, text);
    }
    const parameters: unknown[] = new Array<unknown>(chunk.length * width);
    let i = 0;
    for (const row of chunk) {
      for (const column of spec.columns) parameters[i++] = row[column];
    }
    const result = await db.executeQuery(CompiledQuery.raw(text, parameters));
    affected += Number(result.numAffectedRows ?? 0);
  }
  return affected;
}
