export * from './lineage-graph.ts';
export { createLineageService } from './lineage-service.ts';
export type { LineageApi, LineageServiceDeps, ResourceVisibility } from './lineage-service.ts';
export { CodeTags, codeVersionOf } from './lineage-neighbours.ts';
export type { LineageSources } from './lineage-neighbours.ts';
