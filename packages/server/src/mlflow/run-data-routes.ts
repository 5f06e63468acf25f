/**
 * MLflow endpoints that log data into a run: metrics, params, tags, batches, inputs and
 * outputs. The single-item endpoints go through `logBatch`, the one write path whose
 * retries the store already makes idempotent.
 */
import { invalidArgument } from '@cairn/core';
import type { DatasetInput, Metric, TrackingApi } from '@cairn/core';
import {
  keyValueList,
  missingParameter,
  objectList,
  optionalInt64,
  optionalObject,
  optionalString,
  requiredDouble,
  requiredInt64,
  requiredRunId,
  requiredString,
} from './request-fields.ts';
import type { Fields } from './request-fields.ts';
import type { JsonRoute } from './route-kit.ts';

/** MLflow's `MAX_BATCH_LOG_REQUEST_SIZE`, checked by its log-batch handler. */
export const MAX_BATCH_LOG_REQUEST_BYTES = 1_000_000;

/** The run tag in which the legacy `runs/log-model` endpoint keeps its history. */
export const LOGGED_MODEL_HISTORY_TAG = 'mlflow.log-model.history';

const MODEL_JSON_REQUIRED_KEYS = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'];

function batchTooLarge(size: number) {
  return invalidArgument(
    'mlflow.batch_too_large',
    `Batched logging API requests must be at most ${MAX_BATCH_LOG_REQUEST_BYTES} bytes, ` +
      `got a request of size ${size}.`,
    { details: { limit: MAX_BATCH_LOG_REQUEST_BYTES } },
  );
}

/** A `Metric` message; `path` names it in errors (`metrics[3]`). */
function readMetric(fields: Fields, path: string): Metric {
  return {
    key: requiredString(fields, 'key', `${path}key`),
    value: requiredDouble(fields, 'value', `${path}value`),
    timestamp: requiredInt64(fields, 'timestamp', `${path}timestamp`),
    step: optionalInt64(fields, 'step', `${path}step`) ?? 0,
    modelId: optionalString(fields, 'model_id', `${path}model_id`) || undefined,
    datasetName: optionalString(fields, 'dataset_name', `${path}dataset_name`) || undefined,
    datasetDigest: optionalString(fields, 'dataset_digest', `${path}dataset_digest`) || undefined,
  };
}

function readDatasetInput(item: Fields, index: number): DatasetInput {
  const path = `datasets[${index}].dataset`;
  const dataset = optionalObject(item, 'dataset', path);
  if (dataset === undefined) throw missingParameter(path);
  return {
    tags: keyValueList(item, 'tags'),
    dataset: {
      name: requiredString(dataset, 'name', `${path}.name`),
      digest: requiredString(dataset, 'digest', `${path}.digest`),
      sourceType: requiredString(dataset, 'source_type', `${path}.source_type`),
      source: requiredString(dataset, 'source', `${path}.source`),
      schema: optionalString(dataset, 'schema', `${path}.schema`),
      profile: optionalString(dataset, 'profile', `${path}.profile`),
    },
  };
}

/** Parses `model_json` of the legacy log-model call with MLflow's messages. */
function readModelJson(modelJson: string): Record<string, unknown> {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    model = undefined;
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw invalidArgument(
      'mlflow.malformed_model_json',
      `Malformed model info. \n ${modelJson} \n is not a valid JSON.`,
    );
  }
  const missing = MODEL_JSON_REQUIRED_KEYS.filter((key) => !(key in model));
  if (missing.length > 0) {
    throw invalidArgument(
      'mlflow.incomplete_model_json',
      `Model json is missing mandatory fields: {${missing.map((key) => `'${key}'`).join(', ')}}`,
    );
  }
  return model as Record<string, unknown>;
}

function parseHistory(value: string | undefined): unknown[] {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

export function runDataRoutes(tracking: TrackingApi): JsonRoute[] {
  return [
    {
      method: 'POST',
      path: '/runs/log-metric',
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        await tracking.logBatch(ctx, runId, { metrics: [readMetric(fields, '')] });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/log-parameter',
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        const param = {
          key: requiredString(fields, 'key'),
          value: optionalString(fields, 'value') ?? '',
        };
        await tracking.logBatch(ctx, runId, { params: [param] });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/set-tag',
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        const tag = {
          key: requiredString(fields, 'key'),
          value: optionalString(fields, 'value') ?? '',
        };
        await tracking.logBatch(ctx, runId, { tags: [tag] });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/delete-tag',
      async handle({ fields, ctx }) {
        await tracking.deleteRunTag(ctx, requiredRunId(fields), requiredString(fields, 'key'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/log-batch',
      bodyLimit: { maxBytes: MAX_BATCH_LOG_REQUEST_BYTES, tooLarge: batchTooLarge },
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        const metrics = objectList(fields, 'metrics').map((item, index) =>
          readMetric(item, `metrics[${index}].`),
        );
        await tracking.logBatch(ctx, runId, {
          metrics,
          params: keyValueList(fields, 'params'),
          tags: keyValueList(fields, 'tags'),
        });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/log-inputs',
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        const datasets = objectList(fields, 'datasets').map(readDatasetInput);
        const modelIds = objectList(fields, 'models').map((item, index) =>
          requiredString(item, 'model_id', `models[${index}].model_id`),
        );
        await tracking.logInputs(ctx, runId, { datasets, modelIds });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/runs/outputs',
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        if (fields.models === undefined || fields.models === null) throw missingParameter('models');
        const outputs = objectList(fields, 'models').map((item, index) => ({
          modelId: requiredString(item, 'model_id', `models[${index}].model_id`),
          step: requiredInt64(item, 'step', `models[${index}].step`),
        }));
        await tracking.logOutputs(ctx, runId, outputs);
        return {};
      },
    },
    {
      // Legacy (MLflow 2.x clients): appends the MLmodel summary to a JSON list in a run tag.
      method: 'POST',
      path: '/runs/log-model',
      async handle({ fields, ctx }) {
        const runId = requiredRunId(fields);
        const model = readModelJson(requiredString(fields, 'model_json'));
        const run = await tracking.getRun(ctx, runId);
        const previous = run.data.tags.find((tag) => tag.key === LOGGED_MODEL_HISTORY_TAG);
        const history = [...parseHistory(previous?.value), model];
        await tracking.logBatch(ctx, runId, {
          tags: [{ key: LOGGED_MODEL_HISTORY_TAG, value: JSON.stringify(history) }],
        });
        return {};
      },
    },
  ];
}
