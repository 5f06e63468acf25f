/**
 * Cairn entities → MLflow's wire JSON (the messages of `mlflow/protos/service.proto`).
 * Like protobuf's `MessageToJson` as MLflow calls it, unset optional fields and empty
 * repeated fields are left out, keys are snake_case and follow field-number order, and
 * int64 values are plain JSON numbers. Plain object literals keep serialization cheap.
 */
import type {
  DatasetInput,
  Experiment,
  LoggedModel,
  Metric,
  Param,
  Run,
  RunInfo,
  Tag,
} from '@cairn/core';
import { encodeDouble } from './json-dialect.ts';

export type JsonObject = Record<string, unknown>;

function keyValues(items: readonly (Tag | Param)[]): JsonObject[] {
  return items.map((item) => ({ key: item.key, value: item.value }));
}

/** Adds `name: value` to `target` when `value` has elements (proto: repeated, omitted when empty). */
export function putList(target: JsonObject, name: string, value: readonly unknown[]): void {
  if (value.length > 0) target[name] = value;
}

export function experimentJson(experiment: Experiment): JsonObject {
  const json: JsonObject = {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
  };
  putList(json, 'tags', keyValues(experiment.tags));
  return json;
}

/** RunInfo carries both `run_uuid` (deprecated) and `run_id`, as MLflow does. */
export function runInfoJson(info: RunInfo): JsonObject {
  const json: JsonObject = {
    run_uuid: info.runId,
    experiment_id: info.experimentId,
    run_name: info.runName,
    user_id: info.userId,
    status: info.status,
  };
  if (info.startTime !== null) json.start_time = info.startTime;
  if (info.endTime !== null) json.end_time = info.endTime;
  json.artifact_uri = info.artifactUri;
  json.lifecycle_stage = info.lifecycleStage;
  json.run_id = info.runId;
  return json;
}

export function metricJson(metric: Metric): JsonObject {
  const json: JsonObject = {
    key: metric.key,
    value: encodeDouble(metric.value),
    timestamp: metric.timestamp,
    step: metric.step,
  };
  if (metric.datasetName !== undefined) json.dataset_name = metric.datasetName;
  if (metric.datasetDigest !== undefined) json.dataset_digest = metric.datasetDigest;
  if (metric.modelId !== undefined) json.model_id = metric.modelId;
  if (metric.runId !== undefined) json.run_id = metric.runId;
  return json;
}

/** The `MetricWithRunId` of get-history-bulk-interval: no dataset or model fields. */
export function metricWithRunIdJson(metric: Metric): JsonObject {
  const json: JsonObject = {
    key: metric.key,
    value: encodeDouble(metric.value),
    timestamp: metric.timestamp,
    step: metric.step,
  };
  if (metric.runId !== undefined) json.run_id = metric.runId;
  return json;
}

function datasetInputJson(input: DatasetInput): JsonObject {
  const dataset: JsonObject = {
    name: input.dataset.name,
    digest: input.dataset.digest,
    source_type: input.dataset.sourceType,
    source: input.dataset.source,
  };
  if (input.dataset.schema !== undefined) dataset.schema = input.dataset.schema;
  if (input.dataset.profile !== undefined) dataset.profile = input.dataset.profile;
  const json: JsonObject = {};
  putList(json, 'tags', keyValues(input.tags));
  json.dataset = dataset;
  return json;
}

export function runJson(run: Run): JsonObject {
  const data: JsonObject = {};
  putList(data, 'metrics', run.data.metrics.map(metricJson));
  putList(data, 'params', keyValues(run.data.params));
  putList(data, 'tags', keyValues(run.data.tags));
  const inputs: JsonObject = {};
  putList(inputs, 'dataset_inputs', run.inputs.datasetInputs.map(datasetInputJson));
  putList(
    inputs,
    'model_inputs',
    run.inputs.modelInputs.map((input) => ({ model_id: input.modelId })),
  );
  const outputs: JsonObject = {};
  putList(
    outputs,
    'model_outputs',
    run.outputs.modelOutputs.map((output) => ({ model_id: output.modelId, step: output.step })),
  );
  return { info: runInfoJson(run.info), data, inputs, outputs };
}

/** `LoggedModel = {info: LoggedModelInfo, data: LoggedModelData}` (MLflow 3). */
export function loggedModelJson(model: LoggedModel): JsonObject {
  const info: JsonObject = {
    model_id: model.modelId,
    experiment_id: model.experimentId,
    name: model.name,
    creation_timestamp_ms: model.creationTimestamp,
    last_updated_timestamp_ms: model.lastUpdatedTimestamp,
    artifact_uri: model.artifactLocation,
    status: model.status,
  };
  if (model.modelType !== null) info.model_type = model.modelType;
  if (model.sourceRunId !== null) info.source_run_id = model.sourceRunId;
  if (model.statusMessage !== null) info.status_message = model.statusMessage;
  putList(info, 'tags', keyValues(model.tags));
  const data: JsonObject = {};
  putList(data, 'params', keyValues(model.params));
  putList(data, 'metrics', model.metrics.map(metricJson));
  return { info, data };
}

/** One `FileInfo`; `file_size` is absent for directories (the client tests for the key). */
export function fileInfoJson(path: string, isDir: boolean, size: number | undefined): JsonObject {
  const json: JsonObject = { path, is_dir: isDir };
  if (!isDir && size !== undefined) json.file_size = size;
  return json;
}

/** A response with one repeated field (left out when empty) and, if any, the next page's token. */
export function listResponse(
  name: string,
  items: readonly JsonObject[],
  nextPageToken?: string,
): JsonObject {
  const json: JsonObject = {};
  putList(json, name, items);
  if (nextPageToken) json.next_page_token = nextPageToken;
  return json;
}
