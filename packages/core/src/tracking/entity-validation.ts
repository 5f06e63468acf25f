/**
 * Validation of tracking inputs, to MLflow's rules and messages (`mlflow/utils/validation.py`).
 * Every failure is INVALID_ARGUMENT with a stable code; the MLflow layer answers
 * INVALID_PARAMETER_VALUE (400) for all of them, so a client never retries a bad request.
 */
import { invalidArgument } from '../kernel/index.ts';
import type { DatasetInput, Metric, Param, Tag } from './entities.ts';
import { invalidValueMessage, validateEntityKey } from './key-validation.ts';
import { TrackingLimits } from './limits.ts';

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;
/** Ids are short (run ids are 32 hex, MLflow allows 256); anything longer is not an id. */
const MAX_ID_LENGTH = 256;

function tooLong(path: string, limit: number): never {
  throw invalidArgument(
    'tracking.value_too_long',
    `'${path}' exceeds the maximum length of ${limit} characters`,
    { details: { field: path, limit } },
  );
}

function requireString(value: unknown, path: string): string {
  if (value === undefined || value === null) {
    throw invalidArgument(
      'tracking.missing_value',
      `Missing value for required parameter '${path}'.`,
      {
        details: { field: path },
      },
    );
  }
  if (typeof value !== 'string') {
    throw invalidArgument(
      'tracking.invalid_value',
      invalidValueMessage(path, value, 'Expected a string.'),
      {
        details: { field: path },
      },
    );
  }
  return value;
}

/** A bounded string that is rejected (never truncated) past `limit`. */
export function validateBoundedString(value: unknown, path: string, limit: number): string {
  const text = requireString(value, path);
  if (text.length > limit) tooLong(path, limit);
  return text;
}

/** Param and tag values: MLflow truncates over-long ones (its default), so do we. */
function truncatedValue(value: unknown, path: string, limit: number): string {
  const text = requireString(value, path);
  return text.length > limit ? text.slice(0, limit) : text;
}

export function validateRunId(runId: unknown, path = 'run_id'): string {
  const text = requireString(runId, path);
  if (!RUN_ID.test(text)) {
    throw invalidArgument('tracking.invalid_run_id', invalidValueMessage(path, text), {
      details: { field: path },
    });
  }
  return text;
}

export function validateExperimentId(experimentId: unknown, path = 'experiment_id'): string {
  const text = requireString(experimentId, path);
  if (!EXPERIMENT_ID.test(text)) {
    throw invalidArgument('tracking.invalid_experiment_id', `Invalid experiment ID: '${text}'`, {
      details: { field: path },
    });
  }
  return text;
}

/** A non-negative integer of milliseconds since the epoch. */
export function validateTimestamp(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(
      'tracking.invalid_timestamp',
      invalidValueMessage(path, value, 'Timestamp must be a nonnegative long (64-bit integer)'),
      { details: { field: path } },
    );
  }
  return value;
}

export function validateStep(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidArgument(
      'tracking.invalid_step',
      invalidValueMessage(path, value, 'Step must be a valid long (64-bit integer).'),
      { details: { field: path } },
    );
  }
  return value;
}

/** An id used for a look-up (experiment, run, model): a non-empty string of bounded length. */
export function validateLookupId(value: unknown, path: string): string {
  const text = requireString(value, path);
  if (text === '') {
    throw invalidArgument(
      'tracking.missing_value',
      `Missing value for required parameter '${path}'.`,
      {
        details: { field: path },
      },
    );
  }
  if (text.length > MAX_ID_LENGTH) tooLong(path, MAX_ID_LENGTH);
  return text;
}

function requireObject(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') {
    throw invalidArgument(
      'tracking.invalid_value',
      invalidValueMessage(path, value, 'Expected an object.'),
      {
        details: { field: path },
      },
    );
  }
}

/** Checks one metric point in place; NaN and ±Infinity are valid values. */
export function validateMetric(metric: Metric, path: string): void {
  requireObject(metric, path.replace(/\.$/, '') || 'metric');
  validateEntityKey(metric.key, `${path}name`, TrackingLimits.maxEntityKeyLength);
  if (typeof metric.value !== 'number') {
    throw invalidArgument(
      'tracking.invalid_metric_value',
      invalidValueMessage(
        `${path}value`,
        metric.value,
        `(timestamp=${String(metric.timestamp)}). Please specify value as a valid double (64-bit floating point)`,
      ),
      { details: { field: `${path}value` } },
    );
  }
  validateTimestamp(metric.timestamp, `${path}timestamp`);
  validateStep(metric.step, `${path}step`);
  const optional = [
    ['datasetName', 'dataset_name', TrackingLimits.maxDatasetNameLength],
    ['datasetDigest', 'dataset_digest', TrackingLimits.maxDatasetDigestLength],
    ['modelId', 'model_id', TrackingLimits.maxEntityKeyLength],
  ] as const;
  for (const [field, name, limit] of optional) {
    const value = metric[field];
    if (value !== undefined) validateBoundedString(value, `${path}${name}`, limit);
  }
}

export function validateParam(param: Param, path: string): Param {
  requireObject(param, path.replace(/\.$/, '') || 'param');
  return {
    key: validateEntityKey(param.key, `${path}key`, TrackingLimits.maxEntityKeyLength),
    value: truncatedValue(param.value, `${path}value`, TrackingLimits.maxParamValueLength),
  };
}

/** Run and logged-model tags. */
export function validateTag(tag: Tag, path: string): Tag {
  requireObject(tag, path.replace(/\.$/, '') || 'tag');
  return {
    key: validateEntityKey(tag.key, `${path}key`, TrackingLimits.maxEntityKeyLength),
    value: truncatedValue(tag.value, `${path}value`, TrackingLimits.maxTagValueLength),
  };
}

export function validateExperimentTag(tag: Tag, path: string): Tag {
  requireObject(tag, path.replace(/\.$/, '') || 'tag');
  const key = validateEntityKey(tag.key, `${path}key`, TrackingLimits.maxExperimentTagKeyLength);
  const value = validateBoundedString(
    tag.value,
    `${path}value`,
    TrackingLimits.maxExperimentTagValueLength,
  );
  return { key, value };
}

export function validateExperimentName(name: unknown, path = 'name'): string {
  if (name === undefined || name === null || name === '') {
    throw invalidArgument(
      'tracking.invalid_experiment_name',
      `Invalid experiment name: '${String(name ?? '')}'`,
      {
        details: { field: path },
      },
    );
  }
  if (typeof name !== 'string') {
    throw invalidArgument(
      'tracking.invalid_experiment_name',
      `Invalid experiment name: ${JSON.stringify(name)}. Expects a string.`,
      { details: { field: path } },
    );
  }
  if (name.length > TrackingLimits.maxExperimentNameLength) {
    tooLong(path, TrackingLimits.maxExperimentNameLength);
  }
  return name;
}

function batchLimit(entity: string, limit: number, count: number): void {
  if (count > limit) {
    throw invalidArgument(
      'tracking.batch_too_large',
      `A batch logging request can contain at most ${limit} ${entity}. Got ${count} ${entity}. Please split up ${entity} across multiple requests and try again.`,
      { details: { limit, count } },
    );
  }
}

/** MLflow's per-request limits: 1000 metrics, 100 params, 100 tags, 1000 in total. */
export function validateBatchLimits(metrics: number, params: number, tags: number): void {
  batchLimit('metrics', TrackingLimits.maxMetricsPerBatch, metrics);
  batchLimit('params', TrackingLimits.maxParamsPerBatch, params);
  batchLimit('tags', TrackingLimits.maxTagsPerBatch, tags);
  batchLimit(
    'metrics, params, and tags',
    TrackingLimits.maxEntitiesPerBatch,
    metrics + params + tags,
  );
}

/** A batch may not carry two values for one param key, even equal ones. */
export function validateParamKeysUnique(params: readonly Param[]): void {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const { key } of params) {
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  if (duplicates.length > 0) {
    throw invalidArgument(
      'tracking.duplicate_param_keys',
      `Duplicate parameter keys have been submitted: ${JSON.stringify(duplicates)}. Please ensure the request contains only one param value per param key.`,
      { details: { keys: duplicates } },
    );
  }
}

/** Datasets and their input tags (`_validate_dataset_inputs`). */
export function validateDatasetInputs(
  inputs: readonly DatasetInput[],
  path = 'datasets',
): DatasetInput[] {
  batchLimit('datasets', TrackingLimits.maxDatasetsPerBatch, inputs.length);
  return inputs.map((input, index) => {
    const at = `${path}[${index}]`;
    if (
      input === null ||
      typeof input !== 'object' ||
      input.dataset === null ||
      typeof input.dataset !== 'object'
    ) {
      throw invalidArgument(
        'tracking.missing_value',
        `Missing value for required parameter '${at}.dataset'.`,
        {
          details: { field: `${at}.dataset` },
        },
      );
    }
    const { dataset } = input;
    const schema =
      dataset.schema === undefined
        ? undefined
        : validateBoundedString(
            dataset.schema,
            `${at}.dataset.schema`,
            TrackingLimits.maxDatasetSchemaLength,
          );
    const profile =
      dataset.profile === undefined
        ? undefined
        : validateBoundedString(
            dataset.profile,
            `${at}.dataset.profile`,
            TrackingLimits.maxDatasetProfileLength,
          );
    const rawTags: unknown = input.tags ?? [];
    if (!Array.isArray(rawTags)) {
      throw invalidArgument('tracking.invalid_value', `Parameter '${at}.tags' must be a list.`, {
        details: { field: `${at}.tags` },
      });
    }
    const tags = (rawTags as Tag[]).map((tag, tagIndex) => {
      const tagPath = `${at}.tags[${tagIndex}]`;
      requireObject(tag, tagPath);
      return {
        key: validateBoundedString(tag.key, `${tagPath}.key`, TrackingLimits.maxInputTagKeyLength),
        value: validateBoundedString(
          tag.value,
          `${tagPath}.value`,
          TrackingLimits.maxInputTagValueLength,
        ),
      };
    });
    return {
      dataset: {
        name: validateBoundedString(
          dataset.name,
          `${at}.dataset.name`,
          TrackingLimits.maxDatasetNameLength,
        ),
        digest: validateBoundedString(
          dataset.digest,
          `${at}.dataset.digest`,
          TrackingLimits.maxDatasetDigestLength,
        ),
        sourceType: validateBoundedString(
          dataset.sourceType,
          `${at}.dataset.source_type`,
          TrackingLimits.maxDatasetSourceTypeLength,
        ),
        source: validateBoundedString(
          dataset.source,
          `${at}.dataset.source`,
          TrackingLimits.maxDatasetSourceLength,
        ),
        ...(schema === undefined ? {} : { schema }),
        ...(profile === undefined ? {} : { profile }),
      },
      tags,
    };
  });
}

const LOGGED_MODEL_NAME_FORBIDDEN = ['/', ':', '.', '%', '"', "'"] as const;

/** MLflow 3 rejects model names that would be ambiguous in `models:/` URIs. */
export function validateLoggedModelName(name: unknown, path = 'name'): string {
  const text = requireString(name, path);
  if (text === '' || LOGGED_MODEL_NAME_FORBIDDEN.some((c) => text.includes(c))) {
    throw invalidArgument(
      'tracking.invalid_logged_model_name',
      `Invalid model name (${JSON.stringify(text)}) provided. Model name must be a non-empty string and cannot contain the following characters: ${LOGGED_MODEL_NAME_FORBIDDEN.join(' ')}`,
      { details: { field: path } },
    );
  }
  if (text.length > TrackingLimits.maxLoggedModelNameLength)
    tooLong(path, TrackingLimits.maxLoggedModelNameLength);
  return text;
}
