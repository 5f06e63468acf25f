/** MLflow's webhook endpoints (`/mlflow/webhooks*`, `webhooks.proto`) onto `WebhooksApi`. */
import { CairnError, ErrorCategory, notFound } from '@cairn/core';
import type { RequestContext, Webhook, WebhooksApi } from '@cairn/core';
import {
  optionalInt64,
  optionalObject,
  optionalString,
  requiredString,
} from '../request-fields.ts';
import type { JsonRoute } from '../route-kit.ts';
import {
  eventFromWire,
  eventsFromWire,
  hasMlflowEvents,
  statusFromWire,
  testResultJson,
  webhookJson,
} from './webhook-wire.ts';

function notConfigured(): CairnError {
  return new CairnError(
    ErrorCategory.UNAVAILABLE,
    'webhooks.not_configured',
    'Webhooks are not enabled on this server.',
  );
}

/** The routes; `webhooks` absent answers them with 503 (an app built without a dispatcher). */
export function webhookRoutes(webhooks: WebhooksApi | undefined): JsonRoute[] {
  const api = (): WebhooksApi => {
    if (webhooks === undefined) throw notConfigured();
    return webhooks;
  };
  /** A webhook MLflow can show; one with only Cairn event types is not found here. */
  const visible = async (ctx: RequestContext, webhookId: string): Promise<Webhook> => {
    const webhook = await api().getWebhook(ctx, webhookId);
    if (!hasMlflowEvents(webhook)) {
      throw notFound(
        'webhooks.webhook_not_found',
        `Webhook '${webhookId}' subscribes to Cairn events only; use /api/v1/webhooks for it.`,
      );
    }
    return webhook;
  };
  return [
    {
      method: 'POST',
      path: '/webhooks',
      async handle({ fields, ctx }) {
        const events = eventsFromWire(fields, 'events');
        const { webhook } = await api().createWebhook(ctx, {
          name: requiredString(fields, 'name'),
          url: requiredString(fields, 'url'),
          events: events ?? [],
          description: optionalString(fields, 'description'),
          secret: optionalString(fields, 'secret'),
          status: statusFromWire(fields),
        });
        return { webhook: webhookJson(webhook) };
      },
    },
    {
      method: 'GET',
      path: '/webhooks',
      async handle({ fields, ctx }) {
        const page = await api().listWebhooks(ctx, {
          maxResults: optionalInt64(fields, 'max_results'),
          pageToken: optionalString(fields, 'page_token') || undefined,
        });
        return {
          webhooks: page.items.filter(hasMlflowEvents).map(webhookJson),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    },
    {
      method: 'GET',
      path: '/webhooks/:webhookId',
      async handle({ ctx, param }) {
        return { webhook: webhookJson(await visible(ctx, param('webhookId'))) };
      },
    },
    {
      method: 'PATCH',
      path: '/webhooks/:webhookId',
      async handle({ fields, ctx, param }) {
        // Proto semantics: an empty string or list means "not given".
        const events = eventsFromWire(fields, 'events');
        await visible(ctx, param('webhookId'));
        const webhook = await api().updateWebhook(ctx, param('webhookId'), {
          name: optionalString(fields, 'name') || undefined,
          description: optionalString(fields, 'description') || undefined,
          url: optionalString(fields, 'url') || undefined,
          events: events === undefined || events.length === 0 ? undefined : events,
          secret: optionalString(fields, 'secret') || undefined,
          status: statusFromWire(fields),
        });
        return { webhook: webhookJson(webhook) };
      },
    },
    {
      method: 'DELETE',
      path: '/webhooks/:webhookId',
      async handle({ ctx, param }) {
        await visible(ctx, param('webhookId'));
        await api().deleteWebhook(ctx, param('webhookId'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/webhooks/:webhookId/test',
      async handle({ fields, ctx, param }) {
        const event = optionalObject(fields, 'event');
        await visible(ctx, param('webhookId'));
        const result = await api().testWebhook(
          ctx,
          param('webhookId'),
          event === undefined ? undefined : eventFromWire(event, 'event'),
        );
        return { result: testResultJson(result) };
      },
    },
  ];
}
