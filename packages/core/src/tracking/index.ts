export * from './entities.ts';
export type * from './search-query.ts';
export type * from './ports.ts';
export type * from './tracking-api.ts';
export { createTrackingService, ensureDefaultExperiment } from './tracking-service.ts';
export type { TrackingServiceDeps } from './tracking-service.ts';
export { TrackingLimits } from './limits.ts';
export { MAX_SERIES_BUCKETS, m4Indices } from './series-downsampling.ts';
export type { SeriesRange } from './series-downsampling.ts';
export { TrackingEntityTypes, TrackingEvents } from './tracking-events.ts';
export type { TrackingEventType } from './tracking-events.ts';
export { parseExperimentFilter, parseLoggedModelFilter, parseRunFilter } from './filter-parser.ts';
export {
  parseExperimentOrderBy,
  parseLoggedModelOrderBy,
  parseRunOrderBy,
} from './order-by-parser.ts';
export { decodePageToken, encodePageToken } from './page-token.ts';
export { ALLOWED_ARTIFACT_SCHEMES, validateArtifactLocation } from './artifact-location.ts';
export { RUN_NAME_TAG } from './param-rules.ts';
// Shared with the registry, whose search grammar and keys follow the same MLflow rules.
export { resolvePageSize, toPage } from './page-token.ts';
export { parseComparisons, parseOrderByItem } from './filter-syntax.ts';
export type { RawComparison, RawValue } from './filter-syntax.ts';
export { validateEntityKey } from './key-validation.ts';
