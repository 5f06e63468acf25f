/**
 * Policies of the approval routes. Protecting an alias needs MANAGE on the model; asking
 * for a move needs EDIT. Deciding a request is checked by the approvals service itself
 * (another user than the requester, MANAGE on the request's model), since the route names
 * only the request; here a login with a write-capable credential is required.
 */
import { anyUserReads, anyUserWrites, needs } from './route-policy.ts';
import type { RoutePolicy } from './route-policy.ts';

const onModel = (action: 'read' | 'edit' | 'manage', from: 'param' | 'body') =>
  needs(action, from, 'name', 'registered-model-name');

/** v1 protected-alias and approval routes, by path under `/api/v1`. */
export const v1ApprovalPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /registered-models/:name/protected-aliases': onModel('read', 'param'),
  'PUT /registered-models/:name/protected-aliases/:alias': onModel('manage', 'param'),
  'DELETE /registered-models/:name/protected-aliases/:alias': onModel('manage', 'param'),
  // Listing is filtered in the query to the models the caller may read.
  'GET /approvals': anyUserReads,
  'POST /approvals': onModel('edit', 'body'),
  'GET /approvals/:requestId': anyUserReads,
  'POST /approvals/:requestId/approve': anyUserWrites,
  'POST /approvals/:requestId/reject': anyUserWrites,
  'POST /approvals/:requestId/cancel': anyUserWrites,
};
