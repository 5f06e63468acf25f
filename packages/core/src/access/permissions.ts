/**
 * Permission levels (MLflow's basic-auth ladder without USE): each level includes the ones
 * below it. Grants key on immutable resource ids, never on names.
 */
export const Permission = {
  NO_PERMISSIONS: 'NO_PERMISSIONS',
  READ: 'READ',
  EDIT: 'EDIT',
  MANAGE: 'MANAGE',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const PERMISSIONS: readonly Permission[] = ['NO_PERMISSIONS', 'READ', 'EDIT', 'MANAGE'];

const RANK: Record<Permission, number> = { NO_PERMISSIONS: 0, READ: 1, EDIT: 2, MANAGE: 3 };

export function permissionRank(permission: Permission): number {
  return RANK[permission];
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Resources that carry grants; a dataset's grants key on its id (`ds-…`). */
export type ResourceType = 'experiment' | 'registered_model' | 'dataset';

export const RESOURCE_TYPES: readonly ResourceType[] = [
  'experiment',
  'registered_model',
  'dataset',
];

/** What a request wants to do; `read` needs READ, `edit` EDIT, `manage` MANAGE, `admin` an admin. */
export type Action = 'read' | 'edit' | 'manage' | 'admin';

export const REQUIRED_PERMISSION: Record<Exclude<Action, 'admin'>, Permission> = {
  read: 'READ',
  edit: 'EDIT',
  manage: 'MANAGE',
};

/** What `authorize` is asked about. */
export type Resource =
  | { type: ResourceType; id: string }
  /** The server as a whole: `read`/`edit` need only a login, `admin` an admin. */
  | { type: 'server' }
  /** A user account (its tokens, its profile): the user itself or an admin. */
  | { type: 'user'; id: string };

/**
 * Events whose entity the actor created and must be able to manage at once: the store
 * grants MANAGE in the same transaction as the event, so there is no window without it.
 */
export const CREATOR_GRANT_EVENTS: Readonly<Record<string, ResourceType>> = {
  'tracking.experiment.created': 'experiment',
  'registry.registered_model.created': 'registered_model',
  'data.dataset.created': 'dataset',
};
