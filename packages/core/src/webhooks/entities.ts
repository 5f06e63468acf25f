/**
 * Webhook subscriptions and their deliveries. A subscription names the events it wants:
 * MLflow's registry event names (`model_version.created`, delivered in MLflow's payload
 * shape so MLflow receivers work unchanged) or Cairn event types (`tracking.run.created`,
 * or a prefix such as `registry.*`, delivered in Cairn's shape).
 */

export const WebhookStatus = { ACTIVE: 'ACTIVE', DISABLED: 'DISABLED' } as const;
export type WebhookStatus = (typeof WebhookStatus)[keyof typeof WebhookStatus];

/** A subscription as clients see it: never its secret. */
export interface Webhook {
  id: string;
  name: string;
  description: string;
  url: string;
  /** Event names or `prefix.*` patterns, as subscribed. */
  events: string[];
  status: WebhookStatus;
  /** Whether deliveries are signed (`X-MLflow-Signature`). */
  hasSecret: boolean;
  createdBy: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
}

/** A subscription as stored: with the (sealed) secret deliveries are signed with. */
export interface StoredWebhook extends Webhook {
  /** Sealed by the service's `SecretSealer`; null for unsigned deliveries. */
  secret: string | null;
}

export const DeliveryStatus = {
  PENDING: 'PENDING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** One HTTP attempt of a delivery. */
export interface DeliveryAttempt {
  /** 1, 2, … */
  attempt: number;
  startedAt: number;
  durationMs: number;
  /** The receiver's HTTP status; null when no response arrived. */
  statusCode: number | null;
  /** Why the attempt failed (transport error or non-2xx status); null on success. */
  error: string | null;
}

/** One event sent to one subscription, with every attempt made so far. */
export interface WebhookDelivery {
  /** Sent as `X-MLflow-Delivery-Id`; the same for every attempt, so receivers can de-duplicate. */
  id: string;
  webhookId: string;
  /** Position of the event in the event log. */
  eventSeq: number;
  /** The Cairn event type (`registry.model_version.created`). */
  eventType: string;
  /** The subscribed name it matched (`model_version.created`, `registry.*`). */
  matchedEvent: string;
  /** The JSON body sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** When the next attempt is due (PENDING only). */
  nextAttemptAt: number | null;
  createdAt: number;
}

/** The outcome of `POST /webhooks/{id}/test`, as MLflow's `WebhookTestResult`. */
export interface WebhookTestResult {
  success: boolean;
  responseStatus?: number;
  responseBody?: string;
  errorMessage?: string;
}
