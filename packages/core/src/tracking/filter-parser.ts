/**
 * MLflow's search filters, resolved per search into the clause types of `search-query.ts`:
 * which entities, keys, comparators and value types each search accepts follows
 * `SearchUtils`, `SearchExperimentsUtils` and the logged-model filter of MLflow.
 * Every failure is INVALID_ARGUMENT `tracking.invalid_filter`.
 */
import { invalidArgument } from '../kernel/index.ts';
import { TrackingLimits } from './limits.ts';
import { parseComparisons } from './filter-syntax.ts';
import type { RawComparison, RawValue } from './filter-syntax.ts';
import type {
  Comparator,
  ExperimentAttribute,
  ExperimentFilterClause,
  LoggedModelAttribute,
  LoggedModelFilterClause,
  RunAttribute,
  RunFilterClause,
} from './search-query.ts';

const CODE = 'tracking.invalid_filter';

export type EntityKind = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/** Entity prefixes and their aliases, as MLflow's `_valid_entity_type`. */
export const ENTITY_ALIASES: Readonly<Record<string, EntityKind>> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'param',
  parameters: 'param',
  param: 'param',
  params: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

const NUMERIC_COMPARATORS: readonly Comparator[] = ['>', '>=', '!=', '=', '<', '<='];
const STRING_COMPARATORS: readonly Comparator[] = ['!=', '=', 'LIKE', 'ILIKE'];
const LIST_COMPARATORS: readonly Comparator[] = [...STRING_COMPARATORS, 'IN', 'NOT IN'];

/** Run attribute names a filter may use, aliases included (`created`, `run name`). */
export const RUN_STRING_ATTRIBUTES: Readonly<Record<string, RunAttribute>> = {
  run_id: 'run_id',
  run_name: 'run_name',
  user_id: 'user_id',
  status: 'status',
  artifact_uri: 'artifact_uri',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
};
export const RUN_NUMERIC_ATTRIBUTES: Readonly<Record<string, RunAttribute>> = {
  start_time: 'start_time',
  end_time: 'end_time',
  created: 'start_time',
  Created: 'start_time',
};

const EXPERIMENT_STRING_ATTRIBUTES: Readonly<Record<string, ExperimentAttribute>> = {
  name: 'name',
};
const EXPERIMENT_NUMERIC_ATTRIBUTES: Readonly<Record<string, ExperimentAttribute>> = {
  creation_time: 'creation_time',
  last_update_time: 'last_update_time',
};

export const LOGGED_MODEL_STRING_ATTRIBUTES: Readonly<Record<string, LoggedModelAttribute>> = {
  name: 'name',
  model_id: 'model_id',
  model_type: 'model_type',
  status: 'status',
  source_run_id: 'source_run_id',
};
export const LOGGED_MODEL_NUMERIC_ATTRIBUTES: Readonly<Record<string, LoggedModelAttribute>> = {
  creation_timestamp: 'creation_timestamp',
  creation_time: 'creation_timestamp',
  last_updated_timestamp: 'last_updated_timestamp',
  last_updated_time: 'last_updated_timestamp',
};

function fail(message: string): never {
  throw invalidArgument(CODE, message);
}

export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Resolves the entity prefix; `allowed` lists the kinds this search accepts. */
export function resolveEntity(
  entity: string | undefined,
  allowed: readonly EntityKind[],
  validNames: readonly string[],
  code: string,
): EntityKind {
  if (entity === undefined) return 'attribute';
  const kind = lookup(ENTITY_ALIASES, entity);
  if (kind === undefined || !allowed.includes(kind) || !validNames.includes(entity)) {
    throw invalidArgument(
      code,
      `Invalid entity type '${entity}'. Valid values are ${JSON.stringify(validNames)}`,
    );
  }
  return kind;
}

function checkComparator(
  comparator: string,
  allowed: readonly Comparator[],
  subject: string,
): Comparator {
  const found = allowed.find((c) => c === comparator);
  if (found === undefined) {
    fail(
      `Invalid comparator '${comparator}' for ${subject}, not one of ${JSON.stringify(allowed)}`,
    );
  }
  return found;
}

function numberValue(value: RawValue, subject: string): number {
  if (value.kind !== 'number')
    fail(`Expected numeric value type for ${subject}. Found ${value.text}`);
  return value.value;
}

function stringValue(value: RawValue, subject: string): string {
  if (value.kind !== 'string') {
    fail(
      `Expected a quoted string value for ${subject} (e.g. 'my-value'). Got value ${value.text}`,
    );
  }
  return value.value;
}

/** A string or, with IN / NOT IN only, a list of strings. */
function stringOrListValue(
  value: RawValue,
  comparator: Comparator,
  subject: string,
  listAllowed: boolean,
): string | string[] {
  const isList = comparator === 'IN' || comparator === 'NOT IN';
  if (value.kind === 'list') {
    if (!listAllowed) {
      fail("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
    }
    if (!isList) fail(`A list of values needs IN or NOT IN, not '${comparator}' (${subject}).`);
    return value.values;
  }
  if (isList) {
    fail(
      `${comparator} needs a parenthesised list of quoted strings, e.g. ('a', 'b'); got ${value.text} (${subject}).`,
    );
  }
  return stringValue(value, subject);
}

function attributeKey<T>(
  key: string,
  strings: Readonly<Record<string, T>>,
  numerics: Readonly<Record<string, T>>,
): { name: T; numeric: boolean } {
  const asString = lookup(strings, key);
  if (asString !== undefined) return { name: asString, numeric: false };
  const asNumber = lookup(numerics, key);
  if (asNumber !== undefined) return { name: asNumber, numeric: true };
  const valid = [...Object.keys(strings), ...Object.keys(numerics)];
  return fail(`Invalid attribute key '${key}' specified. Valid keys are ${JSON.stringify(valid)}`);
}

function comparisons(filter: string | undefined): RawComparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  if (filter.length > TrackingLimits.maxFilterLength) {
    fail(`The filter is longer than ${TrackingLimits.maxFilterLength} characters.`);
  }
  return parseComparisons(filter, CODE);
}

const RUN_ENTITY_NAMES = Object.keys(ENTITY_ALIASES);

function resolveRunClause({ identifier, comparator, value }: RawComparison): RunFilterClause {
  const kind = resolveEntity(
    identifier.entity,
    ['metric', 'param', 'tag', 'attribute', 'dataset'],
    RUN_ENTITY_NAMES,
    CODE,
  );
  const { key } = identifier;
  switch (kind) {
    case 'metric':
      return {
        kind,
        key,
        comparator: checkComparator(comparator, NUMERIC_COMPARATORS, `metric '${key}'`),
        value: numberValue(value, 'metric'),
      };
    case 'param':
    case 'tag':
      return {
        kind,
        key,
        comparator: checkComparator(comparator, STRING_COMPARATORS, `${kind} '${key}'`),
        value: stringValue(value, kind),
      };
    case 'dataset': {
      if (key !== 'name' && key !== 'digest' && key !== 'context') {
        return fail(
          `Invalid dataset key '${key}' specified. Valid keys are ["name","digest","context"]`,
        );
      }
      const op = checkComparator(comparator, LIST_COMPARATORS, `dataset '${key}'`);
      return {
        kind,
        key,
        comparator: op,
        value: stringOrListValue(value, op, `dataset '${key}'`, true),
      };
    }
    case 'attribute': {
      const { name, numeric } = attributeKey(key, RUN_STRING_ATTRIBUTES, RUN_NUMERIC_ATTRIBUTES);
      if (numeric) {
        return {
          kind,
          key: name,
          comparator: checkComparator(comparator, NUMERIC_COMPARATORS, `attribute '${key}'`),
          value: numberValue(value, `numeric attribute: ${key}`),
        };
      }
      const op = checkComparator(comparator, LIST_COMPARATORS, `attribute '${key}'`);
      const text = stringOrListValue(value, op, `attribute '${key}'`, name === 'run_id');
      return { kind, key: name, comparator: op, value: text };
    }
  }
}

/** Parses a `search_runs` filter; an empty or absent filter is no clauses. */
export function parseRunFilter(filter: string | undefined): RunFilterClause[] {
  return comparisons(filter).map(resolveRunClause);
}

const EXPERIMENT_ENTITY_NAMES = ['attribute', 'tag', 'tags'];

/** Parses a `search_experiments` filter: `name`, `creation_time`, `last_update_time`, `tags.<k>`. */
export function parseExperimentFilter(filter: string | undefined): ExperimentFilterClause[] {
  return comparisons(filter).map(({ identifier, comparator, value }): ExperimentFilterClause => {
    const kind = resolveEntity(
      identifier.entity,
      ['attribute', 'tag'],
      EXPERIMENT_ENTITY_NAMES,
      CODE,
    );
    const { key } = identifier;
    if (kind === 'tag') {
      return {
        kind,
        key,
        comparator: checkComparator(comparator, STRING_COMPARATORS, `tag '${key}'`),
        value: stringValue(value, 'tag'),
      };
    }
    const { name, numeric } = attributeKey(
      key,
      EXPERIMENT_STRING_ATTRIBUTES,
      EXPERIMENT_NUMERIC_ATTRIBUTES,
    );
    return numeric
      ? {
          kind: 'attribute',
          key: name,
          comparator: checkComparator(comparator, NUMERIC_COMPARATORS, `attribute '${key}'`),
          value: numberValue(value, `numeric attribute: ${key}`),
        }
      : {
          kind: 'attribute',
          key: name,
          comparator: checkComparator(comparator, STRING_COMPARATORS, `attribute '${key}'`),
          value: stringValue(value, `attribute '${key}'`),
        };
  });
}

const LOGGED_MODEL_ENTITY_NAMES = RUN_ENTITY_NAMES.filter((name) => !name.startsWith('dataset'));

/** Parses a `search_logged_models` filter: attributes, `metrics.<k>`, `params.<k>`, `tags.<k>`. */
export function parseLoggedModelFilter(filter: string | undefined): LoggedModelFilterClause[] {
  return comparisons(filter).map(({ identifier, comparator, value }): LoggedModelFilterClause => {
    const kind = resolveEntity(
      identifier.entity,
      ['metric', 'param', 'tag', 'attribute'],
      LOGGED_MODEL_ENTITY_NAMES,
      CODE,
    );
    const { key } = identifier;
    if (kind === 'metric') {
      return {
        kind,
        key,
        comparator: checkComparator(comparator, NUMERIC_COMPARATORS, `metric '${key}'`),
        value: numberValue(value, 'metric'),
      };
    }
    if (kind === 'param' || kind === 'tag') {
      return {
        kind,
        key,
        comparator: checkComparator(comparator, STRING_COMPARATORS, `${kind} '${key}'`),
        value: stringValue(value, kind),
      };
    }
    const { name, numeric } = attributeKey(
      key,
      LOGGED_MODEL_STRING_ATTRIBUTES,
      LOGGED_MODEL_NUMERIC_ATTRIBUTES,
    );
    if (numeric) {
      return {
        kind: 'attribute',
        key: name,
        comparator: checkComparator(comparator, NUMERIC_COMPARATORS, `attribute '${key}'`),
        value: numberValue(value, `numeric attribute: ${key}`),
      };
    }
    const op = checkComparator(comparator, LIST_COMPARATORS, `attribute '${key}'`);
    return {
      kind: 'attribute',
      key: name,
      comparator: op,
      value: stringOrListValue(value, op, `attribute '${key}'`, true),
    };
  });
}
