/** Storage of grants, and the lookups that find which resource a request touches. */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';
import type { Permission, ResourceType } from './permissions.ts';

export interface Grant {
  userId: string;
  resourceType: ResourceType;
  resourceId: string;
  permission: Permission;
  updatedAt: number;
}

export interface AccessReader {
  getGrant(userId: string, type: ResourceType, resourceId: string): Promise<Grant | undefined>;
  /** Every grant on one resource, ordered by user id. */
  listGrants(type: ResourceType, resourceId: string): Promise<Grant[]>;
}

export interface AccessWriter extends AccessReader, EventAppender {
  /** Inserts or replaces the one grant of (user, resource). */
  putGrant(grant: Grant): Promise<void>;
  deleteGrant(userId: string, type: ResourceType, resourceId: string): Promise<void>;
}

export type AccessStore = UnitOfWork<AccessReader, AccessWriter>;

/**
 * Maps what a request names (a run id, an experiment name, a model name) to the resource
 * whose grants decide. Undefined when the named thing does not exist.
 */
export interface ResourceDirectory {
  experimentIdOfRun(runId: string): Promise<string | undefined>;
  experimentIdOfLoggedModel(modelId: string): Promise<string | undefined>;
  experimentIdByName(name: string): Promise<string | undefined>;
  experimentExists(experimentId: string): Promise<boolean>;
  registeredModelIdByName(name: string): Promise<string | undefined>;
}
