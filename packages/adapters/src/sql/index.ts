export { openMetadataStore } from './metadata-store.ts';
export type { MetadataStore, MetadataStoreOptions } from './metadata-store.ts';
export type { IntegrityReport } from './integrity-check.ts';
export { createAesGcmSealer, loadWebhookSecretKey } from './webhooks/index.ts';
