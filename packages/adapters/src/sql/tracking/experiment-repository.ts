/** Experiments and their tags; experiment ids from a counter row, race-free on both stores. */
import { sql } from 'kysely';
import type { RawBuilder, Selectable, SqlBool } from 'kysely';
import { alreadyExists, invalidArgument } from '@cairn/core';
import type {
  Experiment,
  ExperimentAttribute,
  ExperimentFilterClause,
  ExperimentSearchQuery,
  LifecycleStage,
  Tag,
  TrackingReader,
  TrackingWriter,
} from '@cairn/core';
import { chunkForParameters, lastPerKey } from '../batching.ts';
import { accessCondition } from '../identity/access-condition.ts';
import { parseExperimentId, stagesFor } from './lifecycle.ts';
import type { ExperimentTable, SqlDialectName } from '../schema.ts';
import { compare } from '../sql-comparison.ts';
import { isUniqueViolation } from '../sql-errors.ts';
import type { SqlScope } from '../transaction-runner.ts';

type ExperimentReader = Pick<
  TrackingReader,
  'getExperiment' | 'getExperimentByName' | 'searchExperiments'
>;
type ExperimentWriter = Pick<
  TrackingWriter,
  | 'allocateExperimentId'
  | 'insertExperiment'
  | 'updateExperiment'
  | 'setExperimentTag'
  | 'deleteExperimentTag'
>;

const nameTaken = (name: string) =>
  alreadyExists('tracking.experiment_name_taken', `An experiment named '${name}' already exists.`, {
    details: { name },
  });

export function createExperimentReader(scope: SqlScope): ExperimentReader {
  const { db } = scope;
  const one = async (row: Selectable<ExperimentTable> | undefined) =>
    row === undefined ? undefined : (await withTags(scope, [row]))[0];
  return {
    async getExperiment(experimentId) {
      const id = parseExperimentId(experimentId);
      if (id === undefined) return undefined;
      return one(
        await db
          .selectFrom('experiments')
          .selectAll()
          .where('experiment_id', '=', id)
          .executeTakeFirst(),
      );
    },
    async getExperimentByName(name) {
      return one(
        await db.selectFrom('experiments').selectAll().where('name', '=', name).executeTakeFirst(),
      );
    },
    async searchExperiments(query) {
      if (query.limit <= 0) return [];
      const { rows } = await compileExperimentSearch(query, scope.dialect).execute(db);
      return withTags(scope, rows);
    },
  };
}

export function createExperimentWriter(scope: SqlScope): ExperimentWriter {
  const { db } = scope;
  return {
    async allocateExperimentId() {
      // The counter row's lock serializes concurrent allocations on PostgreSQL; the
      // max() guard skips ids taken by experiments inserted with an explicit id.
      const { value } = await db
        .updateTable('counters')
        .set({
          value: sql<number>`case when value + 1 > (select coalesce(max(experiment_id), 0) + 1 from experiments)
            then value + 1 else (select coalesce(max(experiment_id), 0) + 1 from experiments) end`,
        })
        .where('name', '=', 'experiment_id')
        .returning('value')
        .executeTakeFirstOrThrow();
      return String(value);
    },
    async insertExperiment(experiment) {
      const id = parseExperimentId(experiment.experimentId);
      if (id === undefined) {
        throw invalidArgument(
          'tracking.invalid_experiment_id',
          `Experiment id ${experiment.experimentId} is not a decimal id.`,
        );
      }
      // DO NOTHING keeps a PostgreSQL transaction usable, so the caller can still decide
      // what to do about the conflict.
      const result = await db
        .insertInto('experiments')
        .values({
          experiment_id: id,
          name: experiment.name,
          artifact_location: experiment.artifactLocation,
          lifecycle_stage: experiment.lifecycleStage,
          creation_time: experiment.creationTime,
          last_update_time: experiment.lastUpdateTime,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
        const byName = await db
          .selectFrom('experiments')
          .select('experiment_id')
          .where('name', '=', experiment.name)
          .executeTakeFirst();
        if (byName !== undefined) throw nameTaken(experiment.name);
        throw alreadyExists(
          'tracking.experiment_id_taken',
          `Experiment id ${experiment.experimentId} is already in use.`,
        );
      }
      await upsertTags(scope, id, experiment.tags);
    },
    async updateExperiment(experimentId, patch) {
      const id = parseExperimentId(experimentId);
      if (id === undefined) return;
      const set: Partial<ExperimentTable> = { last_update_time: patch.lastUpdateTime };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.lifecycleStage !== undefined) set.lifecycle_stage = patch.lifecycleStage;
      try {
        await db.updateTable('experiments').set(set).where('experiment_id', '=', id).execute();
      } catch (error) {
        if (patch.name !== undefined && isUniqueViolation(error)) throw nameTaken(patch.name);
        throw error;
      }
    },
    async setExperimentTag(experimentId, tag) {
      const id = parseExperimentId(experimentId);
      if (id !== undefined) await upsertTags(scope, id, [tag]);
    },
    async deleteExperimentTag(experimentId, key) {
      const id = parseExperimentId(experimentId);
      if (id === undefined) return;
      await db
        .deleteFrom('experiment_tags')
        .where('experiment_id', '=', id)
        .where('key', '=', key)
        .execute();
    },
  };
}

async function upsertTags({ db, dialect }: SqlScope, experimentId: number, tags: Tag[]) {
  const rows = lastPerKey(tags, (t) => t.key).map((t) => ({
    experiment_id: experimentId,
    key: t.key,
    value: t.value,
  }));
  for (const chunk of chunkForParameters(rows, 3, dialect)) {
    await db
      .insertInto('experiment_tags')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['experiment_id', 'key'])
          .doUpdateSet({ value: (eb) => eb.ref('excluded.value') }),
      )
      .execute();
  }
}

/** Experiments with their tags, in the order given, in one extra query per chunk. */
async function withTags(
  { db, dialect }: SqlScope,
  rows: Selectable<ExperimentTable>[],
): Promise<Experiment[]> {
  const tags = new Map<number, Tag[]>();
  for (const chunk of chunkForParameters(rows, 1, dialect)) {
    const tagRows = await db
      .selectFrom('experiment_tags')
      .selectAll()
      .where(
        'experiment_id',
        'in',
        chunk.map((r) => r.experiment_id),
      )
      .orderBy('key')
      .execute();
    for (const t of tagRows) {
      const list = tags.get(t.experiment_id) ?? [];
      list.push({ key: t.key, value: t.value });
      tags.set(t.experiment_id, list);
    }
  }
  return rows.map((row) => ({
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    creationTime: row.creation_time,
    lastUpdateTime: row.last_update_time,
    tags: tags.get(row.experiment_id) ?? [],
  }));
}

function compileExperimentSearch(
  query: ExperimentSearchQuery,
  dialect: SqlDialectName,
): RawBuilder<Selectable<ExperimentTable>> {
  const conditions: RawBuilder<SqlBool>[] = [
    sql`e.lifecycle_stage in (${sql.join(stagesFor(query.viewType))})`,
    ...query.filter.map((clause) => compileExperimentFilter(clause, dialect)),
  ];
  if (query.access !== undefined) {
    conditions.push(
      accessCondition(query.access, 'experiment', sql`cast(e.experiment_id as text)`),
    );
  }
  const orderBy =
    query.orderBy.length > 0
      ? query.orderBy
      : [{ key: 'last_update_time' as const, ascending: false }];
  const terms = orderBy.map(
    (o) => sql`${sql.ref(`e.${o.key}`)} ${sql.raw(o.ascending ? 'asc' : 'desc')}`,
  );
  if (!orderBy.some((o) => o.key === 'experiment_id')) terms.push(sql`e.experiment_id asc`);
  return sql<Selectable<ExperimentTable>>`select e.* from experiments e
    where ${sql.join(conditions, sql` and `)}
    order by ${sql.join(terms)}
    limit ${query.limit} offset ${query.offset}`;
}

const NUMERIC_ATTRIBUTES: ReadonlySet<ExperimentAttribute> = new Set([
  'experiment_id',
  'creation_time',
  'last_update_time',
]);

function compileExperimentFilter(
  clause: ExperimentFilterClause,
  dialect: SqlDialectName,
): RawBuilder<SqlBool> {
  if (clause.kind === 'tag') {
    return sql`exists (select 1 from experiment_tags t
      where t.experiment_id = e.experiment_id and t.key = ${clause.key}
      and ${compare(sql.ref('t.value'), clause.comparator, clause.value, dialect)})`;
  }
  if (!NUMERIC_ATTRIBUTES.has(clause.key)) {
    return compare(sql.ref(`e.${clause.key}`), clause.comparator, clause.value, dialect);
  }
  const value = Number(clause.value);
  if (!Number.isFinite(value)) {
    throw invalidArgument(
      'tracking.invalid_filter',
      `Attribute ${clause.key} compares with a number, not '${clause.value}'.`,
    );
  }
  return compare(sql.ref(`e.${clause.key}`), clause.comparator, value, dialect);
}
