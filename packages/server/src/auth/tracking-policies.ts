/**
 * Policies of the tracking routes: MLflow's (under both `/api/2.0/mlflow` and its ajax
 * mirror), the proxied artifact service, and v1. Runs, logged models and artifacts
 * inherit their experiment's grants, as in MLflow. Deleting needs MANAGE (MLflow's
 * CVE-2024-4263 was EDIT users deleting artifacts).
 */
import { anyUserReads, anyUserWrites, needs } from './route-policy.ts';
import type { RoutePolicy } from './route-policy.ts';

const RUN = ['run_id', 'run_uuid'] as const;

/** MLflow JSON endpoints, by path under the service prefix. */
export const mlflowTrackingPolicies: Readonly<Record<string, RoutePolicy>> = {
  'POST /experiments/create': anyUserWrites,
  'GET /experiments/get': needs('read', 'query', 'experiment_id', 'experiment'),
  'GET /experiments/get-by-name': needs('read', 'query', 'experiment_name', 'experiment-name'),
  'GET /experiments/search': anyUserReads,
  'POST /experiments/search': anyUserReads,
  'POST /experiments/update': needs('edit', 'body', 'experiment_id', 'experiment'),
  'POST /experiments/delete': needs('manage', 'body', 'experiment_id', 'experiment'),
  'POST /experiments/restore': needs('manage', 'body', 'experiment_id', 'experiment'),
  'POST /experiments/set-experiment-tag': needs('edit', 'body', 'experiment_id', 'experiment'),
  'POST /experiments/delete-experiment-tag': needs('edit', 'body', 'experiment_id', 'experiment'),

  'POST /runs/create': needs('edit', 'body', 'experiment_id', 'experiment', { default: '0' }),
  'GET /runs/get': needs('read', 'query', RUN, 'run'),
  'POST /runs/search': anyUserReads,
  'POST /runs/update': needs('edit', 'body', RUN, 'run'),
  'POST /runs/delete': needs('manage', 'body', RUN, 'run'),
  'POST /runs/restore': needs('manage', 'body', RUN, 'run'),
  'POST /runs/log-batch': needs('edit', 'body', RUN, 'run'),
  'POST /runs/log-metric': needs('edit', 'body', RUN, 'run'),
  'POST /runs/log-parameter': needs('edit', 'body', RUN, 'run'),
  'POST /runs/set-tag': needs('edit', 'body', RUN, 'run'),
  'POST /runs/delete-tag': needs('edit', 'body', RUN, 'run'),
  'POST /runs/log-inputs': needs('edit', 'body', RUN, 'run'),
  'POST /runs/outputs': needs('edit', 'body', RUN, 'run'),
  'POST /runs/log-model': needs('edit', 'body', RUN, 'run'),
  'GET /metrics/get-history': needs('read', 'query', RUN, 'run'),
  'GET /metrics/get-history-bulk-interval': needs('read', 'query', 'run_ids', 'run', {
    list: true,
  }),
  'GET /artifacts/list': needs('read', 'query', RUN, 'run'),

  'POST /logged-models': needs('edit', 'body', 'experiment_id', 'experiment'),
  'POST /logged-models/search': needs('read', 'body', 'experiment_ids', 'experiment', {
    list: true,
  }),
  'GET /logged-models/:modelId': needs('read', 'param', 'modelId', 'logged-model'),
  'PATCH /logged-models/:modelId': needs('edit', 'param', 'modelId', 'logged-model'),
  'DELETE /logged-models/:modelId': needs('manage', 'param', 'modelId', 'logged-model'),
  'POST /logged-models/:modelId/params': needs('edit', 'param', 'modelId', 'logged-model'),
  'PATCH /logged-models/:modelId/tags': needs('edit', 'param', 'modelId', 'logged-model'),
  'DELETE /logged-models/:modelId/tags/:key{.+}': needs('edit', 'param', 'modelId', 'logged-model'),
  'GET /logged-models/:modelId/artifacts/directories': needs(
    'read',
    'param',
    'modelId',
    'logged-model',
  ),
};

/** The proxied artifact service, by path under `/api/2.0/mlflow-artifacts`. */
export const mlflowArtifactPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /artifacts': needs('read', 'query', 'path', 'artifact-path', { default: '' }),
  'GET /artifacts/:path{.+}': needs('read', 'param', 'path', 'artifact-path'),
  'PUT /artifacts/:path{.+}': needs('edit', 'param', 'path', 'artifact-path'),
  'DELETE /artifacts/:path{.+}': needs('manage', 'param', 'path', 'artifact-path'),
  // Both answer 501 (multipart is declined); a login is still required to learn that.
  'POST /mpu/*': anyUserWrites,
  'GET /presigned/*': anyUserReads,
};

/** v1 tracking routes, by path under `/api/v1`. */
export const v1TrackingPolicies: Readonly<Record<string, RoutePolicy>> = {
  'GET /experiments': anyUserReads,
  'POST /experiments': anyUserWrites,
  'GET /experiments/:experimentId': needs('read', 'param', 'experimentId', 'experiment'),
  'GET /experiments/by-name/:name': needs('read', 'param', 'name', 'experiment-name'),
  'PATCH /experiments/:experimentId': needs('edit', 'param', 'experimentId', 'experiment'),
  'DELETE /experiments/:experimentId': needs('manage', 'param', 'experimentId', 'experiment'),
  'POST /experiments/:experimentId/restore': needs('manage', 'param', 'experimentId', 'experiment'),
  'PUT /experiments/:experimentId/tags/:key': needs('edit', 'param', 'experimentId', 'experiment'),
  'DELETE /experiments/:experimentId/tags/:key': needs(
    'edit',
    'param',
    'experimentId',
    'experiment',
  ),
  'POST /runs': needs('edit', 'body', 'experimentId', 'experiment', { default: '0' }),
  'POST /runs/search': anyUserReads,
  'GET /runs/:runId': needs('read', 'param', 'runId', 'run'),
  'PATCH /runs/:runId': needs('edit', 'param', 'runId', 'run'),
  'DELETE /runs/:runId': needs('manage', 'param', 'runId', 'run'),
  'POST /runs/:runId/restore': needs('manage', 'param', 'runId', 'run'),
  'POST /runs/:runId/log-batch': needs('edit', 'param', 'runId', 'run'),
  'DELETE /runs/:runId/tags/:key': needs('edit', 'param', 'runId', 'run'),
  'GET /runs/:runId/metrics/:key/history': needs('read', 'param', 'runId', 'run'),
  'GET /runs/:runId/metrics/:key/series': needs('read', 'param', 'runId', 'run'),
  'GET /runs/:runId/artifacts': needs('read', 'param', 'runId', 'run'),
  'GET /runs/:runId/artifacts/content': needs('read', 'param', 'runId', 'run'),
  'PUT /runs/:runId/artifacts/content': needs('edit', 'param', 'runId', 'run'),
  'GET /logged-models/:modelId': needs('read', 'param', 'modelId', 'logged-model'),
};
