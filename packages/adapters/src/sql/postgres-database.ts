/** PostgreSQL through `pg`: a pool behind Kysely's `PostgresDialect`. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { CustomTypesConfig } from 'pg';
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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
