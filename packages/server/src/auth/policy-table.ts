/**
 * Every route's policy, keyed exactly as the route inventory lists routes (`METHOD path`,
 * Hono syntax, full path). The coverage test fails when a served route is missing here.
 */
import { adminOnly, anyUserReads, policyKey, publicRoute } from './route-policy.ts';
import type { PolicyTable, RoutePolicy } from './route-policy.ts';
import {
  mlflowRegistryPolicies,
  mlflowRootRegistryPolicies,
  v1RegistryPolicies,
} from './registry-policies.ts';
import {
  mlflowArtifactPolicies,
  mlflowTrackingPolicies,
  v1TrackingPolicies,
} from './tracking-policies.ts';
import { v1AccessPolicies } from './access-policies.ts';
import { mlflowWebhookPolicies, v1GovernancePolicies } from './governance-policies.ts';
import { v1ApprovalPolicies } from './approval-policies.ts';
import { v1LineagePolicies } from './lineage-policies.ts';
import { v1DatasetPolicies } from './dataset-policies.ts';
import { WEB_UI_ROUTES } from '../web-ui/web-ui-routes.ts';

const TRACKING_PREFIXES = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'];
const ARTIFACT_PREFIXES = ['/api/2.0/mlflow-artifacts', '/ajax-api/2.0/mlflow-artifacts'];
const V1 = '/api/v1';

const rootPolicies: Readonly<Record<string, RoutePolicy>> = {
  // The web UI's pages and assets hold no data; the API calls they make are authorized.
  ...Object.fromEntries(WEB_UI_ROUTES.map((path) => [`GET ${path}`, publicRoute])),
  'GET /health': publicRoute,
  'GET /version': publicRoute,
  // The MLflow catch-alls answer ENDPOINT_NOT_FOUND, which the client relies on to fall
  // back (GetLatestVersions POST → GET); a login is needed to get that far.
  'ALL /api/2.0/mlflow/*': anyUserReads,
  'ALL /ajax-api/2.0/mlflow/*': anyUserReads,
  'ALL /api/2.0/mlflow-artifacts/*': anyUserReads,
  'ALL /ajax-api/2.0/mlflow-artifacts/*': anyUserReads,
  'ALL /api/3.0/mlflow/*': anyUserReads,
  ...mlflowRootRegistryPolicies,
};

const v1SystemPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /health': publicRoute,
  'GET /openapi.json': publicRoute,
  // The event log spans every resource, so only admins read it whole.
  'GET /events': adminOnly,
  // The live stream filters event by event to what the caller may read.
  'GET /events/stream': anyUserReads,
};

function addUnder(
  table: Map<string, RoutePolicy>,
  prefixes: readonly string[],
  policies: Readonly<Record<string, RoutePolicy>>,
): void {
  for (const [key, policy] of Object.entries(policies)) {
    const space = key.indexOf(' ');
    const method = key.slice(0, space);
    const path = key.slice(space + 1);
    for (const prefix of prefixes) table.set(policyKey(method, prefix + path), policy);
  }
}

/** The whole table; `GET` entries also cover `HEAD` (Hono serves HEAD with the GET handler). */
export function buildPolicyTable(): PolicyTable {
  const table = new Map<string, RoutePolicy>();
  addUnder(table, [''], rootPolicies);
  addUnder(table, TRACKING_PREFIXES, mlflowTrackingPolicies);
  addUnder(table, TRACKING_PREFIXES, mlflowRegistryPolicies);
  addUnder(table, TRACKING_PREFIXES, mlflowWebhookPolicies);
  addUnder(table, ARTIFACT_PREFIXES, mlflowArtifactPolicies);
  addUnder(table, [V1], v1SystemPolicies);
  addUnder(table, [V1], v1TrackingPolicies);
  addUnder(table, [V1], v1RegistryPolicies);
  addUnder(table, [V1], v1AccessPolicies);
  addUnder(table, [V1], v1GovernancePolicies);
  addUnder(table, [V1], v1LineagePolicies);
  addUnder(table, [V1], v1ApprovalPolicies);
  addUnder(table, [V1], v1DatasetPolicies);
  return table;
}
