/** Recognizes driver errors by their codes, which differ between node:sqlite and pg. */
import { CairnError, ErrorCategory } from '@cairn/core';

interface DriverError {
  /** pg: the SQLSTATE. node:sqlite: 'ERR_SQLITE_ERROR'. */
  code?: unknown;
  /** node:sqlite: the (extended) SQLite result code. */
  errcode?: unknown;
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

function driverError(error: unknown): DriverError | undefined {
  return typeof error === 'object' && error !== null ? error : undefined;
}

/** A unique or primary-key constraint rejected the statement. */
export function isUniqueViolation(error: unknown): boolean {
  const e = driverError(error);
  if (e === undefined) return false;
  if (e.code === '23505') return true;
  return e.errcode === SQLITE_CONSTRAINT_UNIQUE || e.errcode === SQLITE_CONSTRAINT_PRIMARYKEY;
}

/**
 * Lock contention is the one storage failure a client should simply retry, so it becomes
 * UNAVAILABLE (`storage.busy`); everything else passes through unchanged.
 */
export function translateStorageError(error: unknown): unknown {
  const e = driverError(error);
  if (e === undefined || error instanceof CairnError) return error;
  const sqliteCode = typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
  const busy =
    sqliteCode === SQLITE_BUSY ||
    sqliteCode === SQLITE_LOCKED ||
    e.code === '40001' || // serialization_failure
    e.code === '40P01' || // deadlock_detected
    e.code === '55P03'; // lock_not_available
  if (!busy) return error;
  return new CairnError(
    ErrorCategory.UNAVAILABLE,
    'storage.busy',
    'The metadata store is busy; retry the request.',
    { cause: error },
  );
}
