export * from './entities.ts';
export type * from './ports.ts';
export type * from './datasets-api.ts';
export {
  MAX_MANIFEST_PATH_LENGTH,
  canonicalManifestJson,
  diffManifests,
  isSha256Hex,
  manifestDigest,
  manifestPathProblem,
  parseCanonicalManifest,
  sortManifest,
  tableFormatFromPath,
  validateManifestEntries,
} from './manifest.ts';
export {
  LATEST_REF,
  formatDatasetVersionRef,
  parseDatasetVersionRef,
  parseVersionRef,
  validateDatasetName,
  validateTagName,
} from './dataset-names.ts';
export type { ParsedVersionRef } from './dataset-names.ts';
export { createDatasetService } from './dataset-service.ts';
export type { DatasetServiceDeps } from './dataset-service.ts';
export { DatasetEvents, DatasetLimits, findMissingObjects } from './dataset-support.ts';
export { parseDatasetSchema } from './schema-document.ts';
export { inferSchemaFromProfile } from './schema-inference.ts';
export type { SchemaInferenceOptions } from './schema-inference.ts';
