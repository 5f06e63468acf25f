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
