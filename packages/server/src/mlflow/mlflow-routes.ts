/**
 * The MLflow-wire-compatible REST layer: the unmodified Python `mlflow` client (3.x) works
 * against Cairn with `MLFLOW_TRACKING_URI` pointing at it. Every endpoint is served under
 * `/api/2.0/…` and mirrored under `/ajax-api/2.0/…`, as MLflow's `_get_paths` does.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ArtifactsApi, RegistryApi, TrackingApi, WebhooksApi } from '@cairn/core';
import { registerArtifactRoutes } from './artifacts-routes.ts';
import { logUnexpectedError } from './error-mapping.ts';
import { experimentRoutes } from './experiments-routes.ts';
import { loggedModelRoutes } from './logged-models-routes.ts';
import { metricRoutes } from './metrics-routes.ts';
import { registerModelVersionArtifactRoute } from './registry/model-version-artifact-route.ts';
import { modelVersionRoutes } from './registry/model-versions-routes.ts';
import { registeredModelRoutes } from './registry/registered-models-routes.ts';
import { registerJsonRoutes } from './route-kit.ts';
import type { ErrorLogger, JsonRoute, MlflowEnv } from './route-kit.ts';
import { runArtifactRoutes } from './run-artifacts-routes.ts';
import { runDataRoutes } from './run-data-routes.ts';
import { runRoutes } from './runs-routes.ts';
import { webhookRoutes } from './webhooks/webhooks-routes.ts';

export interface MlflowRoutesDeps {
  tracking: TrackingApi;
  artifacts: ArtifactsApi;
  registry: RegistryApi;
  /** Webhook CRUD; when absent the routes answer 503 TEMPORARILY_UNAVAILABLE. */
  webhooks?: WebhooksApi | undefined;
  /** Cairn's version; `/version` itself belongs to the server helper. */
  version: string;
  /** Where unexpected (unclassified) errors are reported; stderr by default. */
  log?: ErrorLogger;
}

const TRACKING_PREFIXES = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'];
const ARTIFACT_PREFIXES = ['/api/2.0/mlflow-artifacts', '/ajax-api/2.0/mlflow-artifacts'];
/** Every prefix MLflow's client may probe; unknown paths under them must say ENDPOINT_NOT_FOUND. */
const MLFLOW_PREFIXES = [...TRACKING_PREFIXES, ...ARTIFACT_PREFIXES, '/api/3.0/mlflow'];

/** The JSON endpoints of the tracking service, one table for both path prefixes. */
function mlflowTrackingRoutes(deps: MlflowRoutesDeps): JsonRoute[] {
  const { tracking, artifacts } = deps;
  return [
    ...experimentRoutes(tracking),
    ...runRoutes(tracking),
    ...runDataRoutes(tracking),
    ...metricRoutes(tracking),
    ...runArtifactRoutes(tracking, artifacts),
    ...loggedModelRoutes(tracking, artifacts),
    ...registeredModelRoutes(deps.registry),
    ...modelVersionRoutes(deps.registry),
    ...webhookRoutes(deps.webhooks),
  ];
}

function endpointNotFound(c: Context): Response {
  // The client falls back on this exact code (e.g. GetLatestVersions POST → GET).
  return c.json(
    {
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `No API endpoint ${c.req.method} ${c.req.path}.`,
    },
    404,
  );
}

/**
 * Builds the MLflow routes with their full paths; the server mounts the result at `/`.
 * All MLflow-wire endpoints belong in this module: its catch-all answers every other path
 * under the MLflow prefixes with 404 ENDPOINT_NOT_FOUND.
 */
export function createMlflowRoutes(deps: MlflowRoutesDeps): Hono<MlflowEnv> {
  const log = deps.log ?? logUnexpectedError;
  const app = new Hono<MlflowEnv>();
  const trackingRoutes = mlflowTrackingRoutes(deps);
  for (const prefix of TRACKING_PREFIXES) registerJsonRoutes(app, prefix, trackingRoutes, log);
  for (const prefix of ARTIFACT_PREFIXES) registerArtifactRoutes(app, prefix, deps.artifacts, log);
  registerModelVersionArtifactRoute(app, deps.registry, deps.artifacts, log);
  for (const prefix of MLFLOW_PREFIXES) app.all(`${prefix}/*`, endpointNotFound);
  return app;
}
