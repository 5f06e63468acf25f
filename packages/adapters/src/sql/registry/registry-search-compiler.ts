/**
 * Registry searches compiled into one SQL statement each, so filtering, ordering and
 * paging happen in the database (pages are never short, whatever the filter).
 */
import { sql } from 'kysely';
import type { RawBuilder, Selectable, SqlBool } from 'kysely';
import { PROMPT_TAG_KEY } from '@cairn/core';
import type {
  ModelVersionFilterClause,
  ModelVersionSearchQuery,
  RegisteredModelFilterClause,
  RegisteredModelSearchQuery,
} from '@cairn/core';
import { accessCondition } from '../identity/access-condition.ts';
import type { SqlDialectName } from '../schema.ts';
import { compare } from '../sql-comparison.ts';
import type { ModelVersionRecord } from './registry-loader.ts';
import type { RegisteredModelTable } from './registry-schema.ts';

const direction = (ascending: boolean) => sql.raw(ascending ? 'asc' : 'desc');

// A model is a prompt when tagged so; MLflow compares the value case-insensitively.
const notPrompt = sql<SqlBool>`not exists (select 1 from registered_model_tags p
  where p.registered_model_id = rm.id and p.key = ${PROMPT_TAG_KEY} and lower(p.value) = 'true')`;

function registeredModelCondition(
  clause: RegisteredModelFilterClause,
  dialect: SqlDialectName,
): RawBuilder<SqlBool> {
  if (clause.kind === 'name')
    return compare(sql.ref('rm.name'), clause.comparator, clause.value, dialect);
  return sql`exists (select 1 from registered_model_tags t
    where t.registered_model_id = rm.id and t.key = ${clause.key}
    and ${compare(sql.ref('t.value'), clause.comparator, clause.value, dialect)})`;
}

const REGISTERED_MODEL_COLUMNS = {
  name: 'rm.name',
  last_updated_timestamp: 'rm.last_updated_time',
  creation_timestamp: 'rm.creation_time',
} as const;

export function compileRegisteredModelSearch(
  query: RegisteredModelSearchQuery,
  dialect: SqlDialectName,
): RawBuilder<Selectable<RegisteredModelTable>> {
  const conditions: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`1 = 1`,
    ...query.filter.map((c) => registeredModelCondition(c, dialect)),
  ];
  if (query.excludePrompts) conditions.push(notPrompt);
  if (query.access !== undefined) {
    conditions.push(accessCondition(query.access, 'registered_model', sql.ref('rm.id')));
  }
  const terms = query.orderBy.map(
    (o) => sql`${sql.ref(REGISTERED_MODEL_COLUMNS[o.key])} ${direction(o.ascending)}`,
  );
  // Names are unique, so `name` as the last key makes the order total and paging stable.
  if (!query.orderBy.some((o) => o.key === 'name')) terms.push(sql`rm.name asc`);
  return sql<Selectable<RegisteredModelTable>>`select rm.* from registered_models rm
    where ${sql.join(conditions, sql` and `)}
    order by ${sql.join(terms)}
    limit ${query.limit} offset ${query.offset}`;
}

function modelVersionCondition(
  clause: ModelVersionFilterClause,
  dialect: SqlDialectName,
): RawBuilder<SqlBool> {
  switch (clause.kind) {
    case 'name':
      return compare(sql.ref('rm.name'), clause.comparator, clause.value, dialect);
    case 'source_path':
      return compare(sql.ref('mv.source'), clause.comparator, clause.value, dialect);
    case 'run_id':
      return compare(sql.ref('mv.run_id'), clause.comparator, clause.value, dialect);
    case 'version_number':
      return compare(sql.ref('mv.version'), clause.comparator, clause.value, dialect);
    case 'tag':
      return sql`exists (select 1 from model_version_tags t
        where t.registered_model_id = mv.registered_model_id and t.version = mv.version
        and t.key = ${clause.key}
        and ${compare(sql.ref('t.value'), clause.comparator, clause.value, dialect)})`;
  }
}

const MODEL_VERSION_COLUMNS = {
  name: 'rm.name',
  version_number: 'mv.version',
  last_updated_timestamp: 'mv.last_updated_time',
  creation_timestamp: 'mv.creation_time',
} as const;

export function compileModelVersionSearch(
  query: ModelVersionSearchQuery,
  dialect: SqlDialectName,
): RawBuilder<ModelVersionRecord> {
  const conditions: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`1 = 1`,
    ...query.filter.map((c) => modelVersionCondition(c, dialect)),
  ];
  if (query.excludePrompts) conditions.push(notPrompt);
  if (query.access !== undefined) {
    conditions.push(accessCondition(query.access, 'registered_model', sql.ref('rm.id')));
  }
  // MLflow's default puts the most recently changed versions first.
  const orderBy =
    query.orderBy.length > 0
      ? query.orderBy
      : [{ key: 'last_updated_timestamp' as const, ascending: false }];
  const terms = orderBy.map(
    (o) => sql`${sql.ref(MODEL_VERSION_COLUMNS[o.key])} ${direction(o.ascending)}`,
  );
  // MLflow's tie-breakers: name ascending, then the newest version first.
  if (!orderBy.some((o) => o.key === 'name')) terms.push(sql`rm.name asc`);
  if (!orderBy.some((o) => o.key === 'version_number')) terms.push(sql`mv.version desc`);
  return sql<ModelVersionRecord>`select mv.*, rm.name as name from model_versions mv
    join registered_models rm on rm.id = mv.registered_model_id
    where ${sql.join(conditions, sql` and `)}
    order by ${sql.join(terms)}
    limit ${query.limit} offset ${query.offset}`;
}
