export {
  AccessEvents,
  checkResourceType,
  createAccessService,
  unauthenticated,
} from './access-service.ts';
export type { AccessApi, AccessServiceDeps } from './access-service.ts';
export {
  CREATOR_GRANT_EVENTS,
  PERMISSIONS,
  Permission,
  RESOURCE_TYPES,
  isPermission,
  permissionRank,
} from './permissions.ts';
export type { Action, Resource, ResourceType } from './permissions.ts';
export type { AccessReader, AccessStore, AccessWriter, Grant, ResourceDirectory } from './ports.ts';
