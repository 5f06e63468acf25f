/**
 * The process's one DuckDB instance, created on first use. `@duckdb/node-api` is loaded with
 * a dynamic import so commands that never read a table do not pay for loading the native
 * library. Every call gets its own connection (temp tables are connection-local, so calls
 * never see each other's tables).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as DuckDb from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export type DuckDbModule = typeof DuckDb;

const SETTINGS = {
  // Table analytics share the machine with the server; bound both so a large table spills
  // to disk instead of starving everything else.
  memory_limit: '1GB',
  threads: '2',
  temp_directory: join(tmpdir(), 'cairn-duckdb'),
  // Readers are built in; nothing may be fetched from the network at query time.
  autoinstall_known_extensions: 'false',
} as const;

let runtime: Promise<{ module: DuckDbModule; instance: DuckDBInstance }> | undefined;
let users = 0;
let inFlight = 0;

function start(): Promise<{ module: DuckDbModule; instance: DuckDBInstance }> {
  if (runtime === undefined) {
    const starting = (async () => {
      const module = await import('@duckdb/node-api');
      const instance = await module.DuckDBInstance.create(':memory:', SETTINGS);
      return { module, instance };
    })();
    runtime = starting;
    // A failed start (e.g. a broken native install) is retried on the next call.
    starting.catch(() => {
      if (runtime === starting) runtime = undefined;
    });
  }
  return runtime;
}

/** Runs `work` on a fresh connection, closed afterwards whatever happens. */
export async function withConnection<T>(
  work: (connection: DuckDBConnection, module: DuckDbModule) => Promise<T>,
): Promise<T> {
  inFlight += 1;
  try {
    const { module, instance } = await start();
    const connection = await instance.connect();
    try {
      return await work(connection, module);
    } finally {
      connection.closeSync();
    }
  } finally {
    inFlight -= 1;
  }
}

/** An owner (an analyzer) that keeps the instance open until it releases it. */
export function retainDuckDb(): void {
  users += 1;
}

/**
 * Releases one owner; the instance closes when the last owner leaves and no call is running
 * (a later call starts a new one).
 */
export async function releaseDuckDb(): Promise<void> {
  users = Math.max(0, users - 1);
  if (users > 0 || inFlight > 0 || runtime === undefined) return;
  const current = runtime;
  runtime = undefined;
  const { instance } = await current;
  instance.closeSync();
}
