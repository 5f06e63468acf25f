/**
 * Typed reads of request fields with MLflow's own error messages (`handlers.py`
 * `_validate_param_against_schema`): a missing required field is "Missing value for
 * required parameter 'x'.", a value of the wrong type is "Invalid value … for parameter
 * 'x' supplied", both INVALID_PARAMETER_VALUE. Only wire shape is checked here; business
 * rules (key syntax, lengths, batch limits) belong to the services.
 */
import { invalidArgument } from '@cairn/core';
import type { CairnError } from '@cairn/core';
import { decodeBool, decodeDouble, decodeEnum, decodeInt64 } from './json-dialect.ts';
import type { WireEnum } from './json-dialect.ts';

/** A parsed request message: a JSON body object, or query parameters shaped like one. */
export type Fields = Record<string, unknown>;

const API_DOCS_HINT = ' See the API docs for more information about request parameters.';

const PYTHON_TYPE_NAMES: Record<string, string> = {
  string: 'str',
  number: 'float',
  boolean: 'bool',
  object: 'dict',
};

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number' && Number.isInteger(value)) return 'int';
  return PYTHON_TYPE_NAMES[typeof value] ?? typeof value;
}

export function missingParameter(path: string): CairnError {
  return invalidArgument(
    'mlflow.missing_parameter',
    `Missing value for required parameter '${path}'.${API_DOCS_HINT}`,
    { details: { parameter: path } },
  );
}

export function invalidParameter(path: string, value: unknown): CairnError {
  const shown = JSON.stringify(value) ?? String(value);
  return invalidArgument(
    'mlflow.invalid_parameter',
    `Invalid value ${shown} for parameter '${path}' supplied: Hint: Value was of type ` +
      `'${pythonTypeName(value)}'.${API_DOCS_HINT}`,
    { details: { parameter: path } },
  );
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** A string field; proto JSON leaves absent strings empty, so `""` counts as missing when required. */
export function optionalString(fields: Fields, name: string, path = name): string | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'string') throw invalidParameter(path, value);
  return value;
}

export function requiredString(fields: Fields, name: string, path = name): string {
  const value = optionalString(fields, name, path);
  if (value === undefined || value === '') throw missingParameter(path);
  return value;
}

/**
 * An experiment id. MLflow stringifies numeric `experiment_id`s before parsing (ids were
 * ints before MLflow 0.9.1), so numbers are accepted here and nowhere else.
 */
export function optionalExperimentId(fields: Fields, name = 'experiment_id'): string | undefined {
  const value = fields[name];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return optionalString(fields, name);
}

export function requiredExperimentId(fields: Fields, name = 'experiment_id'): string {
  const value = optionalExperimentId(fields, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** The run id of a request: `run_id`, or the deprecated alias `run_uuid`. */
export function requiredRunId(fields: Fields): string {
  const runId = optionalString(fields, 'run_id');
  if (runId) return runId;
  const runUuid = optionalString(fields, 'run_uuid');
  if (runUuid) return runUuid;
  throw missingParameter('run_id');
}

export function optionalInt64(fields: Fields, name: string, path = name): number | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  const decoded = decodeInt64(value);
  if (decoded === undefined) throw invalidParameter(path, value);
  return decoded;
}

export function requiredInt64(fields: Fields, name: string, path = name): number {
  const value = optionalInt64(fields, name, path);
  if (value === undefined) throw missingParameter(path);
  return value;
}

export function requiredDouble(fields: Fields, name: string, path = name): number {
  const value = fields[name];
  if (isAbsent(value) || value === '') throw missingParameter(path);
  const decoded = decodeDouble(value);
  if (decoded === undefined) throw invalidParameter(path, value);
  return decoded;
}

export function optionalBool(fields: Fields, name: string): boolean | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  const decoded = decodeBool(value);
  if (decoded !== undefined) return decoded;
  if (typeof value === 'string') {
    throw invalidArgument(
      'mlflow.invalid_parameter',
      `Invalid boolean value: ${value}, must be 'true' or 'false'.`,
      { details: { parameter: name } },
    );
  }
  throw invalidParameter(name, value);
}

export function optionalEnum<T extends string>(
  fields: Fields,
  name: string,
  wireEnum: WireEnum<T>,
): T | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  const decoded = decodeEnum(value, wireEnum);
  if (decoded === undefined) throw invalidParameter(name, value);
  return decoded;
}

/** A repeated string field; a single string (one query value) counts as a list of one. */
export function stringList(fields: Fields, name: string): string[] {
  const value = fields[name];
  if (isAbsent(value)) return [];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  if (!items.every((item): item is string => typeof item === 'string')) {
    throw invalidParameter(name, value);
  }
  return items;
}

/** `experiment_ids`, where numbers are accepted as in `optionalExperimentId`. */
export function experimentIdList(fields: Fields, name = 'experiment_ids'): string[] {
  const value = fields[name];
  if (Array.isArray(value)) {
    fields = {
      [name]: value.map((item: unknown) =>
        typeof item === 'number' && Number.isSafeInteger(item) ? String(item) : item,
      ),
    };
  }
  return stringList(fields, name);
}

/** A repeated message field: a JSON array of objects. */
export function objectList(fields: Fields, name: string, path = name): Fields[] {
  const value = fields[name];
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) throw invalidParameter(path, value);
  return value.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw invalidParameter(`${path}[${index}]`, item);
    }
    return item as Fields;
  });
}

/** A singular message field: a JSON object. */
export function optionalObject(fields: Fields, name: string, path = name): Fields | undefined {
  const value = fields[name];
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(path, value);
  return value as Fields;
}

/** `[{key, value}]` pairs (tags, params); `key` is required, a missing `value` is empty. */
export function keyValueList(fields: Fields, name: string): { key: string; value: string }[] {
  return objectList(fields, name).map((item, index) => ({
    key: requiredString(item, 'key', `${name}[${index}].key`),
    value: optionalString(item, 'value', `${name}[${index}].value`) ?? '',
  }));
}
