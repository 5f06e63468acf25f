/**
 * What the webhook domain needs from outside: a store (subscriptions, the dispatcher's
 * cursor over the event log, deliveries and their attempts) and a transport that sends
 * through the egress guard.
 */
import type { EventAppender, StoredEvent, UnitOfWork } from '../kernel/index.ts';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  StoredWebhook,
  WebhookDelivery,
  WebhookStatus,
} from './entities.ts';

export interface WebhookPage {
  offset: number;
  limit: number;
}

export interface WebhookReader {
  getWebhook(webhookId: string): Promise<StoredWebhook | undefined>;
  /** Ordered by creation time, then id. */
  listWebhooks(page: WebhookPage): Promise<StoredWebhook[]>;
  getDelivery(deliveryId: string): Promise<WebhookDelivery | undefined>;
  /** Newest first. */
  listDeliveries(
    webhookId: string,
    page: WebhookPage,
    status?: DeliveryStatus,
  ): Promise<WebhookDelivery[]>;
}

/** A delivery to create when an event matches a subscription. */
export interface NewDelivery {
  id: string;
  webhookId: string;
  eventSeq: number;
  eventType: string;
  matchedEvent: string;
  payload: string;
  createdAt: number;
}

export interface WebhookPatch {
  name?: string;
  description?: string;
  url?: string;
  events?: string[];
  secret?: string | null;
  status?: WebhookStatus;
  lastUpdatedTimestamp: number;
}

export interface WebhookWriter extends WebhookReader, EventAppender {
  insertWebhook(webhook: StoredWebhook): Promise<void>;
  updateWebhook(webhookId: string, patch: WebhookPatch): Promise<void>;
  /** Deletes the subscription and its delivery log. */
  deleteWebhook(webhookId: string): Promise<void>;
  listActiveWebhooks(): Promise<StoredWebhook[]>;

  /** The seq of the last event the dispatcher has fanned out. */
  getDispatchCursor(): Promise<number>;
  setDispatchCursor(seq: number): Promise<void>;
  /** Events after `afterSeq` in log order, read inside this transaction. */
  listEventsAfter(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Inserts deliveries; one for the same (webhook, event) already present is left alone. */
  insertDeliveries(deliveries: NewDelivery[]): Promise<void>;
  /**
   * The PENDING deliveries due at `now` (oldest first), each leased until `leaseUntil` so
   * no other pass picks it up meanwhile; a crash mid-send lets the lease lapse and the
   * delivery be sent again (at-least-once).
   */
  claimDueDeliveries(now: number, leaseUntil: number, limit: number): Promise<WebhookDelivery[]>;
  /** Deletes finished (SUCCEEDED or FAILED) deliveries created before `before`, with their attempts. */
  pruneFinishedDeliveries(before: number): Promise<number>;
  recordAttempt(
    deliveryId: string,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryStatus; nextAttemptAt: number | null },
  ): Promise<void>;
}

export type WebhookStore = UnitOfWork<WebhookReader, WebhookWriter>;

export interface TransportResponse {
  status: number;
  body: string;
}

/** Outbound HTTP for webhooks; implemented over the egress guard. */
export interface WebhookTransport {
  /** Rejects (INVALID_ARGUMENT) a URL the guard would refuse: scheme, DNS, blocked address. */
  checkUrl(url: string): Promise<void>;
  /** POSTs `body`; throws a CairnError for a refused destination or a failed request. */
  post(url: string, headers: Record<string, string>, body: string): Promise<TransportResponse>;
}

/**
 * Keeps signing secrets unreadable at rest: the store holds only sealed text, bound to the
 * webhook's id (a sealed secret copied onto another row does not open). The key lives
 * outside the database.
 */
export interface SecretSealer {
  seal(secret: string, webhookId: string): string;
  /** Throws a CairnError when the text was sealed under another key or id. */
  open(sealed: string, webhookId: string): string;
}
