export { createLocalBlobStore } from './local-blob-store.ts';
export type { LocalBlobStoreOptions } from './local-blob-store.ts';
export { BLOB_OBJECTS_DIR, BLOB_TEMP_DIR, blobObjectPath } from './blob-layout.ts';
export type { LocalBlobStore } from './local-blob-store.ts';
