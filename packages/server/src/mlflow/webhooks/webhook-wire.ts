/**
 * MLflow's webhook messages (`mlflow/protos/webhooks.proto`) ↔ Cairn's webhook entities.
 * Events travel as `{entity, action}` with proto enum names (`MODEL_VERSION`, `CREATED`);
 * the enum numbers and lower-case names are accepted too, as protobuf's JSON parser does.
 */
import { isMlflowWebhookEvent, MLFLOW_WEBHOOK_EVENTS, WebhookStatus } from '@cairn/core';
import type { Webhook, WebhookTestResult } from '@cairn/core';
import type { JsonObject } from '../entity-json.ts';
import { invalidParameter, missingParameter } from '../request-fields.ts';
import type { Fields } from '../request-fields.ts';
import { invalidArgument } from '@cairn/core';

const ENTITIES = [
  'ENTITY_UNSPECIFIED',
  'REGISTERED_MODEL',
  'MODEL_VERSION',
  'MODEL_VERSION_TAG',
  'MODEL_VERSION_ALIAS',
  'PROMPT',
  'PROMPT_VERSION',
  'PROMPT_TAG',
  'PROMPT_VERSION_TAG',
  'PROMPT_ALIAS',
];
const ACTIONS = ['ACTION_UNSPECIFIED', 'CREATED', 'UPDATED', 'DELETED', 'SET'];
const STATUSES: Record<number, WebhookStatus> = { 1: 'ACTIVE', 2: 'DISABLED' };

function enumName(value: unknown, names: readonly string[], path: string): string {
  if (typeof value === 'number' && Number.isInteger(value) && names[value] !== undefined) {
    return names[value];
  }
  if (typeof value === 'string' && names.includes(value.toUpperCase())) return value.toUpperCase();
  if (value === undefined || value === null) throw missingParameter(path);
  throw invalidParameter(path, value);
}

/** `{entity, action}` → `model_version.created`; MLflow's error for combinations it lacks. */
export function eventFromWire(value: unknown, path: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameter(path, value);
  }
  const fields = value as Fields;
  const entity = enumName(fields.entity, ENTITIES, `${path}.entity`).toLowerCase();
  const action = enumName(fields.action, ACTIONS, `${path}.action`).toLowerCase();
  const name = `${entity}.${action}`;
  if (!isMlflowWebhookEvent(name)) {
    const valid = Object.keys(MLFLOW_WEBHOOK_EVENTS)
      .filter((event) => event.startsWith(`${entity}.`))
      .map((event) => event.split('.')[1]);
    throw invalidArgument(
      'webhooks.invalid_event',
      valid.length === 0
        ? `Webhooks for entity '${entity}' are not supported by this server.`
        : `Invalid action '${action}' for entity '${entity}'. Valid actions are: ${JSON.stringify(valid.sort())}`,
    );
  }
  return name;
}

export function eventsFromWire(fields: Fields, name: string): string[] | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParameter(name, value);
  return value.map((item, index) => eventFromWire(item, `${name}[${index}]`));
}

export function statusFromWire(fields: Fields): WebhookStatus | undefined {
  const value = fields.status;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && STATUSES[value] !== undefined) return STATUSES[value];
  if (typeof value === 'string') {
    const upper = value.toUpperCase();
    if (upper === WebhookStatus.ACTIVE || upper === WebhookStatus.DISABLED) return upper;
  }
  throw invalidParameter('status', value);
}

function eventToWire(name: string): JsonObject | undefined {
  if (!isMlflowWebhookEvent(name)) return undefined;
  const [entity, action] = name.split('.') as [string, string];
  return { entity: entity.toUpperCase(), action: action.toUpperCase() };
}

/**
 * Whether MLflow can represent the webhook: its client refuses a webhook without events, so
 * one subscribed only to Cairn event types is not shown through this API.
 */
export function hasMlflowEvents(webhook: Webhook): boolean {
  return webhook.events.some(isMlflowWebhookEvent);
}

/** The `Webhook` message; Cairn-only event patterns have no MLflow form and are left out. */
export function webhookJson(webhook: Webhook): JsonObject {
  const json: JsonObject = {
    webhook_id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    events: webhook.events.flatMap((name) => eventToWire(name) ?? []),
    status: webhook.status,
    creation_timestamp: webhook.creationTimestamp,
    last_updated_timestamp: webhook.lastUpdatedTimestamp,
  };
  if (webhook.description !== '') json.description = webhook.description;
  return json;
}

export function testResultJson(result: WebhookTestResult): JsonObject {
  const json: JsonObject = { success: result.success };
  if (result.responseStatus !== undefined) json.response_status = result.responseStatus;
  if (result.responseBody !== undefined) json.response_body = result.responseBody;
  if (result.errorMessage !== undefined) json.error_message = result.errorMessage;
  return json;
}
