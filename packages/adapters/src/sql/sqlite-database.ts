/**
 * SQLite through `node:sqlite` (no native build step): a `DatabaseSync` wrapped into the
 * few methods Kysely's `SqliteDialect` calls.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type { Database } from './schema.ts';

/** How long a writer waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;
/** Prepared statements kept for reuse; Kysely prepares on every query. */
const STATEMENT_CACHE_SIZE = 256;

/** Opens (creating if needed) `<dataDir>/cairn.db` and returns a Kysely instance over it. */
export function openSqlite(dataDir: string): Kysely<Database> {
  mkdirSync(dataDir, { recursive: true });
  const raw = new DatabaseSync(join(dataDir, 'cairn.db'), { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers in other processes proceed during a write; with synchronous=NORMAL a
  // killed process loses nothing already committed (only an OS crash may lose the last
  // commits). LIKE is case-sensitive as in MLflow; ILIKE is compiled separately. A page
  // cache of 64 MiB keeps the per-run tables of a large search in memory, and bounded
  // statistics (analysis_limit + optimize) let the planner pick the selective index.
  raw.exec(`
    pragma journal_mode = wal;
    pragma synchronous = normal;
    pragma busy_timeout = ${BUSY_TIMEOUT_MS};
    pragma foreign_keys = on;
    pragma case_sensitive_like = on;
    pragma cache_size = -65536;
    pragma temp_store = memory;
    pragma analysis_limit = 400;
    pragma optimize = 0x10002;
  `);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: wrapDatabase(raw) }) });
}

function wrapDatabase(raw: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, { statement: StatementSync; reader: boolean }>();
  const prepare = (sqlText: string) => {
    let entry = cache.get(sqlText);
    if (entry === undefined) {
      const statement = raw.prepare(sqlText);
      entry = { statement, reader: statement.columns().length > 0 };
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(sqlText, entry);
    }
    return entry;
  };
  return {
    close: () => raw.close(),
    prepare(sqlText): SqliteStatement {
      const { statement, reader } = prepare(sqlText);
      const args = (parameters: ReadonlyArray<unknown>) => parameters as SQLInputValue[];
      return {
        reader,
        all: (parameters) => statement.all(...args(parameters)),
        run: (parameters) => statement.run(...args(parameters)),
        iterate: (parameters) => statement.iterate(...args(parameters)),
      };
    },
  };
}
