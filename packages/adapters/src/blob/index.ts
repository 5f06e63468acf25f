export { createLocalBlobStore } from './local-blob-store.ts';
export type { LocalBlobStoreOptions } from './local-blob-store.ts';
