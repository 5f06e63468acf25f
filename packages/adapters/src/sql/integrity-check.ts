/**
 * A health check of the metadata database. SQLite verifies its pages and foreign keys;
 * PostgreSQL, which guards its own storage, gets sanity queries on Cairn's invariants.
 */
import { sql } from 'kysely';
import type { SqlScope } from './transaction-runner.ts';

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

/** Reads every table (like `PRAGMA integrity_check`): for diagnostics, not for each start. */
export async function checkIntegrity(scope: SqlScope): Promise<IntegrityReport> {
  const problems =
    scope.dialect === 'sqlite' ? await sqliteProblems(scope) : await postgresProblems(scope);
  problems.push(...(await invariantProblems(scope)));
  return { ok: problems.length === 0, problems };
}

async function sqliteProblems({ db }: SqlScope): Promise<string[]> {
  const problems: string[] = [];
  const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  for (const row of integrity.rows) {
    if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
  }
  const foreignKeys = await sql<{ table: string; rowid: number | null; parent: string }>`
    pragma foreign_key_check`.execute(db);
  for (const row of foreignKeys.rows) {
    problems.push(`foreign_key_check: a row of ${row.table} references a missing ${row.parent}`);
  }
  return problems;
}

async function postgresProblems({ db }: SqlScope): Promise<string[]> {
  const problems: string[] = [];
  const { rows } = await sql<{ recovery: boolean; read_only: string }>`
    select pg_is_in_recovery() as recovery,
      current_setting('transaction_read_only') as read_only`.execute(db);
  if (rows[0]?.recovery === true) problems.push('the database is a standby in recovery');
  if (rows[0]?.read_only === 'on') problems.push('the database is read-only');
  // An index left invalid by an interrupted build silently stops serving queries.
  const invalid = await sql<{ name: string }>`
    select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where not i.indisvalid and n.nspname = current_schema()`.execute(db);
  for (const row of invalid.rows) problems.push(`index ${row.name} is invalid`);
  return problems;
}

/** Checks both dialects share: counters ahead of what they count, latest metrics complete. */
async function invariantProblems({ db }: SqlScope): Promise<string[]> {
  const problems: string[] = [];
  const { rows } = await sql<{ name: string; behind: number }>`
    select 'event_seq' as name, count(*) as behind from events
      where seq > (select value from counters where name = 'event_seq')
    union all
    select 'latest_metrics' as name, count(*) as behind from (
      select distinct run_key, key from metrics
      except select run_key, key from latest_metrics) missing`.execute(db);
  for (const row of rows) {
    if (Number(row.behind) > 0) {
      problems.push(
        row.name === 'event_seq'
          ? `${row.behind} events carry a sequence number beyond the event counter`
          : `${row.behind} metric keys have no latest value`,
      );
    }
  }
  return problems;
}
