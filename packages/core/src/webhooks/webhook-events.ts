/**
 * Which events a subscription may name, which event log entries they match, and the JSON
 * body each delivery carries. Registry events subscribed by their MLflow names travel in
 * MLflow's webhook shape (`{entity, action, timestamp, data}`, `mlflow/webhooks/delivery.py`)
 * with MLflow's per-event `data` (`mlflow/webhooks/types.py`); everything else travels in
 * Cairn's shape.
 */
import type { StoredEvent } from '../kernel/index.ts';
import { invalidArgument } from '../kernel/index.ts';

/** MLflow's registry webhook events and the Cairn event each one is. */
export const MLFLOW_WEBHOOK_EVENTS = {
  'registered_model.created': 'registry.registered_model.created',
  'model_version.created': 'registry.model_version.created',
  'model_version_tag.set': 'registry.model_version.tag_set',
  'model_version_tag.deleted': 'registry.model_version.tag_deleted',
  'model_version_alias.created': 'registry.alias.set',
  'model_version_alias.deleted': 'registry.alias.deleted',
} as const;
export type MlflowWebhookEvent = keyof typeof MLFLOW_WEBHOOK_EVENTS;

const MLFLOW_BY_CAIRN = new Map<string, MlflowWebhookEvent>(
  Object.entries(MLFLOW_WEBHOOK_EVENTS).map(([mlflow, cairn]) => [
    cairn,
    mlflow as MlflowWebhookEvent,
  ]),
);

/** `tracking.run.created`, or a prefix pattern `registry.*` / `registry.model_version.*`. */
const CAIRN_EVENT_PATTERN =
  /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,3}(\.\*)?$|^[a-z][a-z0-9_]*\.\*$/;

export const WebhookLimits = {
  maxEvents: 50,
  maxEventLength: 128,
} as const;

export function isMlflowWebhookEvent(name: string): name is MlflowWebhookEvent {
  return Object.hasOwn(MLFLOW_WEBHOOK_EVENTS, name);
}

/** Checks and de-duplicates a subscription's event list. */
export function validateEventNames(events: readonly string[]): string[] {
  if (events.length === 0) {
    throw invalidArgument('webhooks.no_events', 'A webhook must subscribe to at least one event.');
  }
  if (events.length > WebhookLimits.maxEvents) {
    throw invalidArgument(
      'webhooks.too_many_events',
      `A webhook may subscribe to at most ${WebhookLimits.maxEvents} events.`,
    );
  }
  for (const name of events) {
    const valid =
      name.length <= WebhookLimits.maxEventLength &&
      (isMlflowWebhookEvent(name) || CAIRN_EVENT_PATTERN.test(name));
    if (!valid) {
      throw invalidArgument(
        'webhooks.invalid_event',
        `'${name.slice(0, 200)}' is not an event name: use an MLflow registry event ` +
          `(${Object.keys(MLFLOW_WEBHOOK_EVENTS).join(', ')}), a Cairn event type such as ` +
          "'tracking.run.created', or a prefix such as 'registry.*'.",
      );
    }
  }
  return [...new Set(events)];
}

/**
 * The subscribed name `eventType` matches, if any. An MLflow name wins over a Cairn
 * pattern, so a subscription naming both gets one delivery, in MLflow's shape.
 */
export function matchSubscription(
  events: readonly string[],
  eventType: string,
): string | undefined {
  const mlflow = MLFLOW_BY_CAIRN.get(eventType);
  if (mlflow !== undefined && events.includes(mlflow)) return mlflow;
  for (const name of events) {
    if (name === eventType) return name;
    if (name.endsWith('.*') && eventType.startsWith(name.slice(0, -1))) return name;
  }
  return undefined;
}

/** Python's `datetime.isoformat()` of a UTC time, as MLflow puts in `timestamp`. */
export function pythonIsoTimestamp(millis: number): string {
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000+00:00`;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

/** Tags as MLflow's payload has them (`{key: value}`), from a list of pairs or a map. */
function tagMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const pair = item as { key?: unknown; value?: unknown } | null;
      const key = text(pair?.key);
      if (key !== null) map[key] = text(pair?.value) ?? '';
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) map[key] = text(item) ?? '';
  }
  return map;
}

/** MLflow's `data` for one registry event, from the Cairn event's payload. */
export function mlflowEventData(
  event: MlflowWebhookEvent,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const name = text(payload.name) ?? '';
  const version = text(payload.version) ?? '';
  switch (event) {
    case 'registered_model.created':
      return { name, tags: tagMap(payload.tags), description: text(payload.description) };
    case 'model_version.created':
      return {
        name,
        version,
        source: text(payload.source) ?? '',
        run_id: text(payload.runId) ?? text(payload.run_id),
        tags: tagMap(payload.tags),
        description: text(payload.description),
      };
    case 'model_version_tag.set':
      return { name, version, key: text(payload.key) ?? '', value: text(payload.value) ?? '' };
    case 'model_version_tag.deleted':
      return { name, version, key: text(payload.key) ?? '' };
    case 'model_version_alias.created':
      return { name, alias: text(payload.alias) ?? '', version };
    case 'model_version_alias.deleted':
      return { name, alias: text(payload.alias) ?? '' };
  }
}

/** MLflow's example `data` per event (`get_example_payload_for_event`), for test deliveries. */
export function mlflowExampleData(event: MlflowWebhookEvent): Record<string, unknown> {
  return mlflowEventData(event, {
    name: 'example_model',
    version: '1',
    source: 'models:/123',
    runId: 'abcd1234abcd5678',
    tags: { example_key: 'example_value' },
    description:
      event === 'registered_model.created'
        ? 'An example registered model'
        : 'An example model version',
    key: 'example_key',
    value: 'example_value',
    alias: 'example_alias',
  });
}

export function mlflowBody(
  event: MlflowWebhookEvent,
  data: Record<string, unknown>,
  time: number,
): string {
  const [entity, action] = event.split('.');
  return JSON.stringify({ entity, action, timestamp: pythonIsoTimestamp(time), data });
}

/** Cairn's body for any event: the event log entry, its payload as `data`. */
export function cairnBody(event: Omit<StoredEvent, 'seq'> & { seq?: number }): string {
  return JSON.stringify({
    type: event.type,
    ...(event.seq === undefined ? {} : { seq: event.seq }),
    timestamp: new Date(event.time).toISOString(),
    actor: event.actor,
    entity: { type: event.entityType, id: event.entityId },
    data: event.payload,
  });
}

/** The body a delivery of `event` to a subscription matched through `matched` carries. */
export function deliveryBody(event: StoredEvent, matched: string): string {
  return isMlflowWebhookEvent(matched)
    ? mlflowBody(matched, mlflowEventData(matched, event.payload), event.time)
    : cairnBody(event);
}
