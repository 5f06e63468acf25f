export * from './entities.ts';
export type * from './ports.ts';
export type * from './webhooks-api.ts';
export { createWebhookService, newWebhookSecret, WebhookEvents } from './webhook-service.ts';
export type { WebhookServiceDeps } from './webhook-service.ts';
export { createWebhookDispatcher } from './webhook-dispatcher.ts';
export type {
  DispatchReport,
  WebhookDispatcher,
  WebhookDispatcherOptions,
} from './webhook-dispatcher.ts';
export {
  MLFLOW_WEBHOOK_EVENTS,
  WebhookLimits,
  isMlflowWebhookEvent,
  matchSubscription,
  pythonIsoTimestamp,
} from './webhook-events.ts';
export type { MlflowWebhookEvent } from './webhook-events.ts';
export {
  SIGNATURE_VERSION,
  WebhookHeaders,
  deliveryHeaders,
  signDelivery,
} from './webhook-signature.ts';
