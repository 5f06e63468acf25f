/**
 * Delivers webhooks from the event log (the outbox). Two steps per pass:
 *
 * 1. Fan-out: in one transaction, read the events after the stored cursor, create one
 *    delivery per (matching active subscription, event) and move the cursor. The event
 *    rows are committed before they are visible here, so a crash at any point either
 *    leaves the cursor where it was (the events are read again) or has the deliveries
 *    stored with it: nothing is lost and nothing is fanned out twice.
 * 2. Send: lease the deliveries that are due, POST each (signed, through the egress
 *    guard), and record the attempt. A 2xx ends it; a retryable failure (network error,
 *    timeout, 408, 429, 5xx) is tried again after an exponential backoff with jitter, up to
 *    `maxAttempts`; anything else fails at once. A crash between sending and recording
 *    lets the lease lapse and the delivery go out again: at-least-once, with the same
 *    delivery id, so a receiver can de-duplicate.
 */
import { isCairnError, ErrorCategory } from '../kernel/index.ts';
import type { Clock, StoredEvent } from '../kernel/index.ts';
import { randomUUID } from 'node:crypto';
import { DeliveryStatus, WebhookStatus } from './entities.ts';
import type { DeliveryAttempt, StoredWebhook, WebhookDelivery } from './entities.ts';
import type { NewDelivery, SecretSealer, WebhookStore, WebhookTransport } from './ports.ts';
import { deliveryBody, matchSubscription } from './webhook-events.ts';
import { deliveryHeaders } from './webhook-signature.ts';

export interface WebhookDispatcherOptions {
  store: WebhookStore;
  transport: WebhookTransport;
  /** Opens the secrets the webhook service sealed. */
  sealer: SecretSealer;
  clock: Clock;
  /** Attempts per delivery before it is marked FAILED. Default 6. */
  maxAttempts?: number;
  /** Delay after the first failed attempt; doubles per attempt. Default 2 s. */
  backoffBaseMs?: number;
  /** Cap of one delay. Default 10 min. */
  backoffMaxMs?: number;
  /** How often `start()` polls the event log. Default 1 s. */
  pollIntervalMs?: number;
  /** Events read per fan-out transaction. Default 200. */
  batchSize?: number;
  /** How long a claimed delivery is reserved for its send. Default 2 min. */
  leaseMs?: number;
  /** Deliveries sent at once. Default 4. */
  concurrency?: number;
  /** How long finished deliveries stay in the log. Default 30 days. */
  retentionMs?: number;
  /** In [0, 1); jitter source. */
  random?: () => number;
  /** Unexpected errors of a background pass (the loop itself keeps going). */
  onError?: (error: unknown) => void;
}

export interface DispatchReport {
  /** Deliveries created from new events. */
  created: number;
  /** Attempts made. */
  attempted: number;
}

export interface WebhookDispatcher {
  /** One full pass: fan out every new event, then send what is due. */
  runOnce(): Promise<DispatchReport>;
  /** Polls in the background until `stop()`. */
  start(): void;
  /** Stops polling and waits for the sends in flight (no new one starts). */
  stop(): Promise<void>;
}

const MAX_FANOUT_BATCHES_PER_PASS = 50;
const PRUNE_INTERVAL_MS = 60 * 60_000;
const MAX_ERROR_TEXT = 500;

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { store, transport, sealer, clock } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const backoffBaseMs = options.backoffBaseMs ?? 2000;
  const backoffMaxMs = options.backoffMaxMs ?? 10 * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 120_000;
  const concurrency = options.concurrency ?? 4;
  const random = options.random ?? Math.random;
  const retentionMs = options.retentionMs ?? 30 * 24 * 60 * 60_000;
  let lastPruneAt = Number.NEGATIVE_INFINITY;
  const onError = options.onError ?? ((error: unknown) => console.error('webhooks:', error));
  /** Set by stop(): no new send starts. */
  let stopping = false;

  /** Exponential with "equal jitter": half the delay fixed, half random. */
  function backoff(attempt: number): number {
    const exponential = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(exponential / 2 + (exponential / 2) * random());
  }

  function deliveriesFor(event: StoredEvent, webhooks: StoredWebhook[], now: number) {
    const deliveries: NewDelivery[] = [];
    for (const webhook of webhooks) {
      const matched = matchSubscription(webhook.events, event.type);
      if (matched === undefined) continue;
      deliveries.push({
        id: randomUUID(),
        webhookId: webhook.id,
        eventSeq: event.seq,
        eventType: event.type,
        matchedEvent: matched,
        payload: deliveryBody(event, matched),
        createdAt: now,
      });
    }
    return deliveries;
  }

  /** One fan-out transaction; returns how many events it consumed and deliveries it made. */
  function fanOutBatch(): Promise<{ events: number; created: number }> {
    return store.write(async (writer) => {
      const cursor = await writer.getDispatchCursor();
      const events = await writer.listEventsAfter(cursor, batchSize);
      const last = events.at(-1);
      if (last === undefined) return { events: 0, created: 0 };
      const webhooks = await writer.listActiveWebhooks();
      const now = clock.now();
      const deliveries = events.flatMap((event) => deliveriesFor(event, webhooks, now));
      await writer.insertDeliveries(deliveries);
      await writer.setDispatchCursor(last.seq);
      return { events: events.length, created: deliveries.length };
    });
  }

  async function send(delivery: WebhookDelivery): Promise<void> {
    const webhook = await store.read((reader) => reader.getWebhook(delivery.webhookId));
    const attemptNo = delivery.attempts.length + 1;
    const startedAt = clock.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let retryable = false;
    if (webhook === undefined || webhook.status !== WebhookStatus.ACTIVE) {
      error = 'The webhook was disabled or deleted before delivery.';
    } else {
      try {
        const headers = deliveryHeaders({
          deliveryId: delivery.id,
          eventType: delivery.eventType,
          body: delivery.payload,
          secret: webhook.secret === null ? null : sealer.open(webhook.secret, webhook.id),
          nowMs: startedAt,
        });
        const response = await transport.post(webhook.url, headers, delivery.payload);
        statusCode = response.status;
        if (response.status < 200 || response.status >= 300) {
          error = `The receiver answered HTTP ${response.status}.`;
          retryable = isRetryableStatus(response.status);
        }
      } catch (caught) {
        if (!isCairnError(caught)) throw caught;
        error = caught.message.slice(0, MAX_ERROR_TEXT);
        // A refused destination stays refused; network trouble may pass.
        retryable = caught.category === ErrorCategory.UNAVAILABLE;
      }
    }
    const finishedAt = clock.now();
    const attempt: DeliveryAttempt = {
      attempt: attemptNo,
      startedAt,
      durationMs: Math.max(0, finishedAt - startedAt),
      statusCode,
      error,
    };
    const outcome =
      error === null
        ? { status: DeliveryStatus.SUCCEEDED, nextAttemptAt: null }
        : retryable && attemptNo < maxAttempts
          ? { status: DeliveryStatus.PENDING, nextAttemptAt: finishedAt + backoff(attemptNo) }
          : { status: DeliveryStatus.FAILED, nextAttemptAt: null };
    await store.write((writer) => writer.recordAttempt(delivery.id, attempt, outcome));
  }

  async function sendDue(): Promise<number> {
    const now = clock.now();
    const due = await store.write((writer) =>
      writer.claimDueDeliveries(now, now + leaseMs, batchSize),
    );
    let next = 0;
    const worker = async () => {
      // After stop() no new send starts; claimed ones left over go out once their lease lapses.
      while (next < due.length && !stopping) {
        const delivery = due[next++] as WebhookDelivery;
        await send(delivery);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return due.length;
  }

  async function runOnce(): Promise<DispatchReport> {
    let created = 0;
    for (let batch = 0; batch < MAX_FANOUT_BATCHES_PER_PASS; batch++) {
      const result = await fanOutBatch();
      created += result.created;
      if (result.events < batchSize) break;
    }
    const attempted = await sendDue();
    const now = clock.now();
    if (now - lastPruneAt >= PRUNE_INTERVAL_MS) {
      lastPruneAt = now;
      await store.write((writer) => writer.pruneFinishedDeliveries(now - retentionMs));
    }
    return { created, attempted };
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = runOnce().catch(onError).finally(schedule);
    }, pollIntervalMs);
    timer.unref?.();
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      stopping = true;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight;
    },
  };
}
