/**
 * A query whose SQL starts with this comment gets its rows as arrays of column values, in
 * select-list order, instead of objects. Both drivers honour it (`sqlite-database.ts`,
 * `postgres-database.ts`). Reading a 100,000-point metric series as arrays takes about half
 * the time of building 100,000 objects with named properties (30 ms against 65–80 ms on
 * SQLite, measured on this project's benchmark machine).
 */
export const ROWS_AS_ARRAYS = '/* rows-as-arrays */ ';

export function wantsRowsAsArrays(sqlText: string): boolean {
  return sqlText.startsWith(ROWS_AS_ARRAYS);
}
