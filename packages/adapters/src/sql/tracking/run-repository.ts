/** Runs, their params and tags. */
import { notFound } from '@cairn/core';
import type { Param, Run, RunInfo, Tag, TrackingReader, TrackingWriter } from '@cairn/core';
import { chunkForParameters, firstPerKey, lastPerKey } from '../batching.ts';
import { parseExperimentId } from './lifecycle.ts';
import { requireRunKey } from './run-keys.ts';
import { loadRuns, toRunInfo } from './run-loader.ts';
import { compileRunSearch } from './run-search-compiler.ts';
import type { SqlScope } from '../transaction-runner.ts';

type RunReader = Pick<TrackingReader, 'getRun' | 'getRunInfo' | 'searchRuns' | 'getParams'>;
type RunWriter = Pick<
  TrackingWriter,
  'insertRun' | 'updateRunInfo' | 'insertParams' | 'setRunTags' | 'deleteRunTag'
>;

const KEY_VALUE_COLUMNS = 3;

export function createRunReader(scope: SqlScope): RunReader {
  const { db } = scope;
  return {
    async getRun(runId): Promise<Run | undefined> {
      const [run] = await loadRuns(scope, [runId]);
      return run;
    },
    async getRunInfo(runId): Promise<RunInfo | undefined> {
      const row = await db
        .selectFrom('runs')
        .selectAll()
        .where('run_uuid', '=', runId)
        .executeTakeFirst();
      return row === undefined ? undefined : toRunInfo(row);
    },
    async searchRuns(query): Promise<Run[]> {
      const statement = compileRunSearch(query, scope.dialect);
      if (statement === undefined) return [];
      const { rows } = await statement.execute(db);
      return loadRuns(
        scope,
        rows.map((row) => row.run_uuid),
      );
    },
    async getParams(runId, keys): Promise<Param[]> {
      const params: Param[] = [];
      for (const chunk of chunkForParameters(keys, 1, scope.dialect)) {
        const rows = await db
          .selectFrom('params')
          .innerJoin('runs', 'runs.run_key', 'params.run_key')
          .select(['params.key', 'params.value'])
          .where('runs.run_uuid', '=', runId)
          .where('params.key', 'in', chunk)
          .orderBy('params.key')
          .execute();
        for (const row of rows) params.push({ key: row.key, value: row.value });
      }
      return params;
    },
  };
}

export function createRunWriter(scope: SqlScope): RunWriter {
  const { db, dialect } = scope;
  const upsertTags = async (runKey: number, tags: Tag[]) => {
    const rows = lastPerKey(tags, (t) => t.key).map((t) => ({
      run_key: runKey,
      key: t.key,
      value: t.value,
    }));
    for (const chunk of chunkForParameters(rows, KEY_VALUE_COLUMNS, dialect)) {
      await db
        .insertInto('run_tags')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['run_key', 'key']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') }),
        )
        .execute();
    }
  };
  return {
    async insertRun(info, tags) {
      const experimentId = parseExperimentId(info.experimentId);
      if (experimentId === undefined) {
        throw notFound('tracking.experiment_not_found', `No experiment ${info.experimentId}.`);
      }
      const { run_key } = await db
        .insertInto('runs')
        .values({
          run_uuid: info.runId,
          name: info.runName,
          experiment_id: experimentId,
          user_id: info.userId,
          status: info.status,
          start_time: info.startTime,
          end_time: info.endTime,
          deleted_time: null,
          artifact_uri: info.artifactUri,
          lifecycle_stage: info.lifecycleStage,
        })
        .returning('run_key')
        .executeTakeFirstOrThrow();
      await upsertTags(run_key, tags);
    },
    async updateRunInfo(runId, patch) {
      const set: Record<string, unknown> = {};
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.endTime !== undefined) set.end_time = patch.endTime;
      if (patch.runName !== undefined) set.name = patch.runName;
      if (patch.lifecycleStage !== undefined) set.lifecycle_stage = patch.lifecycleStage;
      if (patch.deletedTime !== undefined) set.deleted_time = patch.deletedTime;
      if (Object.keys(set).length === 0) return;
      await db.updateTable('runs').set(set).where('run_uuid', '=', runId).execute();
    },
    async insertParams(runId, params) {
      const runKey = await requireRunKey(scope, runId);
      const rows = firstPerKey(params, (p) => p.key).map((p) => ({
        run_key: runKey,
        key: p.key,
        value: p.value,
      }));
      for (const chunk of chunkForParameters(rows, KEY_VALUE_COLUMNS, dialect)) {
        await db
          .insertInto('params')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async setRunTags(runId, tags) {
      await upsertTags(await requireRunKey(scope, runId), tags);
    },
    async deleteRunTag(runId, key) {
      await db
        .deleteFrom('run_tags')
        .where('run_key', '=', (eb) =>
          eb.selectFrom('runs').select('run_key').where('run_uuid', '=', runId),
        )
        .where('key', '=', key)
        .execute();
    },
  };
}
