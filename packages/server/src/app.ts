import { Hono } from 'hono';
import type {
  AccessApi,
  ApprovalsApi,
  ArtifactsApi,
  AuditApi,
  CommentsApi,
  DataObjectStore,
  DatasetsApi,
  EventReader,
  IdentityApi,
  LineageApi,
  ModelCardsApi,
  RegistryApi,
  TrackingApi,
  WebhooksApi,
} from '@cairn/core';
import type { AppEnv } from './app-env.ts';
import { createAuthMiddleware } from './auth/auth-middleware.ts';
import type { AuthMiddlewareDeps } from './auth/auth-middleware.ts';
import {
  DEFAULT_ARTIFACT_MAX_BYTES,
  DEFAULT_JSON_BODY_MAX_BYTES,
  createBodySizeGuard,
} from './http/body-size-guard.ts';
import { errorBody, respondWithError } from './http/error-response.ts';
import { createHostAllowList, createHostGuard } from './http/host-guard.ts';
import { createJsonOnlyGuard } from './http/json-only-guard.ts';
import { createCorsPolicy, createOriginGuard, normalizeOrigins } from './http/origin-guard.ts';
import { createRequestContextMiddleware } from './http/request-context.ts';
import { createMlflowRoutes } from './mlflow/index.ts';
import { createV1App } from './v1/v1-app.ts';
import { V1_BASE_PATH } from './v1/v1-routes.ts';
import { addWebUiRoutes } from './web-ui/web-ui-routes.ts';

export interface AppDeps {
  tracking: TrackingApi;
  artifacts: ArtifactsApi;
  registry: RegistryApi;
  events: EventReader;
  /** Webhook subscriptions and their delivery log; absent, the webhook routes answer 503. */
  webhooks?: WebhooksApi;
  /** Comments on runs and model versions; absent, the comment routes answer 503. */
  comments?: CommentsApi;
  /** Lineage walks; absent, the lineage route answers 503. */
  lineage?: LineageApi;
  /** Protected aliases and approval requests; absent, their routes answer 503. */
  approvals?: ApprovalsApi;
  /** Model cards; absent, the model card routes answer 503. */
  modelCards?: ModelCardsApi;
  /** The audit trail (signed checkpoints, proofs, verification). */
  audit?: AuditApi;
  /** Datasets (see `createDataServices`); absent, the dataset routes answer 503. */
  datasets?: { api: DatasetsApi; objects: DataObjectStore };
  version: string;
  /**
   * The web UI build (`packages/web/dist`, see `DEFAULT_WEB_UI_DIR`); absent or not built,
   * `/` serves a plain page pointing at the API.
   */
  webUiDir?: string;
  /** Host names (or `name:port`) served besides the loopback names. */
  allowedHosts?: string[];
  /** Browser origins (`https://ui.example.com`) allowed to call the API cross-origin. */
  allowedOrigins?: string[];
  /** Cap of one artifact upload; default 5 GiB. */
  artifactMaxBytes?: number;
  /**
   * Authentication and authorization (`--auth`). Absent: single-user mode, every request
   * acts as `local` with full rights (the server only listens on loopback then).
   */
  auth?: AuthMiddlewareDeps;
  /** Users, tokens and grants for the v1 access routes (also usable in single-user mode). */
  identity?: IdentityApi;
  access?: AccessApi;
  /**
   * The live event stream: poll and heartbeat periods (tests shorten them), and a signal
   * that ends every open stream when the server closes.
   */
  eventStream?: { pollMs?: number; heartbeatMs?: number; closing?: AbortSignal };
}

const V1_ARTIFACT_UPLOAD = /^\/api\/v1\/runs\/[^/]+\/artifacts\/content$/;
const MLFLOW_ARTIFACT_UPLOAD = /^\/(api|ajax-api)\/2\.0\/mlflow-artifacts\/artifacts\//;
const V1_DATASET_OBJECT_UPLOAD = /^\/api\/v1\/datasets\/[^/]+\/objects\/[^/]+$/;

function isV1RawBodyRoute(method: string, path: string): boolean {
  return method === 'PUT' && (V1_ARTIFACT_UPLOAD.test(path) || V1_DATASET_OBJECT_UPLOAD.test(path));
}

/** Raw uploads take the artifact cap instead of the JSON one. */
function isArtifactUpload(method: string, path: string): boolean {
  return isV1RawBodyRoute(method, path) || (method === 'PUT' && MLFLOW_ARTIFACT_UPLOAD.test(path));
}

/**
 * The whole HTTP surface of Cairn, without a socket: transport guards first (body size,
 * Host allow-list, Origin check, CORS, JSON-only), then the request context, then the
 * routes (`/health`, `/version`, `/`, the v1 API at `/api/v1` and the MLflow layer).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const allowedOrigins = normalizeOrigins(deps.allowedOrigins ?? []);
  const artifactMaxBytes = deps.artifactMaxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES;

  // Response decoration only; it runs first so that guard answers carry the headers too.
  app.use(async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
  });
  app.use(
    createBodySizeGuard({
      jsonMaxBytes: DEFAULT_JSON_BODY_MAX_BYTES,
      artifactMaxBytes,
      isArtifactUpload,
    }),
  );
  app.use(createHostGuard(createHostAllowList(deps.allowedHosts)));
  app.use(createOriginGuard(allowedOrigins));
  app.use(createCorsPolicy(allowedOrigins));
  app.use(`${V1_BASE_PATH}/*`, createJsonOnlyGuard(isV1RawBodyRoute));
  app.use(
    deps.auth === undefined ? createRequestContextMiddleware() : createAuthMiddleware(deps.auth),
  );

  app.get('/health', (c) => c.text('OK'));
  app.get('/version', (c) => c.text(deps.version));
  addWebUiRoutes(app, deps.webUiDir, deps.version);
  app.route(
    V1_BASE_PATH,
    createV1App({
      tracking: deps.tracking,
      artifacts: deps.artifacts,
      registry: deps.registry,
      identity: deps.identity ?? deps.auth?.identity,
      access: deps.access ?? deps.auth?.access,
      resources: deps.auth?.resources,
      eventStream: deps.eventStream,
      events: deps.events,
      webhooks: deps.webhooks,
      comments: deps.comments,
      lineage: deps.lineage,
      modelCards: deps.modelCards,
      approvals: deps.approvals,
      audit: deps.audit,
      datasets: deps.datasets?.api,
      dataObjects: deps.datasets?.objects,
      version: deps.version,
      artifactMaxBytes,
    }),
  );
  app.route(
    '/',
    createMlflowRoutes({
      tracking: deps.tracking,
      artifacts: deps.artifacts,
      registry: deps.registry,
      webhooks: deps.webhooks,
      version: deps.version,
    }),
  );

  app.notFound((c) => {
    if (c.req.path === V1_BASE_PATH || c.req.path.startsWith(`${V1_BASE_PATH}/`)) {
      return c.json(
        errorBody('NOT_FOUND', 'api.route_not_found', `No v1 route ${c.req.method} ${c.req.path}.`),
        404,
      );
    }
    return c.text('Not Found', 404);
  });
  app.onError((error, c) => respondWithError(c, error));
  return app;
}
