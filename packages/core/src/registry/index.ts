export * from './entities.ts';
export type * from './search-query.ts';
export type * from './ports.ts';
export type * from './registry-api.ts';
export { createRegistryService } from './registry-service.ts';
export type { RegistryServiceDeps } from './registry-service.ts';
export { RegistryEntityTypes, RegistryEvents, modelVersionEntityId } from './registry-events.ts';
export type { RegistryEventType } from './registry-events.ts';
export { PROMPT_TAG_KEY, RegistryLimits } from './registry-limits.ts';
export {
  parseModelVersionFilter,
  parseModelVersionOrderBy,
  parseRegisteredModelFilter,
  parseRegisteredModelOrderBy,
} from './registry-search-parser.ts';
export {
  canonicalStage,
  parseVersion,
  validateAlias,
  validateModelName,
} from './registry-validation.ts';
export { resolveSource } from './source-validation.ts';
export type { ResolvedSource } from './source-validation.ts';
