/**
 * Compiles a parsed run search (core's `RunSearchQuery`) into one SQL statement that
 * filters, orders and pages in the database and returns the page's run ids in order.
 * Metric clauses use the latest value per key, as MLflow does.
 */
import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import type { RunAttribute, RunFilterClause, RunOrderClause, RunSearchQuery } from '@cairn/core';
import { accessCondition } from '../identity/access-condition.ts';
import { parseExperimentId, stagesFor } from './lifecycle.ts';
import type { SqlDialectName } from '../schema.ts';
import { compare } from '../sql-comparison.ts';

const ATTRIBUTE_COLUMNS: Record<RunAttribute, string> = {
  run_id: 'run_uuid',
  run_name: 'name',
  user_id: 'user_id',
  status: 'status',
  artifact_uri: 'artifact_uri',
  start_time: 'start_time',
  end_time: 'end_time',
};

/** The input tag MLflow stores a dataset's context (`training`, `eval`) under. */
const DATASET_CONTEXT_TAG = 'mlflow.data.context';

const attribute = (key: RunAttribute) => sql.ref(`r.${ATTRIBUTE_COLUMNS[key]}`);

/** Returns the statement selecting `run_uuid` for the requested page, or undefined when nothing can match. */
export function compileRunSearch(
  query: RunSearchQuery,
  dialect: SqlDialectName,
): RawBuilder<{ run_uuid: string }> | undefined {
  const experimentIds = query.experimentIds
    .map(parseExperimentId)
    .filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0 || query.limit <= 0) return undefined;

  const conditions: RawBuilder<SqlBool>[] = [
    sql`r.experiment_id in (${sql.join(experimentIds)})`,
    sql`r.lifecycle_stage in (${sql.join(stagesFor(query.viewType))})`,
  ];
  if (query.access !== undefined) {
    conditions.push(
      accessCondition(query.access, 'experiment', sql`cast(r.experiment_id as text)`),
    );
  }
  const joins: RawBuilder<unknown>[] = [];
  query.filter.forEach((clause, index) => {
    const compiled = compileFilter(clause, sql.raw(`f${index}`), dialect);
    if (compiled.join !== undefined) joins.push(compiled.join);
    if (compiled.condition !== undefined) conditions.push(compiled.condition);
  });
  const order = compileOrder(query.orderBy);
  return sql<{ run_uuid: string }>`select r.run_uuid from runs r
    ${sql.join([...joins, ...order.joins], sql` `)}
    where ${sql.join(conditions, sql` and `)}
    order by ${sql.join(order.terms)}
    limit ${query.limit} offset ${query.offset}`;
}

/**
 * Metric, param and tag clauses are inner joins (at most one row per run and key, so no
 * duplicates): the planner may then start from the most selective index, e.g. the
 * qualifying values of one metric, instead of probing every run of the experiment.
 */
function compileFilter(
  clause: RunFilterClause,
  alias: RawBuilder<unknown>,
  dialect: SqlDialectName,
): { join?: RawBuilder<unknown>; condition?: RawBuilder<SqlBool> } {
  switch (clause.kind) {
    case 'metric': {
      // NaN compares like IEEE: unequal to everything, so it matches only `!=`.
      const value = sql`${alias}.value`;
      const test =
        clause.comparator === '!='
          ? sql`(${alias}.is_nan = 1 or ${compare(value, '!=', clause.value, dialect)})`
          : sql`${alias}.is_nan = 0 and ${compare(value, clause.comparator, clause.value, dialect)}`;
      return {
        join: sql`join latest_metrics ${alias} on ${alias}.run_key = r.run_key
          and ${alias}.key = ${clause.key} and ${test}`,
      };
    }
    case 'param':
    case 'tag': {
      const table = sql.table(clause.kind === 'param' ? 'params' : 'run_tags');
      return {
        join: sql`join ${table} ${alias} on ${alias}.run_key = r.run_key and ${alias}.key = ${clause.key}
          and ${compare(sql`${alias}.value`, clause.comparator, clause.value, dialect)}`,
      };
    }
    case 'attribute':
      return {
        condition: compare(attribute(clause.key), clause.comparator, clause.value, dialect),
      };
    case 'dataset': {
      // A run may have many datasets: EXISTS keeps one row per run.
      if (clause.key === 'context') {
        return {
          condition: sql`exists (select 1 from run_dataset_input_tags t
            where t.run_key = r.run_key and t.key = ${DATASET_CONTEXT_TAG}
            and ${compare(sql.ref('t.value'), clause.comparator, clause.value, dialect)})`,
        };
      }
      const column = sql.ref(`d.${clause.key}`);
      return {
        condition: sql`exists (select 1 from run_dataset_inputs i
          join datasets d on d.dataset_uuid = i.dataset_uuid
          where i.run_key = r.run_key
          and ${compare(column, clause.comparator, clause.value, dialect)})`,
      };
    }
  }
}

/**
 * MLflow's order: each requested key with missing values last (for metrics NaN, then
 * missing, last in either direction), then start_time DESC unless requested, then run_id.
 */
function compileOrder(orderBy: RunOrderClause[]): {
  joins: RawBuilder<unknown>[];
  terms: RawBuilder<unknown>[];
} {
  const joins: RawBuilder<unknown>[] = [];
  const terms: RawBuilder<unknown>[] = [];
  let orderedByStartTime = false;
  orderBy.forEach((clause, index) => {
    const direction = sql.raw(clause.ascending ? 'asc' : 'desc');
    if (clause.kind === 'attribute') {
      if (clause.key === 'start_time') orderedByStartTime = true;
      terms.push(sql`${attribute(clause.key)} ${direction} nulls last`);
      return;
    }
    const alias = sql.raw(`o${index}`);
    const table = sql.table(
      clause.kind === 'metric' ? 'latest_metrics' : clause.kind === 'param' ? 'params' : 'run_tags',
    );
    joins.push(
      sql`left join ${table} ${alias} on ${alias}.run_key = r.run_key and ${alias}.key = ${clause.key}`,
    );
    if (clause.kind === 'metric') {
      terms.push(
        sql`case when ${alias}.is_nan = 1 then 1 when ${alias}.value is null then 2 else 0 end`,
      );
    }
    terms.push(sql`${alias}.value ${direction} nulls last`);
  });
  if (!orderedByStartTime) terms.push(sql`r.start_time desc nulls last`);
  terms.push(sql`r.run_uuid`);
  return { joins, terms };
}
