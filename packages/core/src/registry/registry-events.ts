/**
 * The event types the registry appends, one per state change, in the same transaction as
 * the change (ARCHITECTURE §4). Webhooks and audit read them. Every payload carries
 * `registeredModelId` (immutable) and `name`.
 */
export const RegistryEvents = {
  registeredModelCreated: 'registry.registered_model.created',
  registeredModelRenamed: 'registry.registered_model.renamed',
  registeredModelUpdated: 'registry.registered_model.updated',
  registeredModelDeleted: 'registry.registered_model.deleted',
  registeredModelTagSet: 'registry.registered_model.tag_set',
  registeredModelTagDeleted: 'registry.registered_model.tag_deleted',

  modelVersionCreated: 'registry.model_version.created',
  modelVersionUpdated: 'registry.model_version.updated',
  modelVersionDeleted: 'registry.model_version.deleted',
  modelVersionStageTransitioned: 'registry.model_version.stage_transitioned',
  modelVersionTagSet: 'registry.model_version.tag_set',
  modelVersionTagDeleted: 'registry.model_version.tag_deleted',

  aliasSet: 'registry.alias.set',
  aliasDeleted: 'registry.alias.deleted',
} as const;
export type RegistryEventType = (typeof RegistryEvents)[keyof typeof RegistryEvents];

/** The `entityType` of registry events. */
export const RegistryEntityTypes = {
  registeredModel: 'registered_model',
  modelVersion: 'model_version',
} as const;

/** The `entityId` of a model version's events: `<registeredModelId>/<version>`. */
export function modelVersionEntityId(registeredModelId: string, version: number): string {
  return `${registeredModelId}/${version}`;
}
