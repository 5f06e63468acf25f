/**
 * Run use cases of the tracking service (MLflow's `runs/*` endpoints). `logBatch` is the
 * hot path: everything is validated in memory first, then one write transaction makes at
 * most a handful of store calls whatever the batch size.
 */
import { invalidArgument, newRunId, notFound } from '../kernel/index.ts';
import { appendToUri } from './artifact-location.ts';
import { LifecycleStage, RunStatus } from './entities.ts';
import type { DatasetInput, Metric, ModelOutput, Param, Run, RunInfo, Tag } from './entities.ts';
import {
  validateBatchLimits,
  validateBoundedString,
  validateDatasetInputs,
  validateLookupId,
  validateMetric,
  validateParam,
  validateParamKeysUnique,
  validateRunId,
  validateStep,
  validateTag,
  validateTimestamp,
} from './entity-validation.ts';
import { resolveViewType } from './experiment-operations.ts';
import { parseRunFilter } from './filter-parser.ts';
import { TrackingLimits } from './limits.ts';
import { parseRunOrderBy } from './order-by-parser.ts';
import { decodePageToken, resolvePageSize, toPage } from './page-token.ts';
import { generateRunName } from './run-name.ts';
import type { TrackingWriter } from './ports.ts';
import {
  appendEvent,
  asList,
  assertExperimentActive,
  assertRunActive,
  dedupeByKey,
  requireActiveRun,
  requireExperiment,
  requireRunInfo,
} from './service-support.ts';
import type { TrackingServiceDeps } from './service-support.ts';
import type { TrackingApi } from './tracking-api.ts';
import { TrackingEntityTypes, TrackingEvents } from './tracking-events.ts';
import { RUN_NAME_TAG, assertParamsUnchanged } from './param-rules.ts';

type RunOperations = Pick<
  TrackingApi,
  | 'createRun'
  | 'getRun'
  | 'updateRun'
  | 'deleteRun'
  | 'restoreRun'
  | 'searchRuns'
  | 'logBatch'
  | 'deleteRunTag'
  | 'logInputs'
  | 'logOutputs'
>;

const RUN_STATUSES: readonly string[] = Object.values(RunStatus);
const DEFAULT_EXPERIMENT_ID = '0';

const runEntity = (id: string) => ({ type: TrackingEntityTypes.run, id });

function validateRunName(value: unknown, path: string): string {
  return validateBoundedString(value, path, TrackingLimits.maxTagValueLength);
}

/** A metric with only the fields a client may set (a `runId` in the input is ignored). */
function cleanMetric(metric: Metric): Metric {
  const clean: Metric = {
    key: metric.key,
    value: metric.value,
    timestamp: metric.timestamp,
    step: metric.step,
  };
  if (metric.datasetName !== undefined) clean.datasetName = metric.datasetName;
  if (metric.datasetDigest !== undefined) clean.datasetDigest = metric.datasetDigest;
  if (metric.modelId !== undefined) clean.modelId = metric.modelId;
  return clean;
}

/** Setting the `mlflow.runName` tag renames the run, as in MLflow's `set_tag`. */
async function syncRunNameFromTags(
  writer: TrackingWriter,
  info: RunInfo,
  tags: readonly Tag[],
): Promise<void> {
  const nameTag = tags.find((tag) => tag.key === RUN_NAME_TAG);
  if (nameTag !== undefined && nameTag.value !== info.runName) {
    await writer.updateRunInfo(info.runId, { runName: nameTag.value });
  }
}

export function createRunOperations(deps: TrackingServiceDeps): RunOperations {
  const { store, clock } = deps;

  return {
    async createRun(ctx, input, options) {
      const experimentId =
        input.experimentId === undefined || input.experimentId === ''
          ? DEFAULT_EXPERIMENT_ID
          : validateLookupId(input.experimentId, 'experiment_id');
      const tags = dedupeByKey(
        asList(input.tags, 'tags').map((tag, i) => validateTag(tag, `tags[${i}].`)),
      );
      const nameTag = tags.find((tag) => tag.key === RUN_NAME_TAG)?.value;
      const givenName =
        input.runName === undefined || input.runName === ''
          ? undefined
          : validateRunName(input.runName, 'run_name');
      if (givenName !== undefined && nameTag !== undefined && givenName !== nameTag) {
        throw invalidArgument(
          'tracking.run_name_conflict',
          `Both 'run_name' argument and '${RUN_NAME_TAG}' tag are specified, but with different values (run_name='${givenName}', ${RUN_NAME_TAG}='${nameTag}').`,
        );
      }
      const runName = givenName ?? nameTag ?? generateRunName();
      if (nameTag === undefined) tags.push({ key: RUN_NAME_TAG, value: runName });
      const userId =
        input.userId === undefined || input.userId === ''
          ? ctx.actor
          : validateBoundedString(input.userId, 'user_id', TrackingLimits.maxEntityKeyLength);
      const startTime =
        input.startTime === undefined
          ? undefined
          : validateTimestamp(input.startTime, 'start_time');
      const key = options?.idempotencyKey;

      return store.write(async (writer) => {
        if (key !== undefined) {
          const remembered = await writer.findRememberedResult(key);
          const previous = remembered === undefined ? undefined : await writer.getRun(remembered);
          if (previous !== undefined) return previous;
        }
        const experiment = await requireExperiment(writer, experimentId);
        assertExperimentActive(experiment);
        const now = clock.now();
        const runId = newRunId();
        const info: RunInfo = {
          runId,
          runName,
          experimentId,
          userId,
          status: RunStatus.RUNNING,
          startTime: startTime ?? now,
          endTime: null,
          artifactUri: appendToUri(experiment.artifactLocation, runId, 'artifacts'),
          lifecycleStage: LifecycleStage.ACTIVE,
        };
        await writer.insertRun(info, tags);
        await appendEvent(writer, ctx, now, TrackingEvents.runCreated, runEntity(runId), {
          experimentId,
          runName,
        });
        if (key !== undefined) await writer.rememberResult(key, runId, now);
        const run: Run = {
          info,
          data: { metrics: [], params: [], tags },
          inputs: { datasetInputs: [], modelInputs: [] },
          outputs: { modelOutputs: [] },
        };
        return run;
      });
    },

    async getRun(_ctx, runId) {
      const id = validateLookupId(runId, 'run_id');
      const run = await store.read((reader) => reader.getRun(id));
      if (run === undefined) {
        throw notFound('tracking.run_not_found', `Run with id=${id} not found`, {
          details: { runId: id },
        });
      }
      return run;
    },

    async updateRun(ctx, runId, patch) {
      const id = validateLookupId(runId, 'run_id');
      if (patch.status !== undefined && !RUN_STATUSES.includes(patch.status)) {
        throw invalidArgument(
          'tracking.invalid_run_status',
          `Invalid value ${JSON.stringify(patch.status)} for parameter 'status' supplied. Expected one of ${RUN_STATUSES.join(', ')}.`,
          { details: { field: 'status' } },
        );
      }
      const endTime =
        patch.endTime === undefined ? undefined : validateTimestamp(patch.endTime, 'end_time');
      const runName =
        patch.runName === undefined || patch.runName === ''
          ? undefined
          : validateRunName(patch.runName, 'run_name');

      return store.write(async (writer) => {
        const info = await requireActiveRun(writer, id);
        const changes: { status?: RunStatus; endTime?: number; runName?: string } = {};
        if (patch.status !== undefined) changes.status = patch.status;
        if (endTime !== undefined) changes.endTime = endTime;
        if (runName !== undefined) changes.runName = runName;
        if (Object.keys(changes).length === 0) return info;
        await writer.updateRunInfo(id, changes);
        if (runName !== undefined)
          await writer.setRunTags(id, [{ key: RUN_NAME_TAG, value: runName }]);
        await appendEvent(writer, ctx, clock.now(), TrackingEvents.runUpdated, runEntity(id), {
          ...changes,
        });
        return { ...info, ...changes };
      });
    },

    async deleteRun(ctx, runId) {
      const id = validateLookupId(runId, 'run_id');
      await store.write(async (writer) => {
        const info = await requireRunInfo(writer, id);
        if (info.lifecycleStage === LifecycleStage.DELETED) return;
        const now = clock.now();
        await writer.updateRunInfo(id, {
          lifecycleStage: LifecycleStage.DELETED,
          deletedTime: now,
        });
        await appendEvent(writer, ctx, now, TrackingEvents.runDeleted, runEntity(id), {});
      });
    },

    async restoreRun(ctx, runId) {
      const id = validateLookupId(runId, 'run_id');
      await store.write(async (writer) => {
        const info = await requireRunInfo(writer, id);
        if (info.lifecycleStage === LifecycleStage.ACTIVE) return;
        await writer.updateRunInfo(id, {
          lifecycleStage: LifecycleStage.ACTIVE,
          deletedTime: null,
        });
        await appendEvent(writer, ctx, clock.now(), TrackingEvents.runRestored, runEntity(id), {});
      });
    },

    async searchRuns(ctx, input) {
      const experimentIds = asList(input.experimentIds, 'experiment_ids').map((id, i) =>
        validateLookupId(id, `experiment_ids[${i}]`),
      );
      const filter = parseRunFilter(input.filter);
      const orderBy = parseRunOrderBy(input.orderBy);
      const limit = resolvePageSize(
        input.maxResults,
        TrackingLimits.searchRunsDefault,
        TrackingLimits.searchRunsMax,
      );
      const offset = decodePageToken(input.pageToken);
      const viewType = resolveViewType(input.viewType, 'run_view_type');
      if (experimentIds.length === 0) return { items: [] };
      const rows = await store.read((reader) =>
        reader.searchRuns({
          experimentIds,
          filter,
          orderBy,
          viewType,
          offset,
          limit: limit + 1,
          ...(ctx.access === undefined ? {} : { access: ctx.access }),
        }),
      );
      return toPage(rows, offset, limit);
    },

    async logBatch(ctx, runId, batch) {
      const id = validateRunId(runId);
      const rawMetrics = asList(batch.metrics, 'metrics');
      const rawParams = asList(batch.params, 'params');
      const rawTags = asList(batch.tags, 'tags');
      validateBatchLimits(rawMetrics.length, rawParams.length, rawTags.length);
      const metrics = rawMetrics.map((metric, i) => {
        validateMetric(metric, `metrics[${i}].`);
        return cleanMetric(metric);
      });
      const params: Param[] = rawParams.map((param, i) => validateParam(param, `params[${i}].`));
      validateParamKeysUnique(params);
      const tags = dedupeByKey(rawTags.map((tag, i) => validateTag(tag, `tags[${i}].`)));

      if (metrics.length === 0 && params.length === 0 && tags.length === 0) {
        await store.read((reader) => requireActiveRun(reader, id));
        return;
      }
      await store.write(async (writer) => {
        const info = await requireActiveRun(writer, id);
        if (params.length > 0) {
          const existing = await writer.getParams(
            id,
            params.map((param) => param.key),
          );
          const fresh = assertParamsUnchanged(params, existing, `run ID='${id}'`);
          if (fresh.length > 0) await writer.insertParams(id, fresh);
        }
        if (metrics.length > 0) await writer.insertMetrics(id, metrics);
        if (tags.length > 0) {
          await writer.setRunTags(id, tags);
          await syncRunNameFromTags(writer, info, tags);
        }
        await appendEvent(writer, ctx, clock.now(), TrackingEvents.batchLogged, runEntity(id), {
          metrics: metrics.length,
          params: params.length,
          tags: tags.length,
        });
      });
    },

    async deleteRunTag(ctx, runId, key) {
      const id = validateLookupId(runId, 'run_id');
      const tagKey = validateBoundedString(key, 'key', TrackingLimits.maxEntityKeyLength);
      await store.write(async (writer) => {
        const run = await writer.getRun(id);
        if (run === undefined) {
          throw notFound('tracking.run_not_found', `Run with id=${id} not found`, {
            details: { runId: id },
          });
        }
        assertRunActive(run.info);
        if (!run.data.tags.some((tag) => tag.key === tagKey)) {
          throw notFound(
            'tracking.tag_not_found',
            `No tag with name: ${tagKey} in run with id ${id}`,
            {
              details: { runId: id, key: tagKey },
            },
          );
        }
        await writer.deleteRunTag(id, tagKey);
        await appendEvent(writer, ctx, clock.now(), TrackingEvents.runTagDeleted, runEntity(id), {
          key: tagKey,
        });
      });
    },

    async logInputs(ctx, runId, input) {
      const id = validateRunId(runId);
      const datasets = dedupeDatasets(validateDatasetInputs(asList(input.datasets, 'datasets')));
      const rawModelIds = asList(input.modelIds, 'models');
      if (rawModelIds.length > TrackingLimits.maxModelsPerBatch) {
        throw invalidArgument(
          'tracking.batch_too_large',
          `A request can link at most ${TrackingLimits.maxModelsPerBatch} models. Got ${rawModelIds.length}.`,
        );
      }
      const modelIds = [
        ...new Set(
          rawModelIds.map((modelId, i) => validateLookupId(modelId, `models[${i}].model_id`)),
        ),
      ];

      await store.write(async (writer) => {
        const info = await requireActiveRun(writer, id);
        if (datasets.length === 0 && modelIds.length === 0) return;
        if (datasets.length > 0) await writer.insertDatasetInputs(id, info.experimentId, datasets);
        if (modelIds.length > 0) await writer.insertModelInputs(id, modelIds);
        await appendEvent(writer, ctx, clock.now(), TrackingEvents.inputsLogged, runEntity(id), {
          datasets: datasets.length,
          models: modelIds.length,
        });
      });
    },

    async logOutputs(ctx, runId, outputs) {
      const id = validateLookupId(runId, 'run_id');
      const raw = asList(outputs, 'models');
      if (raw.length > TrackingLimits.maxModelsPerBatch) {
        throw invalidArgument(
          'tracking.batch_too_large',
          `A request can link at most ${TrackingLimits.maxModelsPerBatch} models. Got ${raw.length}.`,
        );
      }
      const models: ModelOutput[] = raw.map((output, i) => ({
        modelId: validateLookupId(output?.modelId, `models[${i}].model_id`),
        step: validateStep(output.step, `models[${i}].step`),
      }));
      await store.write(async (writer) => {
        await requireActiveRun(writer, id);
        if (models.length === 0) return;
        await writer.insertModelOutputs(id, models);
        await appendEvent(writer, ctx, clock.now(), TrackingEvents.outputsLogged, runEntity(id), {
          models: models.length,
        });
      });
    },
  };
}

/** The first of several inputs with the same dataset (name, digest) wins, as in MLflow. */
function dedupeDatasets(inputs: DatasetInput[]): DatasetInput[] {
  const seen = new Set<string>();
  return inputs.filter(({ dataset }) => {
    const key = JSON.stringify([dataset.name, dataset.digest]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
