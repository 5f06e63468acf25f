/** Policies of the v1 identity and permission routes. */
import { adminOnly, anyUserReads, needs } from './route-policy.ts';
import type { RoutePolicy } from './route-policy.ts';

const self = (action: 'read' | 'edit'): RoutePolicy => ({
  kind: 'self',
  action,
  locator: { from: 'param', field: 'username' },
});

export const v1AccessPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /me': anyUserReads,
  'GET /users': adminOnly,
  'POST /users': adminOnly,
  'GET /users/:username': self('read'),
  'PATCH /users/:username': adminOnly,
  'GET /users/:username/tokens': self('read'),
  'POST /users/:username/tokens': self('edit'),
  'DELETE /users/:username/tokens/:tokenId': self('edit'),
  // One's own permission is no secret from anyone who may read the resource.
  'GET /experiments/:experimentId/my-permission': needs(
    'read',
    'param',
    'experimentId',
    'experiment',
  ),
  'GET /registered-models/:name/my-permission': needs(
    'read',
    'param',
    'name',
    'registered-model-name',
  ),
  'GET /datasets/:name/my-permission': needs('read', 'param', 'name', 'dataset-name'),
  'GET /experiments/:experimentId/permissions': needs(
    'manage',
    'param',
    'experimentId',
    'experiment',
  ),
  'PUT /experiments/:experimentId/permissions/:username': needs(
    'manage',
    'param',
    'experimentId',
    'experiment',
  ),
  'DELETE /experiments/:experimentId/permissions/:username': needs(
    'manage',
    'param',
    'experimentId',
    'experiment',
  ),
  'GET /registered-models/:name/permissions': needs(
    'manage',
    'param',
    'name',
    'registered-model-name',
  ),
  'PUT /registered-models/:name/permissions/:username': needs(
    'manage',
    'param',
    'name',
    'registered-model-name',
  ),
  'DELETE /registered-models/:name/permissions/:username': needs(
    'manage',
    'param',
    'name',
    'registered-model-name',
  ),
  'GET /datasets/:name/permissions': needs('manage', 'param', 'name', 'dataset-name'),
  'PUT /datasets/:name/permissions/:username': needs('manage', 'param', 'name', 'dataset-name'),
  'DELETE /datasets/:name/permissions/:username': needs('manage', 'param', 'name', 'dataset-name'),
};
