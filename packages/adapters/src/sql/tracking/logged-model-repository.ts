/** Logged models (MLflow 3) with their tags, params and metrics. Deletion is soft, as in MLflow. */
import { sql } from 'kysely';
import type { RawBuilder, Selectable, SqlBool } from 'kysely';
import { invalidArgument, notFound } from '@cairn/core';
import type {
  LoggedModel,
  LoggedModelFilterClause,
  LoggedModelOrderClause,
  LoggedModelSearchQuery,
  LoggedModelStatus,
  Param,
  Tag,
  TrackingReader,
  TrackingWriter,
} from '@cairn/core';
import { chunkForParameters, firstPerKey, lastPerKey } from '../batching.ts';
import { parseExperimentId } from './lifecycle.ts';
import { toMetric } from './metric-values.ts';
import type { LoggedModelTable, SqlDialectName } from '../schema.ts';
import { compare } from '../sql-comparison.ts';
import type { SqlScope } from '../transaction-runner.ts';

type LoggedModelReader = Pick<TrackingReader, 'getLoggedModel' | 'searchLoggedModels'>;
type LoggedModelWriter = Pick<
  TrackingWriter,
  | 'insertLoggedModel'
  | 'updateLoggedModel'
  | 'deleteLoggedModel'
  | 'setLoggedModelTags'
  | 'deleteLoggedModelTag'
  | 'insertLoggedModelParams'
>;

export function createLoggedModelReader(scope: SqlScope): LoggedModelReader {
  const { db } = scope;
  return {
    async getLoggedModel(modelId) {
      const row = await db
        .selectFrom('logged_models')
        .selectAll()
        .where('model_id', '=', modelId)
        .where('lifecycle_stage', '=', 'active')
        .executeTakeFirst();
      return row === undefined ? undefined : (await withDetails(scope, [row]))[0];
    },
    async searchLoggedModels(query) {
      const statement = compileLoggedModelSearch(query, scope.dialect);
      if (statement === undefined) return [];
      const { rows } = await statement.execute(db);
      return withDetails(scope, rows);
    },
  };
}

export function createLoggedModelWriter(scope: SqlScope): LoggedModelWriter {
  const { db, dialect } = scope;
  const upsertKeyValues = async (
    table: 'logged_model_tags' | 'logged_model_params',
    modelId: string,
    items: (Tag | Param)[],
  ) => {
    // Tags: the last value wins; params: keys already present keep their value.
    const unique =
      table === 'logged_model_tags'
        ? lastPerKey(items, (i) => i.key)
        : firstPerKey(items, (i) => i.key);
    const rows = unique.map((i) => ({ model_id: modelId, key: i.key, value: i.value }));
    for (const chunk of chunkForParameters(rows, 3, dialect)) {
      await db
        .insertInto(table)
        .values(chunk)
        .onConflict((oc) =>
          table === 'logged_model_tags'
            ? oc
                .columns(['model_id', 'key'])
                .doUpdateSet({ value: (eb) => eb.ref('excluded.value') })
            : oc.doNothing(),
        )
        .execute();
    }
  };
  return {
    async insertLoggedModel(model) {
      const experimentId = parseExperimentId(model.experimentId);
      if (experimentId === undefined) {
        throw notFound('tracking.experiment_not_found', `No experiment ${model.experimentId}.`);
      }
      // `model.metrics` is not written here: a model's metrics arrive as run metric points
      // carrying its id (see insertMetrics), which is how they gain a run and a dataset.
      await db
        .insertInto('logged_models')
        .values({
          model_id: model.modelId,
          experiment_id: experimentId,
          name: model.name,
          artifact_location: model.artifactLocation,
          creation_timestamp: model.creationTimestamp,
          last_updated_timestamp: model.lastUpdatedTimestamp,
          model_type: model.modelType,
          source_run_id: model.sourceRunId,
          status: model.status,
          status_message: model.statusMessage,
          lifecycle_stage: 'active',
        })
        .execute();
      await upsertKeyValues('logged_model_tags', model.modelId, model.tags);
      await upsertKeyValues('logged_model_params', model.modelId, model.params);
    },
    async updateLoggedModel(modelId, patch) {
      const set: Partial<LoggedModelTable> = { last_updated_timestamp: patch.lastUpdatedTimestamp };
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.statusMessage !== undefined) set.status_message = patch.statusMessage;
      await db.updateTable('logged_models').set(set).where('model_id', '=', modelId).execute();
    },
    async deleteLoggedModel(modelId) {
      await db
        .updateTable('logged_models')
        .set({ lifecycle_stage: 'deleted' })
        .where('model_id', '=', modelId)
        .execute();
    },
    setLoggedModelTags: (modelId, tags) => upsertKeyValues('logged_model_tags', modelId, tags),
    async deleteLoggedModelTag(modelId, key) {
      await db
        .deleteFrom('logged_model_tags')
        .where('model_id', '=', modelId)
        .where('key', '=', key)
        .execute();
    },
    insertLoggedModelParams: (modelId, params) =>
      upsertKeyValues('logged_model_params', modelId, params),
  };
}

async function withDetails(
  { db, dialect }: SqlScope,
  rows: Selectable<LoggedModelTable>[],
): Promise<LoggedModel[]> {
  const models = new Map<string, LoggedModel>();
  for (const row of rows) {
    models.set(row.model_id, {
      modelId: row.model_id,
      experimentId: String(row.experiment_id),
      name: row.name,
      artifactLocation: row.artifact_location,
      creationTimestamp: row.creation_timestamp,
      lastUpdatedTimestamp: row.last_updated_timestamp,
      modelType: row.model_type,
      sourceRunId: row.source_run_id,
      status: row.status as LoggedModelStatus,
      statusMessage: row.status_message,
      tags: [],
      params: [],
      metrics: [],
    });
  }
  const model = (id: string) => models.get(id) as LoggedModel;
  for (const chunk of chunkForParameters([...models.keys()], 1, dialect)) {
    for (const table of ['logged_model_tags', 'logged_model_params'] as const) {
      const kv = await db
        .selectFrom(table)
        .selectAll()
        .where('model_id', 'in', chunk)
        .orderBy('key')
        .execute();
      for (const r of kv) {
        const m = model(r.model_id);
        (table === 'logged_model_tags' ? m.tags : m.params).push({ key: r.key, value: r.value });
      }
    }
    const metrics = await db
      .selectFrom('logged_model_metrics')
      .selectAll()
      .where('model_id', 'in', chunk)
      .orderBy('key')
      .orderBy('step')
      .orderBy('timestamp')
      .orderBy('run_uuid')
      .execute();
    for (const r of metrics) model(r.model_id).metrics.push(toMetric(r));
  }
  return [...models.values()];
}

function compileLoggedModelSearch(
  query: LoggedModelSearchQuery,
  dialect: SqlDialectName,
): RawBuilder<Selectable<LoggedModelTable>> | undefined {
  const experimentIds = query.experimentIds
    .map(parseExperimentId)
    .filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0 || query.limit <= 0) return undefined;
  const conditions: RawBuilder<SqlBool>[] = [
    sql`lm.experiment_id in (${sql.join(experimentIds)})`,
    sql`lm.lifecycle_stage = 'active'`,
    ...query.filter.map((clause) => compileFilter(clause, dialect)),
  ];
  const { joins, terms } = compileOrder(query.orderBy);
  return sql<
    Selectable<LoggedModelTable>
  >`select lm.* from logged_models lm ${sql.join(joins, sql` `)}
    where ${sql.join(conditions, sql` and `)}
    order by ${sql.join(terms)}
    limit ${query.limit} offset ${query.offset}`;
}

function compileFilter(
  clause: LoggedModelFilterClause,
  dialect: SqlDialectName,
): RawBuilder<SqlBool> {
  switch (clause.kind) {
    case 'attribute':
      return compare(sql.ref(`lm.${clause.key}`), clause.comparator, clause.value, dialect);
    case 'metric': {
      // As MLflow: a model matches when any of its points of that metric does.
      const value = sql.ref('mm.value');
      const test =
        clause.comparator === '!='
          ? sql`(mm.is_nan = 1 or ${compare(value, '!=', clause.value, dialect)})`
          : sql`mm.is_nan = 0 and ${compare(value, clause.comparator, clause.value, dialect)}`;
      return sql`exists (select 1 from logged_model_metrics mm
        where mm.model_id = lm.model_id and mm.key = ${clause.key} and ${test})`;
    }
    case 'param':
    case 'tag': {
      const table = sql.table(
        clause.kind === 'param' ? 'logged_model_params' : 'logged_model_tags',
      );
      return sql`exists (select 1 from ${table} kv
        where kv.model_id = lm.model_id and kv.key = ${clause.key}
        and ${compare(sql.ref('kv.value'), clause.comparator, clause.value, dialect)})`;
    }
    default:
      throw invalidArgument('tracking.invalid_filter', 'Unsupported logged model filter.');
  }
}

/**
 * Requested keys with missing values last; a metric orders by the model's latest point
 * (by timestamp, then step, as MLflow); then creation_timestamp DESC unless requested;
 * model_id last.
 */
function compileOrder(orderBy: LoggedModelOrderClause[]) {
  const joins: RawBuilder<unknown>[] = [];
  const terms: RawBuilder<unknown>[] = [];
  let orderedByCreation = false;
  orderBy.forEach((clause, index) => {
    const direction = sql.raw(clause.ascending ? 'asc' : 'desc');
    if (clause.kind === 'attribute') {
      if (clause.key === 'creation_timestamp') orderedByCreation = true;
      terms.push(sql`${sql.ref(`lm.${clause.key}`)} ${direction} nulls last`);
      return;
    }
    const alias = sql.raw(`o${index}`);
    joins.push(sql`left join (select model_id, value, is_nan, row_number() over (
        partition by model_id order by timestamp desc, step desc, value desc) as position
      from logged_model_metrics where key = ${clause.key}) ${alias}
      on ${alias}.model_id = lm.model_id and ${alias}.position = 1`);
    terms.push(
      sql`case when ${alias}.is_nan = 1 then 1 when ${alias}.value is null then 2 else 0 end`,
    );
    terms.push(sql`${alias}.value ${direction}`);
  });
  if (!orderedByCreation) terms.push(sql`lm.creation_timestamp desc`);
  terms.push(sql`lm.model_id`);
  return { joins, terms };
}
