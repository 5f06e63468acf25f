/**
 * Loads whole runs (info, latest metrics, params, tags, inputs, outputs) for a list of
 * ids in a fixed number of batched queries, whatever the page size: no query per run.
 */
import type { DatasetInput, Run, RunInfo, RunStatus, LifecycleStage } from '@cairn/core';
import type { Selectable } from 'kysely';
import { chunkForParameters } from '../batching.ts';
import { decodeMetricValue } from './metric-values.ts';
import type { RunTable } from '../schema.ts';
import type { SqlScope } from '../transaction-runner.ts';

export function toRunInfo(row: Selectable<RunTable>): RunInfo {
  return {
    runId: row.run_uuid,
    runName: row.name,
    experimentId: String(row.experiment_id),
    userId: row.user_id,
    status: row.status as RunStatus,
    startTime: row.start_time,
    endTime: row.end_time,
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
  };
}

/** The runs with these ids, in the order of `runIds`; unknown ids are skipped. */
export async function loadRuns(scope: SqlScope, runIds: readonly string[]): Promise<Run[]> {
  const byId = new Map<string, Run>();
  for (const chunk of chunkForParameters(runIds, 1, scope.dialect)) {
    await loadChunk(scope, chunk, byId);
  }
  return runIds.flatMap((id) => byId.get(id) ?? []);
}

async function loadChunk({ db }: SqlScope, ids: string[], byId: Map<string, Run>): Promise<void> {
  const infos = await db.selectFrom('runs').selectAll().where('run_uuid', 'in', ids).execute();
  if (infos.length === 0) return;
  const byKey = new Map<number, Run>();
  for (const row of infos) {
    const loaded: Run = {
      info: toRunInfo(row),
      data: { metrics: [], params: [], tags: [] },
      inputs: { datasetInputs: [], modelInputs: [] },
      outputs: { modelOutputs: [] },
    };
    byId.set(row.run_uuid, loaded);
    byKey.set(row.run_key, loaded);
  }
  const keys = [...byKey.keys()];
  const run = (key: number): Run => byKey.get(key) as Run;

  // Ordered by the per-run tables' primary key (run_key, key): read without a sort.
  const metrics = await db
    .selectFrom('latest_metrics')
    .selectAll()
    .where('run_key', 'in', keys)
    .orderBy('run_key')
    .orderBy('key')
    .execute();
  for (const m of metrics) {
    run(m.run_key).data.metrics.push({
      key: m.key,
      value: decodeMetricValue(m),
      timestamp: m.timestamp,
      step: m.step,
    });
  }
  for (const table of ['params', 'run_tags'] as const) {
    const rows = await db
      .selectFrom(table)
      .selectAll()
      .where('run_key', 'in', keys)
      .orderBy('run_key')
      .orderBy('key')
      .execute();
    for (const row of rows) {
      const data = run(row.run_key).data;
      (table === 'params' ? data.params : data.tags).push({ key: row.key, value: row.value });
    }
  }

  const datasets = await db
    .selectFrom('run_dataset_inputs as i')
    .innerJoin('datasets as d', 'd.dataset_uuid', 'i.dataset_uuid')
    .select(['i.run_key', 'd.dataset_uuid', 'd.name', 'd.digest', 'd.source_type', 'd.source'])
    .select(['d.schema', 'd.profile'])
    .where('i.run_key', 'in', keys)
    .orderBy('d.name')
    .orderBy('d.digest')
    .execute();
  const inputs = new Map<string, DatasetInput>();
  for (const d of datasets) {
    const input: DatasetInput = {
      dataset: { name: d.name, digest: d.digest, sourceType: d.source_type, source: d.source },
      tags: [],
    };
    if (d.schema !== null) input.dataset.schema = d.schema;
    if (d.profile !== null) input.dataset.profile = d.profile;
    inputs.set(`${d.run_key}\u0000${d.dataset_uuid}`, input);
    run(d.run_key).inputs.datasetInputs.push(input);
  }
  if (inputs.size > 0) {
    const tags = await db
      .selectFrom('run_dataset_input_tags')
      .selectAll()
      .where('run_key', 'in', keys)
      .orderBy('run_key')
      .orderBy('key')
      .execute();
    for (const t of tags) {
      inputs.get(`${t.run_key}\u0000${t.dataset_uuid}`)?.tags.push({ key: t.key, value: t.value });
    }
  }

  const modelInputs = await db
    .selectFrom('run_model_inputs')
    .selectAll()
    .where('run_key', 'in', keys)
    .orderBy('model_id')
    .execute();
  for (const m of modelInputs) run(m.run_key).inputs.modelInputs.push({ modelId: m.model_id });
  const modelOutputs = await db
    .selectFrom('run_model_outputs')
    .selectAll()
    .where('run_key', 'in', keys)
    .orderBy('model_id')
    .orderBy('step')
    .execute();
  for (const m of modelOutputs) {
    run(m.run_key).outputs.modelOutputs.push({ modelId: m.model_id, step: m.step });
  }
}
