/**
 * Policies of the lineage and model card routes, and the visibility rule a lineage walk uses.
 * A lineage graph spans resources of several kinds, so its route admits any logged-in user
 * and the walk itself checks READ on every run, logged model and model version it returns
 * (refusing when the root is unreadable, leaving the other unreadable nodes out).
 */
import { permissionRank } from '@cairn/core';
import type { AccessApi, ResourceVisibility } from '@cairn/core';
import { anyUserReads, needs } from './route-policy.ts';
import type { RoutePolicy } from './route-policy.ts';

const card = '/registered-models/:name/versions/:version/model-card';
const onModel = (action: 'read' | 'edit') =>
  needs(action, 'param', 'name', 'registered-model-name');

/** v1 routes, by path under `/api/v1`; a card is read with READ and saved with EDIT on its model. */
export const v1LineagePolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /lineage': anyUserReads,
  [`GET ${card}`]: onModel('read'),
  [`PUT ${card}`]: onModel('edit'),
  [`GET ${card}/revisions`]: onModel('read'),
  [`GET ${card}/export`]: onModel('read'),
};

/** READ (or more) on the resource for the request's principal; everything without one. */
export function createAccessVisibility(access: AccessApi): ResourceVisibility {
  return async (ctx, resource) => {
    const principal = ctx.principal;
    if (principal === undefined || principal.isAdmin) return true;
    const permission = await access.effectivePermission(principal, resource.type, resource.id);
    return permissionRank(permission) >= permissionRank('READ');
  };
}
