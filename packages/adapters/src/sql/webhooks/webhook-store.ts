/** The webhook ports (`WebhookStore`) over the shared transaction runner. */
import type {
  DeliveryAttempt,
  DeliveryStatus,
  StoredEvent,
  StoredWebhook,
  WebhookDelivery,
  WebhookReader,
  WebhookStatus,
  WebhookStore,
  WebhookWriter,
} from '@cairn/core';
import type { Selectable } from 'kysely';
import { createEventReader } from '../event-repository.ts';
import type { SqlScope, TransactionRunner } from '../transaction-runner.ts';
import type { WebhookDeliveryTable, WebhookTable } from './webhooks-schema.ts';

const CURSOR = 'webhooks';

function toWebhook(row: Selectable<WebhookTable>): StoredWebhook {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    status: row.status as WebhookStatus,
    hasSecret: row.secret !== null,
    secret: row.secret,
    createdBy: row.created_by,
    creationTimestamp: Number(row.creation_timestamp),
    lastUpdatedTimestamp: Number(row.last_updated_timestamp),
  };
}

async function withAttempts(
  { db }: SqlScope,
  rows: Selectable<WebhookDeliveryTable>[],
): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_delivery_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('attempt')
    .execute();
  const byDelivery = new Map<string, DeliveryAttempt[]>();
  for (const attempt of attempts) {
    const list = byDelivery.get(attempt.delivery_id) ?? [];
    list.push({
      attempt: Number(attempt.attempt),
      startedAt: Number(attempt.started_at),
      durationMs: Number(attempt.duration_ms),
      statusCode: attempt.status_code === null ? null : Number(attempt.status_code),
      error: attempt.error,
    });
    byDelivery.set(attempt.delivery_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    eventSeq: Number(row.event_seq),
    eventType: row.event_type,
    matchedEvent: row.matched_event,
    payload: row.payload,
    status: row.status as DeliveryStatus,
    attempts: byDelivery.get(row.id) ?? [],
    nextAttemptAt: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
    createdAt: Number(row.created_at),
  }));
}

function createReader(scope: SqlScope): WebhookReader {
  const { db } = scope;
  return {
    async getWebhook(webhookId) {
      const row = await db
        .selectFrom('webhooks')
        .selectAll()
        .where('id', '=', webhookId)
        .executeTakeFirst();
      return row === undefined ? undefined : toWebhook(row);
    },
    async listWebhooks({ offset, limit }) {
      const rows = await db
        .selectFrom('webhooks')
        .selectAll()
        .orderBy('creation_timestamp')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toWebhook);
    },
    async getDelivery(deliveryId) {
      const row = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', deliveryId)
        .executeTakeFirst();
      return row === undefined ? undefined : (await withAttempts(scope, [row]))[0];
    },
    async listDeliveries(webhookId, { offset, limit }, status) {
      let query = db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId);
      if (status !== undefined) query = query.where('status', '=', status);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('event_seq', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return withAttempts(scope, rows);
    },
  };
}

function createWriter(scope: SqlScope): Omit<WebhookWriter, 'appendEvent'> {
  const { db } = scope;
  const events = createEventReader((fn) => fn(scope));
  return {
    ...createReader(scope),
    async insertWebhook(webhook) {
      await db
        .insertInto('webhooks')
        .values({
          id: webhook.id,
          name: webhook.name,
          description: webhook.description,
          url: webhook.url,
          events: JSON.stringify(webhook.events),
          secret: webhook.secret,
          status: webhook.status,
          created_by: webhook.createdBy,
          creation_timestamp: webhook.creationTimestamp,
          last_updated_timestamp: webhook.lastUpdatedTimestamp,
        })
        .execute();
    },
    async updateWebhook(webhookId, patch) {
      await db
        .updateTable('webhooks')
        .set({
          ...(patch.name === undefined ? {} : { name: patch.name }),
          ...(patch.description === undefined ? {} : { description: patch.description }),
          ...(patch.url === undefined ? {} : { url: patch.url }),
          ...(patch.events === undefined ? {} : { events: JSON.stringify(patch.events) }),
          ...(patch.secret === undefined ? {} : { secret: patch.secret }),
          ...(patch.status === undefined ? {} : { status: patch.status }),
          last_updated_timestamp: patch.lastUpdatedTimestamp,
        })
        .where('id', '=', webhookId)
        .execute();
    },
    async deleteWebhook(webhookId) {
      // Explicit child deletes: SQLite enforces the cascade only with foreign keys on.
      const deliveries = db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('webhook_id', '=', webhookId);
      await db
        .deleteFrom('webhook_delivery_attempts')
        .where('delivery_id', 'in', deliveries)
        .execute();
      await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhookId).execute();
      await db.deleteFrom('webhooks').where('id', '=', webhookId).execute();
    },
    async listActiveWebhooks() {
      const rows = await db
        .selectFrom('webhooks')
        .selectAll()
        .where('status', '=', 'ACTIVE')
        .orderBy('id')
        .execute();
      return rows.map(toWebhook);
    },
    async getDispatchCursor() {
      const row = await db
        .selectFrom('webhook_dispatch_cursor')
        .select('last_seq')
        .where('name', '=', CURSOR)
        .executeTakeFirst();
      return row === undefined ? 0 : Number(row.last_seq);
    },
    async setDispatchCursor(seq) {
      await db
        .insertInto('webhook_dispatch_cursor')
        .values({ name: CURSOR, last_seq: seq })
        .onConflict((oc) => oc.column('name').doUpdateSet({ last_seq: seq }))
        .execute();
    },
    listEventsAfter: (afterSeq, limit): Promise<StoredEvent[]> =>
      events.listEvents(afterSeq, limit),
    async insertDeliveries(deliveries) {
      for (const delivery of deliveries) {
        await db
          .insertInto('webhook_deliveries')
          .values({
            id: delivery.id,
            webhook_id: delivery.webhookId,
            event_seq: delivery.eventSeq,
            event_type: delivery.eventType,
            matched_event: delivery.matchedEvent,
            payload: delivery.payload,
            status: 'PENDING',
            attempt_count: 0,
            next_attempt_at: delivery.createdAt,
            created_at: delivery.createdAt,
          })
          .onConflict((oc) => oc.columns(['webhook_id', 'event_seq']).doNothing())
          .execute();
      }
    },
    async claimDueDeliveries(now, leaseUntil, limit) {
      const due = await db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'PENDING')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('event_seq')
        .limit(limit)
        .execute();
      if (due.length === 0) return [];
      // Only the rows this statement moved are ours: a concurrent claimer's rows no longer match.
      const claimed = await db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: leaseUntil })
        .where(
          'id',
          'in',
          due.map((row) => row.id),
        )
        .where('status', '=', 'PENDING')
        .where('next_attempt_at', '<=', now)
        .returningAll()
        .execute();
      claimed.sort((a, b) => Number(a.event_seq) - Number(b.event_seq) || a.id.localeCompare(b.id));
      return withAttempts(scope, claimed);
    },
    async pruneFinishedDeliveries(before) {
      const finished = db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', 'in', ['SUCCEEDED', 'FAILED'])
        .where('created_at', '<', before);
      await db
        .deleteFrom('webhook_delivery_attempts')
        .where('delivery_id', 'in', finished)
        .execute();
      const deleted = await db
        .deleteFrom('webhook_deliveries')
        .where('status', 'in', ['SUCCEEDED', 'FAILED'])
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(deleted.numDeletedRows);
    },
    async recordAttempt(deliveryId, attempt, outcome) {
      await db
        .insertInto('webhook_delivery_attempts')
        .values({
          delivery_id: deliveryId,
          attempt: attempt.attempt,
          started_at: attempt.startedAt,
          duration_ms: attempt.durationMs,
          status_code: attempt.statusCode,
          error: attempt.error,
        })
        .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
        .execute();
      await db
        .updateTable('webhook_deliveries')
        .set({
          status: outcome.status,
          attempt_count: attempt.attempt,
          next_attempt_at: outcome.nextAttemptAt,
        })
        .where('id', '=', deliveryId)
        .execute();
    },
  };
}

export function createWebhookStore(runner: TransactionRunner): WebhookStore {
  return {
    read: (fn) => runner.read((scope) => fn(createReader(scope))),
    write: (fn) =>
      runner.write((scope) => fn({ ...createWriter(scope), appendEvent: scope.appendEvent })),
  };
}
