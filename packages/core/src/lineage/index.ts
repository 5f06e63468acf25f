export * from './lineage-graph.ts';
export { createLineageService } from './lineage-service.ts';
export type { LineageApi, LineageServiceDeps, ResourceVisibility } from './lineage-service.ts';
export { CodeTags, codeVersionOf } from './lineage-nodes.ts';
export type { LineageResourceType } from './lineage-nodes.ts';
export type { LineageSources } from './lineage-neighbours.ts';
export type { DatasetSource } from './dataset-version-neighbours.ts';
export { resolveDatasetInput } from './dataset-input-resolver.ts';
export type { DatasetInputRef } from './dataset-input-resolver.ts';
