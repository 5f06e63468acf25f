/**
 * Policies of the model registry routes (MLflow's and v1). Versions and aliases inherit
 * their registered model's grants; grants key on the model's immutable id, found from the
 * name in the request. Registering a version also needs READ on what its source names.
 */
import { andSourceReadable, anyUserReads, anyUserWrites, needs } from './route-policy.ts';
import type { RoutePolicy } from './route-policy.ts';

const byName = (action: 'read' | 'edit' | 'manage', from: 'query' | 'body' | 'param') =>
  needs(action, from, 'name', 'registered-model-name');

/** MLflow JSON endpoints, by path under the service prefix. */
export const mlflowRegistryPolicies: Readonly<Record<string, RoutePolicy>> = {
  'POST /registered-models/create': anyUserWrites,
  'GET /registered-models/get': byName('read', 'query'),
  'GET /registered-models/search': anyUserReads,
  'POST /registered-models/rename': byName('edit', 'body'),
  'PATCH /registered-models/update': byName('edit', 'body'),
  'DELETE /registered-models/delete': byName('manage', 'body'),
  'POST /registered-models/get-latest-versions': byName('read', 'body'),
  'GET /registered-models/get-latest-versions': byName('read', 'query'),
  'POST /registered-models/set-tag': byName('edit', 'body'),
  'DELETE /registered-models/delete-tag': byName('manage', 'body'),
  'POST /registered-models/alias': byName('edit', 'body'),
  'DELETE /registered-models/alias': byName('manage', 'body'),
  'GET /registered-models/alias': byName('read', 'query'),

  'POST /model-versions/create': andSourceReadable(byName('edit', 'body'), 'body', 'source'),
  'GET /model-versions/get': byName('read', 'query'),
  'PATCH /model-versions/update': byName('edit', 'body'),
  'DELETE /model-versions/delete': byName('manage', 'body'),
  'POST /model-versions/transition-stage': byName('edit', 'body'),
  'GET /model-versions/search': anyUserReads,
  'GET /model-versions/get-download-uri': byName('read', 'query'),
  'POST /model-versions/set-tag': byName('edit', 'body'),
  'DELETE /model-versions/delete-tag': byName('manage', 'body'),
};

/** Routes outside the API prefixes, by full path. */
export const mlflowRootRegistryPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /model-versions/get-artifact': byName('read', 'query'),
};

/** v1 registry routes, by path under `/api/v1`. */
export const v1RegistryPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /registered-models': anyUserReads,
  'POST /registered-models': anyUserWrites,
  'GET /registered-models/:name': byName('read', 'param'),
  'PATCH /registered-models/:name': byName('edit', 'param'),
  'DELETE /registered-models/:name': byName('manage', 'param'),
  'PUT /registered-models/:name/tags/:key': byName('edit', 'param'),
  'DELETE /registered-models/:name/tags/:key': byName('manage', 'param'),
  'GET /registered-models/:name/latest-versions': byName('read', 'param'),
  'PUT /registered-models/:name/aliases/:alias': byName('edit', 'param'),
  'GET /registered-models/:name/aliases/:alias': byName('read', 'param'),
  'DELETE /registered-models/:name/aliases/:alias': byName('manage', 'param'),
  'GET /model-versions': anyUserReads,
  'GET /registered-models/:name/versions': byName('read', 'param'),
  'POST /registered-models/:name/versions': andSourceReadable(
    byName('edit', 'param'),
    'body',
    'source',
  ),
  'GET /registered-models/:name/versions/:version': byName('read', 'param'),
  'PATCH /registered-models/:name/versions/:version': byName('edit', 'param'),
  'DELETE /registered-models/:name/versions/:version': byName('manage', 'param'),
  'PUT /registered-models/:name/versions/:version/tags/:key': byName('edit', 'param'),
  'DELETE /registered-models/:name/versions/:version/tags/:key': byName('manage', 'param'),
  'POST /registered-models/:name/versions/:version/stage': byName('edit', 'param'),
  'GET /registered-models/:name/versions/:version/download-uri': byName('read', 'param'),
};
