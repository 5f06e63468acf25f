/**
 * Which events of the log a caller may see on the live stream: an event is shown when the
 * caller may read the entity it is about (runs, logged models and artifacts through their
 * experiment; model versions, approvals and their comments through the registered model;
 * datasets by id). Kinds that map to no readable resource (users, tokens, webhooks, grants)
 * are for admins only.
 */
import { permissionRank } from '@cairn/core';
import type { AccessApi, Principal, ResourceType, StoredEvent } from '@cairn/core';
import type { ServerResourceDirectory } from './resource-resolver.ts';

type Target = { type: ResourceType; id: string } | undefined;

/** Decisions are cached this long, so a revoked grant stops the flow within seconds. */
const DECISION_TTL_MS = 10_000;

function beforeLastSlash(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash <= 0 ? '' : id.slice(0, slash);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function targetOf(
  directory: ServerResourceDirectory,
  event: StoredEvent,
  kind: string = event.entityType,
  id: string = event.entityId,
): Promise<Target> {
  const experiment = (experimentId: string | undefined): Target =>
    experimentId === undefined ? undefined : { type: 'experiment', id: experimentId };
  switch (kind) {
    case 'experiment':
      return experiment(id);
    case 'run':
      return experiment(await directory.experimentIdOfRun(id));
    case 'logged_model':
      return experiment(await directory.experimentIdOfLoggedModel(id));
    case 'artifact': {
      // Artifact paths start with the experiment id (`<experiment>/<run>/artifacts/…`).
      const first = id.replace(/^\/+/, '').split('/')[0] ?? '';
      return experiment((await directory.experimentExists(first)) ? first : undefined);
    }
    case 'registered_model':
      return { type: 'registered_model', id };
    case 'model_version': {
      const model = beforeLastSlash(id);
      return model === '' ? undefined : { type: 'registered_model', id: model };
    }
    case 'approval_request': {
      const model = text(event.payload['registeredModelId']);
      return model === undefined ? undefined : { type: 'registered_model', id: model };
    }
    case 'dataset':
      return { type: 'dataset', id };
    case 'comment': {
      const targetType = text(event.payload['targetType']);
      const targetId = text(event.payload['targetId']);
      if (targetType === undefined || targetId === undefined || targetType === 'comment') {
        return undefined;
      }
      return targetOf(directory, event, targetType, targetId);
    }
    default:
      return undefined;
  }
}

/** Decides, per event, whether one caller may see it; one per stream (it caches). */
export type EventFilter = (event: StoredEvent) => Promise<boolean>;

export function createEventFilter(options: {
  principal: Principal | undefined;
  access: AccessApi | undefined;
  resources: ServerResourceDirectory | undefined;
  now?: () => number;
}): EventFilter {
  const { principal, access, resources } = options;
  const now = options.now ?? Date.now;
  // Single-user mode (no principal) and admins see everything.
  if (principal === undefined || principal.isAdmin) return () => Promise.resolve(true);
  if (access === undefined || resources === undefined) return () => Promise.resolve(false);
  const decisions = new Map<string, { allowed: boolean; at: number }>();
  return async (event) => {
    const target = await targetOf(resources, event);
    if (target === undefined) return false;
    const key = `${target.type}:${target.id}`;
    const cached = decisions.get(key);
    if (cached !== undefined && now() - cached.at < DECISION_TTL_MS) return cached.allowed;
    const permission = await access.effectivePermission(principal, target.type, target.id);
    const allowed = permissionRank(permission) >= permissionRank('READ');
    decisions.set(key, { allowed, at: now() });
    return allowed;
  };
}
