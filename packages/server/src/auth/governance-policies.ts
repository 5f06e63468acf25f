/**
 * Policies of the governance routes: webhooks see every registry event, and the audit log
 * spans every resource, so both are for admins. The audit public key is public by nature.
 */
import { adminOnly, anyUserReads, needs } from './route-policy.ts';
import type { RoutePolicy } from './route-policy.ts';

/** MLflow's webhook endpoints, by path under the service prefix. */
export const mlflowWebhookPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /webhooks': adminOnly,
  'POST /webhooks': adminOnly,
  'GET /webhooks/:webhookId': adminOnly,
  'PATCH /webhooks/:webhookId': adminOnly,
  'DELETE /webhooks/:webhookId': adminOnly,
  'POST /webhooks/:webhookId/test': adminOnly,
};

/** v1 webhook and audit routes, by path under `/api/v1`. */
export const v1GovernancePolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /webhooks': adminOnly,
  'POST /webhooks': adminOnly,
  'GET /webhooks/:webhookId': adminOnly,
  'PATCH /webhooks/:webhookId': adminOnly,
  'DELETE /webhooks/:webhookId': adminOnly,
  'POST /webhooks/:webhookId/test': adminOnly,
  'GET /webhooks/:webhookId/deliveries': adminOnly,
  'GET /webhooks/:webhookId/deliveries/:deliveryId': adminOnly,
  'GET /audit/log': adminOnly,
  'POST /audit/verify': adminOnly,
  'GET /audit/proof/:seq': adminOnly,
  'GET /audit/consistency': adminOnly,
  'GET /audit/checkpoints/latest': adminOnly,
  'GET /audit/key': anyUserReads,
  // Comments follow their target: READ to see them, EDIT to write (the service further
  // limits edits to the author and deletes to the author or an admin).
  ...commentPolicies('/runs/:runId', (action) => needs(action, 'param', 'runId', 'run')),
  ...commentPolicies('/registered-models/:name/versions/:version', (action) =>
    needs(action, 'param', 'name', 'registered-model-name'),
  ),
};

function commentPolicies(
  base: string,
  on: (action: 'read' | 'edit') => RoutePolicy,
): Record<string, RoutePolicy> {
  return {
    [`GET ${base}/comments`]: on('read'),
    [`POST ${base}/comments`]: on('edit'),
    [`GET ${base}/comments/:commentId`]: on('read'),
    [`PATCH ${base}/comments/:commentId`]: on('edit'),
    [`DELETE ${base}/comments/:commentId`]: on('edit'),
  };
}
