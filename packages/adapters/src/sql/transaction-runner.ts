/**
 * The transaction boundary shared by every repository. A write runs on one connection
 * between BEGIN (IMMEDIATE on SQLite, so the write lock is taken up front and a busy
 * database fails fast instead of deadlocking on upgrade) and COMMIT; the events appended
 * meanwhile are inserted just before COMMIT, so they land with the change or not at all.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { NewEvent } from '@cairn/core';
import { insertEvents } from './event-repository.ts';
import type { Database, SqlDialectName } from './schema.ts';
import { translateStorageError } from './sql-errors.ts';

/** What a repository works with: a Kysely bound to one connection, and its dialect. */
export interface SqlScope {
  db: Kysely<Database>;
  dialect: SqlDialectName;
}

export interface WriteScope extends SqlScope {
  /** Buffers an event for the outbox insert at commit. */
  appendEvent: (event: NewEvent) => Promise<void>;
}

export interface TransactionRunner {
  readonly dialect: SqlDialectName;
  /**
   * Runs `fn` on one connection. On SQLite this holds the single connection, so no
   * other caller's write transaction can interleave with the reads. Do not call `read`
   * or `write` from inside `fn`: on SQLite that waits for itself.
   */
  read: <T>(fn: (scope: SqlScope) => Promise<T>) => Promise<T>;
  /** Runs `fn` in one write transaction; rolls back (events included) if it throws. */
  write: <T>(fn: (scope: WriteScope) => Promise<T>) => Promise<T>;
}

/** SQLite refreshes planner statistics after this many writes (cheap when nothing changed). */
const SQLITE_OPTIMIZE_EVERY_WRITES = 500;

export function createTransactionRunner(
  db: Kysely<Database>,
  dialect: SqlDialectName,
): TransactionRunner {
  const begin = sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin');
  let writesSinceOptimize = 0;
  return {
    dialect,
    read: (fn) => db.connection().execute((conn) => fn({ db: conn, dialect })),
    write: (fn) =>
      db.connection().execute(async (conn) => {
        try {
          await begin.execute(conn);
        } catch (error) {
          throw translateStorageError(error);
        }
        const events: NewEvent[] = [];
        let result: Awaited<ReturnType<typeof fn>>;
        try {
          result = await fn({
            db: conn,
            dialect,
            appendEvent: (event) => {
              events.push(event);
              return Promise.resolve();
            },
          });
          await insertEvents({ db: conn, dialect }, events);
          await sql`commit`.execute(conn);
        } catch (error) {
          // A failed COMMIT may already have ended the transaction; nothing to undo then.
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw translateStorageError(error);
        }
        if (dialect === 'sqlite' && ++writesSinceOptimize >= SQLITE_OPTIMIZE_EVERY_WRITES) {
          writesSinceOptimize = 0;
          // Statistics only steer the planner; failing to refresh them (another process
          // holds the lock) must not turn a committed write into an error.
          await sql`pragma optimize`.execute(conn).catch(() => undefined);
        }
        return result;
      }),
  };
}
