/** `/api/v1/webhooks…`: subscriptions, test sends and the delivery log. */
import { z } from 'zod';
import { CairnError, DeliveryStatus, ErrorCategory, WebhookStatus } from '@cairn/core';
import type { WebhooksApi } from '@cairn/core';
import {
  defineRoute,
  emptyResponse,
  jsonResponse,
  type AnyApiRoute,
  type V1Deps,
} from './api-route.ts';
import { component } from './component-registry.ts';
import { pageOf } from './entity-schemas.ts';
import { boundedInt, idSchema, pageTokenSchema } from './input-schemas.ts';

const tag = 'Webhooks';
const timeSchema = z.number().int();

const webhookSchema = component(
  'Webhook',
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    status: z.enum(WebhookStatus),
    hasSecret: z.boolean(),
    createdBy: z.string(),
    creationTimestamp: timeSchema,
    lastUpdatedTimestamp: timeSchema,
  }),
  'A webhook subscription. Its secret is shown only when the webhook is created.',
);

const createdWebhookSchema = component(
  'CreatedWebhook',
  z.object({
    webhook: webhookSchema,
    secret: z
      .string()
      .nullable()
      .describe(
        'The signing secret, shown this once. Deliveries carry `X-MLflow-Signature: v1,<base64 HMAC-SHA256(secret, "<delivery id>.<timestamp>.<body>")>`.',
      ),
  }),
);

const deliverySchema = component(
  'WebhookDelivery',
  z.object({
    id: z.string().describe('Sent as `X-MLflow-Delivery-Id`; the same on every attempt.'),
    webhookId: z.string(),
    eventSeq: z.number().int(),
    eventType: z.string(),
    matchedEvent: z.string(),
    payload: z.string().describe('The JSON body sent.'),
    status: z.enum(DeliveryStatus),
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        startedAt: timeSchema,
        durationMs: z.number().int(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
      }),
    ),
    nextAttemptAt: timeSchema.nullable(),
    createdAt: timeSchema,
  }),
  'One event sent to one webhook, with every attempt.',
);

const testResultSchema = component(
  'WebhookTestResult',
  z.object({
    success: z.boolean(),
    responseStatus: z.number().int().optional(),
    responseBody: z.string().optional(),
    errorMessage: z.string().optional(),
  }),
);

const eventsSchema = z
  .array(z.string().min(1).max(128))
  .min(1)
  .max(50)
  .describe(
    "MLflow registry events (`model_version.created`, `model_version_alias.created`, …) are delivered in MLflow's shape; Cairn event types (`tracking.run.created`) or prefixes (`registry.*`) in Cairn's.",
  );
const secretSchema = z.string().min(16).max(512);
const webhookParams = z.object({ webhookId: idSchema });
const pageQuery = {
  maxResults: boundedInt(1, 1000).optional(),
  pageToken: pageTokenSchema.optional(),
};

function api(deps: V1Deps): WebhooksApi {
  if (deps.webhooks === undefined) {
    throw new CairnError(
      ErrorCategory.UNAVAILABLE,
      'webhooks.not_configured',
      'Webhooks are not enabled on this server.',
    );
  }
  return deps.webhooks;
}

export const webhookRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tag,
    summary: 'List webhooks',
    query: z.object(pageQuery),
    response: jsonResponse(pageOf(webhookSchema), 'One page of webhooks, oldest first.'),
    handle: ({ query }, { deps, ctx }) => api(deps).listWebhooks(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/webhooks',
    operationId: 'createWebhook',
    tag,
    summary: 'Create a webhook',
    description:
      'The URL must be http(s) and resolve to a public address. Without `secret`, one is generated; it is returned only here.',
    body: z.strictObject({
      name: z.string().min(1).max(256),
      url: z.string().min(1).max(2048),
      events: eventsSchema,
      description: z.string().max(1000).optional(),
      secret: secretSchema.optional(),
      status: z.enum(WebhookStatus).optional(),
    }),
    response: jsonResponse(createdWebhookSchema, 'The new webhook and its secret.', 201),
    handle: ({ body }, { deps, ctx }) =>
      api(deps).createWebhook(ctx, { ...body, generateSecret: true }),
  }),
  defineRoute({
    method: 'GET',
    path: '/webhooks/{webhookId}',
    operationId: 'getWebhook',
    tag,
    summary: 'Get a webhook',
    params: webhookParams,
    response: jsonResponse(webhookSchema, 'The webhook.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => api(deps).getWebhook(ctx, params.webhookId),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/webhooks/{webhookId}',
    operationId: 'updateWebhook',
    tag,
    summary: 'Update a webhook',
    description: '`secret: null` stops signing; a string replaces the secret.',
    params: webhookParams,
    body: z.strictObject({
      name: z.string().min(1).max(256).optional(),
      url: z.string().min(1).max(2048).optional(),
      events: eventsSchema.optional(),
      description: z.string().max(1000).optional(),
      secret: secretSchema.nullable().optional(),
      status: z.enum(WebhookStatus).optional(),
    }),
    response: jsonResponse(webhookSchema, 'The updated webhook.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      api(deps).updateWebhook(ctx, params.webhookId, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/webhooks/{webhookId}',
    operationId: 'deleteWebhook',
    tag,
    summary: 'Delete a webhook and its delivery log',
    params: webhookParams,
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => api(deps).deleteWebhook(ctx, params.webhookId),
  }),
  defineRoute({
    method: 'POST',
    path: '/webhooks/{webhookId}/test',
    operationId: 'testWebhook',
    tag,
    summary: 'Send a test delivery now',
    params: webhookParams,
    body: z.strictObject({ event: z.string().min(1).max(128).optional() }),
    response: jsonResponse(testResultSchema, "The receiver's answer."),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      api(deps).testWebhook(ctx, params.webhookId, body.event),
  }),
  defineRoute({
    method: 'GET',
    path: '/webhooks/{webhookId}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag,
    summary: 'List deliveries of a webhook',
    params: webhookParams,
    query: z.object({ ...pageQuery, status: z.enum(DeliveryStatus).optional() }),
    response: jsonResponse(pageOf(deliverySchema), 'One page of deliveries, newest first.'),
    errors: [404],
    handle: ({ params, query }, { deps, ctx }) =>
      api(deps).listDeliveries(ctx, params.webhookId, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/webhooks/{webhookId}/deliveries/{deliveryId}',
    operationId: 'getWebhookDelivery',
    tag,
    summary: 'Get one delivery with its attempts',
    params: z.object({ webhookId: idSchema, deliveryId: idSchema }),
    response: jsonResponse(deliverySchema, 'The delivery.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      api(deps).getDelivery(ctx, params.webhookId, params.deliveryId),
  }),
];
