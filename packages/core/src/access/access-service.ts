/**
 * The one authorization decision point: `authorize(principal, action, resource)`. Deny by
 * default; admins bypass resource grants; a token's scope narrows what its user may do;
 * a resource without an explicit grant falls back to the configured default permission.
 */
import { CairnError, ErrorCategory, invalidArgument } from '../kernel/index.ts';
import type { AccessFilter, Clock, Principal, RequestContext } from '../kernel/index.ts';
import { REQUIRED_PERMISSION, isPermission, permissionRank } from './permissions.ts';
import type { Action, Permission, Resource, ResourceType } from './permissions.ts';
import { RESOURCE_TYPES } from './permissions.ts';
import type { AccessStore, Grant } from './ports.ts';

export const AccessEvents = {
  permissionSet: 'access.permission.set',
  permissionDeleted: 'access.permission.deleted',
} as const;

export interface AccessApi {
  readonly defaultPermission: Permission;
  /** Resolves when allowed; throws UNAUTHENTICATED without a principal, PERMISSION_DENIED otherwise. */
  authorize(principal: Principal | undefined, action: Action, resource: Resource): Promise<void>;
  /** The user's permission on a resource: their grant, else the default (admins: MANAGE). */
  effectivePermission(principal: Principal, type: ResourceType, id: string): Promise<Permission>;
  /** The search restriction for this principal; undefined for admins. */
  searchFilter(principal: Principal): AccessFilter | undefined;
  listPermissions(type: ResourceType, id: string): Promise<Grant[]>;
  setPermission(
    ctx: RequestContext,
    input: { type: ResourceType; id: string; userId: string; username: string; permission: string },
  ): Promise<Grant>;
  deletePermission(
    ctx: RequestContext,
    input: { type: ResourceType; id: string; userId: string; username: string },
  ): Promise<void>;
}

export interface AccessServiceDeps {
  store: AccessStore;
  clock: Clock;
  /** Applies where a user has no explicit grant; default READ (as MLflow). */
  defaultPermission?: Permission;
}

export function unauthenticated(): CairnError {
  return new CairnError(
    ErrorCategory.UNAUTHENTICATED,
    'access.unauthenticated',
    'Authentication required: send a Bearer token or HTTP Basic credentials.',
  );
}

function denied(action: Action, resource: Resource): CairnError {
  const what = resource.type === 'server' ? 'this server' : `${resource.type} '${resource.id}'`;
  return new CairnError(
    ErrorCategory.PERMISSION_DENIED,
    'access.permission_denied',
    `Permission denied: '${action}' on ${what}.`,
  );
}

function scopeAllows(principal: Principal, action: Action): boolean {
  if (principal.scope === 'read') return action === 'read';
  if (principal.scope === 'write') return action !== 'admin';
  return true;
}

export function checkResourceType(type: string): ResourceType {
  const found = RESOURCE_TYPES.find((t) => t === type);
  if (found === undefined) {
    throw invalidArgument(
      'access.invalid_resource_type',
      `A resource type is one of ${RESOURCE_TYPES.join(', ')}.`,
    );
  }
  return found;
}

export function createAccessService(deps: AccessServiceDeps): AccessApi {
  const { store, clock } = deps;
  const defaultPermission = deps.defaultPermission ?? 'READ';

  async function effectivePermission(
    principal: Principal,
    type: ResourceType,
    id: string,
  ): Promise<Permission> {
    if (principal.isAdmin) return 'MANAGE';
    const grant = await store.read((reader) => reader.getGrant(principal.userId, type, id));
    return grant?.permission ?? defaultPermission;
  }

  return {
    defaultPermission,
    effectivePermission,

    async authorize(principal, action, resource) {
      if (principal === undefined) throw unauthenticated();
      if (!scopeAllows(principal, action)) throw denied(action, resource);
      if (principal.isAdmin) return;
      if (action === 'admin') throw denied(action, resource);
      if (resource.type === 'server') return;
      if (resource.type === 'user') {
        if (resource.id === principal.userId) return;
        throw denied(action, resource);
      }
      const have = await effectivePermission(principal, resource.type, resource.id);
      if (permissionRank(have) < permissionRank(REQUIRED_PERMISSION[action])) {
        throw denied(action, resource);
      }
    },

    searchFilter(principal) {
      if (principal.isAdmin) return undefined;
      return {
        userId: principal.userId,
        readableByDefault: permissionRank(defaultPermission) >= permissionRank('READ'),
      };
    },

    listPermissions: (type, id) => store.read((reader) => reader.listGrants(type, id)),

    async setPermission(ctx, input) {
      if (!isPermission(input.permission)) {
        throw invalidArgument(
          'access.invalid_permission',
          'A permission is NO_PERMISSIONS, READ, EDIT or MANAGE.',
          { details: { field: 'permission' } },
        );
      }
      const grant: Grant = {
        userId: input.userId,
        resourceType: input.type,
        resourceId: input.id,
        permission: input.permission,
        updatedAt: clock.now(),
      };
      await store.write(async (writer) => {
        await writer.putGrant(grant);
        await writer.appendEvent({
          type: AccessEvents.permissionSet,
          entityType: input.type,
          entityId: input.id,
          actor: ctx.actor,
          time: grant.updatedAt,
          payload: { username: input.username, permission: grant.permission },
        });
      });
      return grant;
    },

    async deletePermission(ctx, input) {
      await store.write(async (writer) => {
        await writer.deleteGrant(input.userId, input.type, input.id);
        await writer.appendEvent({
          type: AccessEvents.permissionDeleted,
          entityType: input.type,
          entityId: input.id,
          actor: ctx.actor,
          time: clock.now(),
          payload: { username: input.username },
        });
      });
    },
  };
}
