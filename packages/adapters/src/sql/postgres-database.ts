/** PostgreSQL through `pg`: a pool behind Kysely's `PostgresDialect`. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { CustomTypesConfig, PoolClient } from 'pg';
import { wantsRowsAsArrays } from './rows-as-arrays.ts';
import type { Database } from './schema.ts';

const INT8_OID = 20;
const POOL_SIZE = 10;

/** Opens a pool on `url` (postgres://…). int8 columns come back as JS numbers. */
export function openPostgres(url: string): Kysely<Database> {
  // Per-pool type parsing, so other users of `pg` in the process keep their defaults.
  // Every bigint we store (ms timestamps, steps, sizes, counters) fits a double exactly.
  const types: CustomTypesConfig = {
    getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown =>
      oid === INT8_OID && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types });
  // Kysely only ever calls connect() and end() on the pool.
  const arraysAware = {
    connect: async () => withRowsAsArrays(await pool.connect()),
    end: () => pool.end(),
  } as unknown as pg.Pool;
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: arraysAware }) });
}

/** Sends the marked queries (`rows-as-arrays.ts`) with pg's `rowMode: 'array'`. */
function withRowsAsArrays(client: PoolClient): PoolClient {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  return new Proxy(client, {
    get(target, property) {
      if (property !== 'query') {
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      }
      return (text: unknown, values?: unknown) =>
        typeof text === 'string' && wantsRowsAsArrays(text)
          ? query({ text, values, rowMode: 'array' })
          : query(text, values);
    },
  });
}
