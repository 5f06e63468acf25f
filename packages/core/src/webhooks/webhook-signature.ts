/**
 * Delivery headers and signature, exactly as MLflow sends them (`mlflow/webhooks/
 * delivery.py`, `constants.py`), so an MLflow receiver's verification code works:
 * `X-MLflow-Signature: v1,<base64 HMAC-SHA256(secret, "<delivery id>.<timestamp>.<body>")>`,
 * with the timestamp in Unix seconds.
 */
import { createHmac } from 'node:crypto';

export const WebhookHeaders = {
  signature: 'X-MLflow-Signature',
  timestamp: 'X-MLflow-Timestamp',
  deliveryId: 'X-MLflow-Delivery-Id',
  /** Cairn's addition: the Cairn event type, for routing without parsing the body. */
  event: 'X-Cairn-Event',
} as const;

export const SIGNATURE_VERSION = 'v1';

export function signDelivery(
  secret: string,
  deliveryId: string,
  timestamp: string,
  body: string,
): string {
  const digest = createHmac('sha256', secret)
    .update(`${deliveryId}.${timestamp}.${body}`, 'utf8')
    .digest('base64');
  return `${SIGNATURE_VERSION},${digest}`;
}

/** The headers of one attempt; `nowMs` gives the timestamp (seconds) signed with the body. */
export function deliveryHeaders(input: {
  deliveryId: string;
  eventType: string;
  body: string;
  secret: string | null;
  nowMs: number;
}): Record<string, string> {
  const timestamp = String(Math.floor(input.nowMs / 1000));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    [WebhookHeaders.deliveryId]: input.deliveryId,
    [WebhookHeaders.timestamp]: timestamp,
    [WebhookHeaders.event]: input.eventType,
  };
  if (input.secret !== null && input.secret !== '') {
    headers[WebhookHeaders.signature] = signDelivery(
      input.secret,
      input.deliveryId,
      timestamp,
      input.body,
    );
  }
  return headers;
}
