/**
 * MLflow's `order_by` items (`"metrics.acc DESC"`, `"attributes.start_time"`; ASC unless
 * told), resolved per search. A field may appear once. Every failure is INVALID_ARGUMENT
 * `tracking.invalid_order_by`.
 */
import { invalidArgument } from '../kernel/index.ts';
import {
  ENTITY_ALIASES,
  LOGGED_MODEL_NUMERIC_ATTRIBUTES,
  LOGGED_MODEL_STRING_ATTRIBUTES,
  lookup,
  resolveEntity,
} from './filter-parser.ts';
import { parseOrderByItem } from './filter-syntax.ts';
import { TrackingLimits } from './limits.ts';
import type {
  ExperimentAttribute,
  ExperimentOrderClause,
  LoggedModelAttribute,
  LoggedModelOrderClause,
  RunAttribute,
  RunOrderClause,
} from './search-query.ts';

const CODE = 'tracking.invalid_order_by';

function fail(message: string): never {
  throw invalidArgument(CODE, message);
}

const RUN_ORDER_ATTRIBUTES: Readonly<Record<string, RunAttribute>> = {
  run_id: 'run_id',
  run_name: 'run_name',
  user_id: 'user_id',
  status: 'status',
  artifact_uri: 'artifact_uri',
  start_time: 'start_time',
  end_time: 'end_time',
  created: 'start_time',
  Created: 'start_time',
};

const EXPERIMENT_ORDER_ATTRIBUTES: Readonly<Record<string, ExperimentAttribute>> = {
  name: 'name',
  experiment_id: 'experiment_id',
  creation_time: 'creation_time',
  last_update_time: 'last_update_time',
};

function items<T>(orderBy: readonly T[] | undefined): readonly T[] {
  const list = orderBy ?? [];
  if (list.length > TrackingLimits.maxOrderByClauses) {
    fail(`order_by may hold at most ${TrackingLimits.maxOrderByClauses} clauses.`);
  }
  return list;
}

function rejectDuplicates(fields: readonly string[], original: unknown): void {
  if (new Set(fields).size !== fields.length) {
    fail(`\`order_by\` contains duplicate fields: ${JSON.stringify(original)}`);
  }
}

function attribute<T>(table: Readonly<Record<string, T>>, key: string): T {
  const name = lookup(table, key);
  if (name === undefined) {
    fail(
      `Invalid attribute key '${key}' specified. Valid keys are ${JSON.stringify(Object.keys(table))}`,
    );
  }
  return name;
}

/** Parses `search_runs` order-by items: metrics, params, tags and run attributes. */
export function parseRunOrderBy(orderBy: readonly string[] | undefined): RunOrderClause[] {
  const clauses = items(orderBy).map((item): RunOrderClause => {
    const { identifier, ascending } = parseOrderByItem(item, CODE);
    const kind = resolveEntity(
      identifier.entity,
      ['metric', 'param', 'tag', 'attribute', 'dataset'],
      Object.keys(ENTITY_ALIASES),
      CODE,
    );
    if (kind === 'dataset') return fail(`Invalid order_by entity type 'dataset' in '${item}'.`);
    if (kind === 'attribute') {
      return { kind, key: attribute(RUN_ORDER_ATTRIBUTES, identifier.key), ascending };
    }
    return { kind, key: identifier.key, ascending };
  });
  rejectDuplicates(
    clauses.map((c) => `${c.kind}\u0000${c.key}`),
    orderBy,
  );
  return clauses;
}

/** Parses `search_experiments` order-by items: `name`, `experiment_id`, `creation_time`, `last_update_time`. */
export function parseExperimentOrderBy(
  orderBy: readonly string[] | undefined,
): ExperimentOrderClause[] {
  const clauses = items(orderBy).map((item): ExperimentOrderClause => {
    const { identifier, ascending } = parseOrderByItem(item, CODE);
    const kind = resolveEntity(
      identifier.entity,
      ['attribute', 'tag'],
      ['attribute', 'tag', 'tags'],
      CODE,
    );
    if (kind !== 'attribute') return fail(`Invalid order_by entity: ${kind}`);
    return { key: attribute(EXPERIMENT_ORDER_ATTRIBUTES, identifier.key), ascending };
  });
  rejectDuplicates(
    clauses.map((c) => c.key),
    orderBy,
  );
  return clauses;
}

const LOGGED_MODEL_ORDER_ATTRIBUTES: Readonly<Record<string, LoggedModelAttribute>> = {
  ...LOGGED_MODEL_STRING_ATTRIBUTES,
  ...LOGGED_MODEL_NUMERIC_ATTRIBUTES,
};

/**
 * Parses `search_logged_models` order-by objects: `{ fieldName: 'metrics.acc' }` or an
 * attribute such as `creation_timestamp`; `ascending` defaults to true.
 */
export function parseLoggedModelOrderBy(
  orderBy: readonly { fieldName: string; ascending?: boolean }[] | undefined,
): LoggedModelOrderClause[] {
  const clauses = items(orderBy).map((item): LoggedModelOrderClause => {
    const fieldName = (item as { fieldName?: unknown }).fieldName;
    if (typeof fieldName !== 'string' || fieldName.trim() === '') {
      return fail('`field_name` in the `order_by` clause must be specified.');
    }
    const ascending = item.ascending ?? true;
    if (typeof ascending !== 'boolean') {
      return fail(
        `Value of \`ascending\` in the \`order_by\` clause must be a boolean, got ${typeof ascending} for field ${fieldName}.`,
      );
    }
    const dot = fieldName.indexOf('.');
    if (dot >= 0) {
      const entity = fieldName.slice(0, dot);
      if (entity !== 'metrics') {
        return fail(`Invalid order by field name: ${entity}, only \`metrics.<name>\` is allowed.`);
      }
      return { kind: 'metric', key: fieldName.slice(dot + 1).replace(/^`(.*)`$/, '$1'), ascending };
    }
    const name = lookup(LOGGED_MODEL_ORDER_ATTRIBUTES, fieldName.trim());
    if (name === undefined) return fail(`Invalid order by field name: ${fieldName}.`);
    return { kind: 'attribute', key: name, ascending };
  });
  rejectDuplicates(
    clauses.map((c) => `${c.kind}\u0000${c.key}`),
    orderBy?.map((o) => o.fieldName),
  );
  return clauses;
}
