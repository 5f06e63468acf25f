import { accessRoutes } from './access-routes.ts';
import type { AnyApiRoute } from './api-route.ts';
import { approvalRoutes } from './approval-routes.ts';
import { artifactRoutes } from './artifact-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { commentRoutes } from './comment-routes.ts';
import { datasetObjectRoutes } from './dataset-object-routes.ts';
import { datasetRoutes } from './dataset-routes.ts';
import { datasetVersionRoutes } from './dataset-version-routes.ts';
import { eventStreamRoutes } from './event-stream-routes.ts';
import { experimentRoutes } from './experiment-routes.ts';
import { lineageRoutes } from './lineage-routes.ts';
import { modelCardRoutes } from './model-card-routes.ts';
import { registeredModelRoutes } from './registry-model-routes.ts';
import { modelVersionRoutes } from './registry-version-routes.ts';
import { runRoutes } from './run-routes.ts';
import { systemRoutes } from './system-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

/** Base path of Cairn's own REST API. */
export const V1_BASE_PATH = '/api/v1';

/** The whole v1 API: the one table that both the router and the OpenAPI document are built from. */
export const v1Routes: readonly AnyApiRoute[] = [
  ...systemRoutes,
  ...eventStreamRoutes,
  ...experimentRoutes,
  ...runRoutes,
  ...artifactRoutes,
  ...auditRoutes,
  ...registeredModelRoutes,
  ...modelVersionRoutes,
  ...webhookRoutes,
  ...accessRoutes,
  ...commentRoutes,
  ...approvalRoutes,
  ...lineageRoutes,
  ...modelCardRoutes,
  ...datasetRoutes,
  ...datasetVersionRoutes,
  ...datasetObjectRoutes,
];
