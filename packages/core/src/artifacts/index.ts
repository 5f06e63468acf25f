export type * from './ports.ts';
export type * from './artifacts-api.ts';
export {
  MAX_ARTIFACT_PATH_LENGTH,
  MAX_ARTIFACT_SEGMENT_BYTES,
  artifactPathFromUri,
  normalizeArtifactPath,
} from './artifact-path.ts';
export type { NormalizeArtifactPathOptions } from './artifact-path.ts';
export { DEFAULT_MAX_ARTIFACT_BYTES, createArtifactService } from './artifact-service.ts';
export type { ArtifactServiceDeps } from './artifact-service.ts';
export { guessContentType } from './content-type.ts';
export { createInMemoryArtifactIndex } from './in-memory-artifact-index.ts';
export type { InMemoryArtifactIndex } from './in-memory-artifact-index.ts';
export { createMemoryBlobStore } from './memory-blob-store.ts';
export type { MemoryBlobStore } from './memory-blob-store.ts';
