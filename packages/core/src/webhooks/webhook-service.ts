/** `createWebhookService`: subscription CRUD, test sends and the delivery log. */
import { randomBytes, randomUUID } from 'node:crypto';
import { invalidArgument, isCairnError, notFound } from '../kernel/index.ts';
import type { Clock } from '../kernel/index.ts';
import { decodePageToken, encodePageToken } from '../tracking/index.ts';
import type { Paged } from '../tracking/index.ts';
import { WebhookStatus } from './entities.ts';
import type { StoredWebhook, Webhook, WebhookDelivery, WebhookTestResult } from './entities.ts';
import {
  cairnBody,
  isMlflowWebhookEvent,
  mlflowBody,
  mlflowExampleData,
  validateEventNames,
} from './webhook-events.ts';
import { deliveryHeaders } from './webhook-signature.ts';
import type { SecretSealer, WebhookStore, WebhookTransport, WebhookWriter } from './ports.ts';
import type { WebhooksApi } from './webhooks-api.ts';

export interface WebhookServiceDeps {
  store: WebhookStore;
  transport: WebhookTransport;
  /** Seals secrets before they are stored; the dispatcher opens them with the same key. */
  sealer: SecretSealer;
  clock: Clock;
}

/** Event types the webhook domain appends (audit reads them; secrets never appear). */
export const WebhookEvents = {
  created: 'webhooks.webhook.created',
  updated: 'webhooks.webhook.updated',
  deleted: 'webhooks.webhook.deleted',
} as const;

const Limits = {
  name: 256,
  description: 1000,
  url: 2048,
  secretMin: 16,
  secretMax: 512,
  defaultPage: 100,
  maxPage: 1000,
  responseBody: 1000,
} as const;

// Control characters make names unprintable in logs and headers.
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkName(name: string): string {
  if (name.trim() === '' || name.length > Limits.name || CONTROL.test(name)) {
    throw invalidArgument(
      'webhooks.invalid_name',
      `A webhook name must be 1 to ${Limits.name} printable characters.`,
    );
  }
  return name;
}

function checkDescription(description: string): string {
  if (description.length > Limits.description) {
    throw invalidArgument(
      'webhooks.invalid_description',
      `A description may have at most ${Limits.description} characters.`,
    );
  }
  return description;
}

function checkSecret(secret: string): string {
  if (secret.length < Limits.secretMin || secret.length > Limits.secretMax) {
    throw invalidArgument(
      'webhooks.invalid_secret',
      `A webhook secret must have ${Limits.secretMin} to ${Limits.secretMax} characters.`,
    );
  }
  return secret;
}

function checkStatus(status: string): WebhookStatus {
  if (status !== WebhookStatus.ACTIVE && status !== WebhookStatus.DISABLED) {
    throw invalidArgument('webhooks.invalid_status', 'The status must be ACTIVE or DISABLED.');
  }
  return status;
}

function checkPageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return Limits.defaultPage;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > Limits.maxPage) {
    throw invalidArgument(
      'webhooks.invalid_max_results',
      `max_results must be an integer from 1 to ${Limits.maxPage}.`,
    );
  }
  return maxResults;
}

function publicView(stored: StoredWebhook): Webhook {
  return {
    id: stored.id,
    name: stored.name,
    description: stored.description,
    url: stored.url,
    events: stored.events,
    status: stored.status,
    hasSecret: stored.hasSecret,
    createdBy: stored.createdBy,
    creationTimestamp: stored.creationTimestamp,
    lastUpdatedTimestamp: stored.lastUpdatedTimestamp,
  };
}

/** Reads one page more than asked to tell whether another page follows. */
async function paged<T>(
  pageToken: string | undefined,
  maxResults: number | undefined,
  load: (offset: number, limit: number) => Promise<T[]>,
): Promise<Paged<T>> {
  const offset = decodePageToken(pageToken);
  const size = checkPageSize(maxResults);
  const rows = await load(offset, size + 1);
  const items = rows.slice(0, size);
  return rows.length > size ? { items, nextPageToken: encodePageToken(offset + size) } : { items };
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export function createWebhookService(deps: WebhookServiceDeps): WebhooksApi {
  const { store, transport, sealer, clock } = deps;

  async function checkUrl(url: string): Promise<string> {
    if (url.length > Limits.url) {
      throw invalidArgument(
        'webhooks.invalid_url',
        `A URL may have at most ${Limits.url} characters.`,
      );
    }
    await transport.checkUrl(url);
    return url;
  }

  async function mustGet(writer: WebhookWriter, webhookId: string): Promise<StoredWebhook> {
    const found = await writer.getWebhook(webhookId);
    if (found === undefined) throw webhookNotFound(webhookId);
    return found;
  }

  return {
    async createWebhook(ctx, input) {
      const name = checkName(input.name);
      const events = validateEventNames(input.events);
      const description = checkDescription(input.description ?? '');
      const status = checkStatus(input.status ?? WebhookStatus.ACTIVE);
      const given = input.secret === undefined || input.secret === '' ? undefined : input.secret;
      const secret =
        given !== undefined
          ? checkSecret(given)
          : input.generateSecret === true
            ? newWebhookSecret()
            : null;
      const url = await checkUrl(input.url);
      const now = clock.now();
      const id = randomUUID().replaceAll('-', '');
      const stored: StoredWebhook = {
        id,
        name,
        description,
        url,
        events,
        status,
        hasSecret: secret !== null,
        secret: secret === null ? null : sealer.seal(secret, id),
        createdBy: ctx.actor,
        creationTimestamp: now,
        lastUpdatedTimestamp: now,
      };
      await store.write(async (writer) => {
        await writer.insertWebhook(stored);
        await writer.appendEvent({
          type: WebhookEvents.created,
          entityType: 'webhook',
          entityId: stored.id,
          actor: ctx.actor,
          time: now,
          payload: { name, url, events, status, signed: secret !== null },
        });
      });
      return { webhook: publicView(stored), secret };
    },

    async getWebhook(_ctx, webhookId) {
      const found = await store.read((reader) => reader.getWebhook(webhookId));
      if (found === undefined) throw webhookNotFound(webhookId);
      return publicView(found);
    },

    listWebhooks: (_ctx, page) =>
      store.read((reader) =>
        paged(page.pageToken, page.maxResults, async (offset, limit) =>
          (await reader.listWebhooks({ offset, limit })).map(publicView),
        ),
      ),

    async updateWebhook(ctx, webhookId, input) {
      const patch = {
        ...(input.name === undefined ? {} : { name: checkName(input.name) }),
        ...(input.description === undefined
          ? {}
          : { description: checkDescription(input.description) }),
        ...(input.events === undefined ? {} : { events: validateEventNames(input.events) }),
        ...(input.status === undefined ? {} : { status: checkStatus(input.status) }),
        ...(input.secret === undefined
          ? {}
          : {
              secret:
                input.secret === null ? null : sealer.seal(checkSecret(input.secret), webhookId),
            }),
        ...(input.url === undefined ? {} : { url: await checkUrl(input.url) }),
      };
      const now = clock.now();
      return store.write(async (writer) => {
        const current = await mustGet(writer, webhookId);
        await writer.updateWebhook(webhookId, { ...patch, lastUpdatedTimestamp: now });
        const { secret, ...visible } = patch;
        await writer.appendEvent({
          type: WebhookEvents.updated,
          entityType: 'webhook',
          entityId: webhookId,
          actor: ctx.actor,
          time: now,
          payload: {
            ...visible,
            ...(secret === undefined ? {} : { secretChanged: true }),
          },
        });
        const next: StoredWebhook = {
          ...current,
          ...patch,
          hasSecret: (patch.secret === undefined ? current.secret : patch.secret) !== null,
          lastUpdatedTimestamp: now,
        };
        return publicView(next);
      });
    },

    async deleteWebhook(ctx, webhookId) {
      await store.write(async (writer) => {
        const current = await mustGet(writer, webhookId);
        await writer.deleteWebhook(webhookId);
        await writer.appendEvent({
          type: WebhookEvents.deleted,
          entityType: 'webhook',
          entityId: webhookId,
          actor: ctx.actor,
          time: clock.now(),
          payload: { name: current.name },
        });
      });
    },

    async testWebhook(ctx, webhookId, event) {
      const webhook = await store.read((reader) => reader.getWebhook(webhookId));
      if (webhook === undefined) throw webhookNotFound(webhookId);
      const chosen = event ?? webhook.events[0] ?? '';
      validateEventNames([chosen]);
      const now = clock.now();
      const body = isMlflowWebhookEvent(chosen)
        ? mlflowBody(chosen, mlflowExampleData(chosen), now)
        : cairnBody({
            type: chosen.replace(/\.\*$/, '.test'),
            entityType: 'webhook',
            entityId: webhookId,
            actor: ctx.actor,
            time: now,
            payload: { test: true },
          });
      const headers = deliveryHeaders({
        deliveryId: randomUUID(),
        eventType: chosen,
        body,
        secret: webhook.secret === null ? null : sealer.open(webhook.secret, webhook.id),
        nowMs: now,
      });
      return sendTest(transport, webhook.url, headers, body);
    },

    listDeliveries: (_ctx, webhookId, page) =>
      store.read(async (reader) => {
        if ((await reader.getWebhook(webhookId)) === undefined) throw webhookNotFound(webhookId);
        return paged(page.pageToken, page.maxResults, (offset, limit) =>
          reader.listDeliveries(webhookId, { offset, limit }, page.status),
        );
      }),

    async getDelivery(_ctx, webhookId, deliveryId) {
      const delivery: WebhookDelivery | undefined = await store.read((reader) =>
        reader.getDelivery(deliveryId),
      );
      if (delivery?.webhookId !== webhookId) {
        throw notFound(
          'webhooks.delivery_not_found',
          `No delivery '${deliveryId}' of webhook '${webhookId}'.`,
        );
      }
      return delivery;
    },
  };
}

async function sendTest(
  transport: WebhookTransport,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<WebhookTestResult> {
  try {
    const response = await transport.post(url, headers, body);
    return {
      success: response.status < 400,
      responseStatus: response.status,
      responseBody: response.body.slice(0, Limits.responseBody),
    };
  } catch (error) {
    if (!isCairnError(error)) throw error;
    return { success: false, errorMessage: `Failed to test webhook: ${error.message}` };
  }
}

function webhookNotFound(webhookId: string) {
  return notFound('webhooks.webhook_not_found', `No webhook with id '${webhookId.slice(0, 100)}'.`);
}
