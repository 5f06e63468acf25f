export * from './entities.ts';
export type * from './search-query.ts';
export type * from './ports.ts';
export type * from './tracking-api.ts';
export { createTrackingService, ensureDefaultExperiment } from './tracking-service.ts';
export type { TrackingServiceDeps } from './tracking-service.ts';
export { TrackingLimits } from './limits.ts';
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
