export { createAccessStore, grantCreators } from './access-repository.ts';
export { accessCondition } from './access-condition.ts';
export { createIdentityAccessSchema } from './identity-migration.ts';
export { createIdentityStore } from './identity-repository.ts';
export type { IdentityTables } from './identity-schema.ts';
export { createTrackingResourceDirectory } from './resource-directory.ts';
export type { TrackingResourceDirectory } from './resource-directory.ts';
