/** Splitting multi-row statements under each database's bound-parameter limit. */
import type { SqlDialectName } from './schema.ts';

// SQLite's SQLITE_MAX_VARIABLE_NUMBER (default since 3.32); PostgreSQL's wire-protocol
// limit of 65535 parameters. A margin keeps room for the non-row parameters of a statement.
const MAX_PARAMETERS: Record<SqlDialectName, number> = { sqlite: 32_766, postgres: 65_535 };
const MARGIN = 16;

/** Splits `items` into chunks that each bind at most the dialect's parameter limit. */
export function chunkForParameters<T>(
  items: readonly T[],
  parametersPerItem: number,
  dialect: SqlDialectName,
): T[][] {
  const size = Math.max(1, Math.floor((MAX_PARAMETERS[dialect] - MARGIN) / parametersPerItem));
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** The last item per key wins (tags: a later value in the same batch overrides). */
export function lastPerKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    byKey.delete(key);
    byKey.set(key, item);
  }
  return [...byKey.values()];
}

/** The first item per key wins (params and inputs: the first occurrence is kept). */
export function firstPerKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (!byKey.has(key)) byKey.set(key, item);
  }
  return [...byKey.values()];
}
