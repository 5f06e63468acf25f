/**
 * Policies of the dataset routes. Grants key on the dataset's id, found from the name in
 * the path. READ reads (and validates: a check that records its outcome, not a change);
 * EDIT adds versions, tags and schemas. Adding a version or objects under a name that
 * does not exist yet needs only a write-capable login: that add creates the dataset, and
 * its creator then holds MANAGE on it.
 */
import { anyUserReads, anyUserWrites, needs } from './route-policy.ts';
import type { RoutePolicy } from './route-policy.ts';

const onDataset = (action: 'read' | 'edit', whenAbsent: 'read' | 'edit' = 'read') =>
  needs(action, 'param', 'name', 'dataset-name', { whenAbsent });

const base = '/datasets/:name';
const version = `${base}/versions/:ref`;

/** A diff across datasets also needs READ on the other one (`toDataset`). */
const diffPolicy: RoutePolicy = {
  kind: 'resource',
  checks: [
    { action: 'read', locator: { from: 'param', fields: ['name'], resolve: 'dataset-name' } },
    {
      action: 'read',
      locator: { from: 'query', fields: ['toDataset'], resolve: 'dataset-name' },
    },
  ],
};

/** v1 dataset routes, by path under `/api/v1`. */
export const v1DatasetPolicies: Readonly<Record<string, RoutePolicy>> = {
  // Listing is filtered in the query to the datasets the caller may read.
  'GET /datasets': anyUserReads,
  'POST /datasets': anyUserWrites,
  [`GET ${base}`]: onDataset('read'),
  [`PATCH ${base}`]: onDataset('edit'),
  [`GET ${base}/versions`]: onDataset('read'),
  [`POST ${base}/versions`]: onDataset('edit', 'edit'),
  [`GET ${version}`]: onDataset('read'),
  [`PATCH ${version}`]: onDataset('edit'),
  [`GET ${version}/manifest`]: onDataset('read'),
  [`GET ${version}/profile`]: onDataset('read'),
  [`GET ${version}/schema/inferred`]: onDataset('read'),
  [`POST ${version}/validate`]: onDataset('read'),
  [`GET ${version}/files/:digest`]: onDataset('read'),
  [`PUT ${base}/tags/:tag`]: onDataset('edit'),
  [`DELETE ${base}/tags/:tag`]: onDataset('edit'),
  [`GET ${base}/schema`]: onDataset('read'),
  [`PUT ${base}/schema`]: onDataset('edit'),
  [`GET ${base}/schema/revisions`]: onDataset('read'),
  [`GET ${base}/diff`]: diffPolicy,
  [`POST ${base}/objects/missing`]: onDataset('edit', 'edit'),
  [`PUT ${base}/objects/:digest`]: onDataset('edit', 'edit'),
};
