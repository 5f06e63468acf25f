/**
 * MLflow's registry search grammar (`SearchModelUtils`, `SearchModelVersionUtils` in
 * `mlflow/utils/search_utils.py`): the same `<identifier> <comparator> <value>` clauses
 * joined by AND as run search, with the keys and comparators each registry search allows.
 * Failures are INVALID_ARGUMENT `registry.invalid_filter` / `registry.invalid_order_by`.
 */
import { invalidArgument } from '../kernel/index.ts';
import { TrackingLimits, parseComparisons, parseOrderByItem } from '../tracking/index.ts';
import type { Comparator, RawComparison, RawValue } from '../tracking/index.ts';
import { PROMPT_TAG_KEY } from './registry-limits.ts';
import type {
  ModelVersionFilterClause,
  ModelVersionOrderClause,
  ModelVersionOrderKey,
  RegisteredModelFilterClause,
  RegisteredModelOrderClause,
  RegisteredModelOrderKey,
} from './search-query.ts';

const FILTER = 'registry.invalid_filter';
const ORDER_BY = 'registry.invalid_order_by';

const STRING_COMPARATORS: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMERIC_COMPARATORS: readonly Comparator[] = ['=', '!=', '>', '>=', '<', '<='];
const TAG_ENTITIES = new Set(['tag', 'tags']);
const ATTRIBUTE_ENTITIES = new Set(['attribute', 'attributes', 'attr']);

function fail(code: string, message: string): never {
  throw invalidArgument(code, message);
}

function comparisons(filter: string | undefined): RawComparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  if (filter.length > TrackingLimits.maxFilterLength) {
    fail(FILTER, `The filter is longer than ${TrackingLimits.maxFilterLength} characters.`);
  }
  return parseComparisons(filter, FILTER);
}

function comparator(raw: string, allowed: readonly Comparator[], subject: string): Comparator {
  const found = allowed.find((c) => c === raw);
  if (found === undefined) {
    fail(
      FILTER,
      `Invalid comparator '${raw}' for ${subject}, not one of ${JSON.stringify(allowed)}`,
    );
  }
  return found;
}

function quoted(value: RawValue, subject: string): string {
  if (value.kind !== 'string') {
    fail(
      FILTER,
      `Expected a quoted string value for ${subject} (e.g. 'my-value'). Got value ${value.text}`,
    );
  }
  return value.value;
}

/** `tags.k` → the tag key; an attribute (no prefix or `attributes.`) → undefined. */
function tagKey({
  identifier,
}: RawComparison | { identifier: RawComparison['identifier'] }): string | undefined {
  const { entity, key } = identifier;
  if (entity === undefined) return undefined;
  if (TAG_ENTITIES.has(entity)) return key;
  if (ATTRIBUTE_ENTITIES.has(entity)) return undefined;
  return fail(
    FILTER,
    `Invalid entity type '${entity}'. Valid values are ["attribute","tag","tags"]`,
  );
}

function tagClause(clause: RawComparison, key: string) {
  return {
    kind: 'tag' as const,
    key,
    comparator: comparator(clause.comparator, STRING_COMPARATORS, `tag '${key}'`),
    value: quoted(clause.value, `tag '${key}'`),
  };
}

/** Parses a `search_registered_models` filter: `name` and `tags.<k>`, each with = != LIKE ILIKE. */
export function parseRegisteredModelFilter(
  filter: string | undefined,
): RegisteredModelFilterClause[] {
  return comparisons(filter).map((clause): RegisteredModelFilterClause => {
    const key = tagKey(clause);
    if (key !== undefined) return tagClause(clause, key);
    if (clause.identifier.key !== 'name') {
      fail(
        FILTER,
        `Invalid attribute key '${clause.identifier.key}' specified. Valid keys are ["name"]`,
      );
    }
    return {
      kind: 'name',
      comparator: comparator(clause.comparator, STRING_COMPARATORS, "attribute 'name'"),
      value: quoted(clause.value, "attribute 'name'"),
    };
  });
}

function numeric(text: string, subject: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value)) {
    fail(FILTER, `Expected an integer value for ${subject}. Found ${text}`);
  }
  return value;
}

/**
 * Parses a `search_model_versions` filter: `name`, `source_path` (= != LIKE ILIKE),
 * `run_id` (= != IN), `version_number` (numeric comparators and IN), `tags.<k>`.
 */
export function parseModelVersionFilter(filter: string | undefined): ModelVersionFilterClause[] {
  return comparisons(filter).map((clause): ModelVersionFilterClause => {
    const key = tagKey(clause);
    if (key !== undefined) return tagClause(clause, key);
    const attribute = clause.identifier.key;
    const subject = `attribute '${attribute}'`;
    const { value } = clause;
    switch (attribute) {
      case 'name':
      case 'source_path':
        return {
          kind: attribute,
          comparator: comparator(clause.comparator, STRING_COMPARATORS, subject),
          value: quoted(value, subject),
        };
      case 'run_id': {
        const op = comparator(clause.comparator, ['=', '!=', 'IN'], subject);
        if (op === 'IN') {
          if (value.kind !== 'list')
            fail(FILTER, `IN needs a parenthesised list of quoted run ids, e.g. ('a', 'b').`);
          return { kind: 'run_id', comparator: op, value: value.values };
        }
        return { kind: 'run_id', comparator: op, value: quoted(value, subject) };
      }
      case 'version_number': {
        const op = comparator(clause.comparator, [...NUMERIC_COMPARATORS, 'IN'], subject);
        if (op === 'IN') {
          if (value.kind !== 'list')
            fail(FILTER, `IN needs a parenthesised list of versions, e.g. ('1', '2').`);
          return {
            kind: 'version_number',
            comparator: op,
            value: value.values.map((v) => numeric(v, subject)),
          };
        }
        if (value.kind === 'number') {
          return { kind: 'version_number', comparator: op, value: numeric(value.text, subject) };
        }
        return {
          kind: 'version_number',
          comparator: op,
          value: numeric(quoted(value, subject), subject),
        };
      }
      default:
        return fail(
          FILTER,
          `Invalid attribute key '${attribute}' specified. Valid keys are ["name","run_id","source_path","version_number"]`,
        );
    }
  });
}

interface ClauseLike {
  kind: string;
  key?: string;
  comparator: Comparator;
  value: unknown;
}

/**
 * MLflow's prompt scoping (`_is_querying_prompt`, `_update_query_to_exclude_prompts`):
 * prompts are registered models tagged `mlflow.prompt.is_prompt = 'true'`, and a search
 * returns them only when its filter asks for them (`= 'true'` or `!= 'false'`). Otherwise
 * every clause on that tag is dropped and prompts are excluded instead: models that are not
 * prompts carry no such tag, so the `!= 'true'` the mlflow client appends to every search
 * would otherwise match nothing.
 */
export function scopePrompts<C extends ClauseLike>(
  clauses: readonly C[],
): { filter: C[]; excludePrompts: boolean } {
  const promptClauses = clauses.filter((c) => c.kind === 'tag' && c.key === PROMPT_TAG_KEY);
  const wantsPrompts = promptClauses.some((c) => {
    const value = typeof c.value === 'string' ? c.value.toLowerCase() : undefined;
    return (
      (c.comparator === '=' && value === 'true') || (c.comparator === '!=' && value === 'false')
    );
  });
  if (wantsPrompts) return { filter: [...clauses], excludePrompts: false };
  return {
    filter: clauses.filter((c) => !promptClauses.includes(c)),
    excludePrompts: true,
  };
}

function parseOrderBy<K extends string>(
  orderBy: readonly string[] | undefined,
  keys: Readonly<Record<string, K>>,
): { key: K; ascending: boolean }[] {
  const items = orderBy ?? [];
  if (items.length > TrackingLimits.maxOrderByClauses) {
    fail(ORDER_BY, `order_by may hold at most ${TrackingLimits.maxOrderByClauses} clauses.`);
  }
  const clauses = items.map((item) => {
    const { identifier, ascending } = parseOrderByItem(item, ORDER_BY);
    if (identifier.entity !== undefined && !ATTRIBUTE_ENTITIES.has(identifier.entity)) {
      fail(ORDER_BY, `Invalid order_by entity '${identifier.entity}' in '${item}'.`);
    }
    const key = Object.hasOwn(keys, identifier.key) ? keys[identifier.key] : undefined;
    if (key === undefined) {
      fail(
        ORDER_BY,
        `Invalid order by key '${identifier.key}' specified. Valid keys are ${JSON.stringify(Object.keys(keys))}`,
      );
    }
    return { key, ascending };
  });
  if (new Set(clauses.map((c) => c.key)).size !== clauses.length) {
    fail(ORDER_BY, `\`order_by\` contains duplicate fields: ${JSON.stringify(orderBy)}`);
  }
  return clauses;
}

// Both timestamp spellings sort on the last-updated time, as MLflow's SQL store does.
const REGISTERED_MODEL_ORDER_KEYS: Readonly<Record<string, RegisteredModelOrderKey>> = {
  name: 'name',
  timestamp: 'last_updated_timestamp',
  last_updated_timestamp: 'last_updated_timestamp',
  creation_timestamp: 'creation_timestamp',
};

const MODEL_VERSION_ORDER_KEYS: Readonly<Record<string, ModelVersionOrderKey>> = {
  name: 'name',
  version_number: 'version_number',
  timestamp: 'last_updated_timestamp',
  last_updated_timestamp: 'last_updated_timestamp',
  creation_timestamp: 'creation_timestamp',
};

/** `name`, `timestamp` / `last_updated_timestamp`, `creation_timestamp`; ASC unless told. */
export function parseRegisteredModelOrderBy(
  orderBy: readonly string[] | undefined,
): RegisteredModelOrderClause[] {
  return parseOrderBy(orderBy, REGISTERED_MODEL_ORDER_KEYS);
}

/** `name`, `version_number`, `timestamp` / `last_updated_timestamp`, `creation_timestamp`. */
export function parseModelVersionOrderBy(
  orderBy: readonly string[] | undefined,
): ModelVersionOrderClause[] {
  return parseOrderBy(orderBy, MODEL_VERSION_ORDER_KEYS);
}
