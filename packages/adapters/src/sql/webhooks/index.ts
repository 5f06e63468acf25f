export { createCommentStore } from './comment-store.ts';
export { createWebhookStore } from './webhook-store.ts';
export { createWebhooksCommentsSchema } from './webhooks-migration.ts';
export type { WebhookCommentTables } from './webhooks-schema.ts';
export { createAesGcmSealer, loadWebhookSecretKey } from './secret-sealer.ts';
