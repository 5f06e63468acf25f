/**
 * The declarative authorization policy of a route: who may call it, and for resource
 * routes, where the resource id is in the request and what permission it needs. One
 * middleware applies these; a route without a policy is denied.
 */
import type { ResourceType } from '@cairn/core';

/** How a request's value becomes the id of the resource whose grants decide. */
export type Resolution =
  /** The value is an experiment id. */
  | 'experiment'
  | 'experiment-name'
  | 'run'
  | 'logged-model'
  /** An `mlflow-artifacts` path: its first segment is the experiment id. */
  | 'artifact-path'
  | 'registered-model'
  | 'registered-model-name'
  /** A model version's `source` URI: the run, logged model or artifact path it names. */
  | 'model-source'
  /** A managed dataset's name; grants key on its id. */
  | 'dataset-name';

export interface Locator {
  from: 'param' | 'query' | 'body';
  /** Field names tried in order (MLflow accepts `run_id` or the legacy `run_uuid`). */
  fields: readonly string[];
  resolve: Resolution;
  /** Used when the request leaves the field out (MLflow's create-run: experiment "0"). */
  default?: string;
  /** The field holds a list (every element is checked). */
  list?: boolean;
  /**
   * What a request about a resource that does not exist yet needs on the server: `read`
   * (default: the handler answers 404) or `edit`, for routes that create it (a dataset's
   * first version), which any logged-in user with write scope may do.
   */
  whenAbsent?: 'read' | 'edit';
}

export type RoutePolicy =
  | { kind: 'public' }
  /** Any logged-in user; `edit` also excludes read-only tokens. Searches filter in the query. */
  | { kind: 'authenticated'; action: 'read' | 'edit' }
  | { kind: 'admin' }
  /** A user account named in the request: the user itself, or an admin. */
  | {
      kind: 'self';
      action: 'read' | 'edit';
      locator: { from: 'param' | 'query' | 'body'; field: string };
    }
  /** Every check must pass (e.g. EDIT on a model and READ on the source of a new version). */
  | { kind: 'resource'; checks: readonly ResourceCheck[] };

export interface ResourceCheck {
  action: 'read' | 'edit' | 'manage';
  locator: Locator;
}

/** The resource type a resolution lands on. */
export function resourceTypeOf(resolution: Resolution): ResourceType {
  if (resolution === 'dataset-name') return 'dataset';
  return resolution === 'registered-model' || resolution === 'registered-model-name'
    ? 'registered_model'
    : 'experiment';
}

export const publicRoute: RoutePolicy = { kind: 'public' };
export const anyUserReads: RoutePolicy = { kind: 'authenticated', action: 'read' };
export const anyUserWrites: RoutePolicy = { kind: 'authenticated', action: 'edit' };
export const adminOnly: RoutePolicy = { kind: 'admin' };

export function needs(
  action: 'read' | 'edit' | 'manage',
  from: Locator['from'],
  fields: string | readonly string[],
  resolve: Resolution,
  extra: Pick<Locator, 'default' | 'list' | 'whenAbsent'> = {},
): RoutePolicy {
  return {
    kind: 'resource',
    checks: [
      {
        action,
        locator: {
          from,
          fields: typeof fields === 'string' ? [fields] : fields,
          resolve,
          ...extra,
        },
      },
    ],
  };
}

/** Adds READ on what a new model version's `source` points at: no copying foreign artifacts. */
export function andSourceReadable(
  policy: RoutePolicy,
  from: Locator['from'],
  field: string,
): RoutePolicy {
  if (policy.kind !== 'resource') return policy;
  const source: ResourceCheck = {
    action: 'read',
    locator: { from, fields: [field], resolve: 'model-source' },
  };
  return { kind: 'resource', checks: [...policy.checks, source] };
}

/** A policy table keyed by `METHOD path` (Hono path syntax, as the route inventory lists them). */
export type PolicyTable = ReadonlyMap<string, RoutePolicy>;

export const policyKey = (method: string, path: string) => `${method} ${path}`;
