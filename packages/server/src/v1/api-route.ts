/**
 * One v1 route: its method and path, the zod schemas of its path parameters, query, body
 * and response, and its handler. The same table registers the Hono routes (with
 * validation) and generates the OpenAPI document, so the two cannot drift; the handler's
 * return type is checked against the response schema by the compiler.
 */
import type { z } from 'zod';
import type {
  AccessApi,
  ApprovalsApi,
  ArtifactsApi,
  CommentsApi,
  IdentityApi,
  LineageApi,
  ModelCardsApi,
  AuditApi,
  CreateOptions,
  DataObjectStore,
  DatasetsApi,
  EventReader,
  RegistryApi,
  RequestContext,
  TrackingApi,
  WebhooksApi,
} from '@cairn/core';
import type { ServerResourceDirectory } from '../auth/resource-resolver.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What v1 handlers call. */
export interface V1Deps {
  tracking: TrackingApi;
  artifacts: ArtifactsApi;
  registry: RegistryApi;
  events: EventReader;
  /** The audit trail; absent when the app runs without a signing key (some tests). */
  audit?: AuditApi | undefined;
  /** Webhook subscriptions and deliveries; absent in apps built without a dispatcher (503). */
  webhooks?: WebhooksApi | undefined;
  /** Comments on runs and model versions; absent, the comment routes answer 503. */
  comments?: CommentsApi | undefined;
  /** Lineage walks; absent, the lineage route answers 503. */
  lineage?: LineageApi | undefined;
  /** Model cards; absent, the model card routes answer 503. */
  modelCards?: ModelCardsApi | undefined;
  version: string;
  /** Users and tokens; absent in apps built without a user store (some tests). */
  identity?: IdentityApi | undefined;
  /** Grants; absent with `identity`. */
  access?: AccessApi | undefined;
  /** Protected aliases and approval requests; absent, their routes answer 503. */
  approvals?: ApprovalsApi | undefined;
  /** The cap passed to artifact uploads (and dataset object uploads). */
  artifactMaxBytes: number;
  /** Datasets and versions; absent, the dataset routes answer 503. */
  datasets?: DatasetsApi | undefined;
  /** The blob store dataset objects live in; absent with `datasets`. */
  dataObjects?: DataObjectStore | undefined;
  /** Maps events to the resources whose grants decide who sees them (with auth on). */
  resources?: ServerResourceDirectory | undefined;
  /** Poll and heartbeat periods of `GET /events/stream`, and the signal that ends them all. */
  eventStream?: { pollMs?: number; heartbeatMs?: number; closing?: AbortSignal } | undefined;
}

export interface HandlerContext {
  deps: V1Deps;
  ctx: RequestContext;
  /** The raw request, for routes whose body is bytes. */
  request: Request;
  /** For creates marked `idempotent`: carries the key derived from the `Idempotency-Key` header. */
  createOptions: CreateOptions;
  /** The OpenAPI document of the v1 API (built once, on first use). */
  openApiDocument(): Record<string, unknown>;
}

/** The successful response a route documents and returns. */
export type ResponseSpec =
  | { kind: 'json'; status: 200 | 201; schema: z.ZodType; description: string }
  | { kind: 'empty'; status: 204; description: string }
  | { kind: 'bytes'; status: 200; description: string };

type HandlerResult<R extends ResponseSpec> = R extends { kind: 'json'; schema: infer S }
  ? S extends z.ZodType
    ? z.input<S>
    : never
  : R extends { kind: 'bytes' }
    ? Response
    : void;

type EmptyObject = z.ZodObject<Record<never, never>>;

export interface ApiRoute<
  P extends z.ZodObject = EmptyObject,
  Q extends z.ZodObject = EmptyObject,
  B extends z.ZodType = z.ZodUndefined,
  R extends ResponseSpec = ResponseSpec,
> {
  method: HttpMethod;
  /** OpenAPI path template below `/api/v1`, e.g. `/runs/{runId}`. */
  path: `/${string}`;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  /** A JSON body, validated before the handler runs. */
  body?: B;
  /** Set on routes whose body is raw bytes (streamed, never parsed); describes it. */
  rawBody?: string;
  response: R;
  /**
   * A create a client may retry: a request with an `Idempotency-Key` header that repeats an
   * earlier one (same actor, route and key) returns the first result instead of a duplicate.
   */
  idempotent?: boolean;
  /** Error statuses worth documenting besides 400 (validation) and 500. */
  errors?: readonly number[];
  /**
   * A 201 create that may find its result already there: answers 200 instead when
   * `found(result)` holds (e.g. an identical dataset version existed).
   */
  foundExisting?: { description: string; found(result: HandlerResult<R>): boolean };
  handle(
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    hc: HandlerContext,
  ): Promise<HandlerResult<R>>;
}

/** A route of the table, its schema types erased. */
export type AnyApiRoute = ApiRoute<z.ZodObject, z.ZodObject, z.ZodType, ResponseSpec>;

/** Type-checks one route (handler input and result against its schemas) and erases its types. */
export function defineRoute<
  P extends z.ZodObject = EmptyObject,
  Q extends z.ZodObject = EmptyObject,
  B extends z.ZodType = z.ZodUndefined,
  R extends ResponseSpec = ResponseSpec,
>(route: ApiRoute<P, Q, B, R>): AnyApiRoute {
  return route;
}

/** `/runs/{runId}` → `/runs/:runId`. */
export function honoPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

export function jsonResponse<S extends z.ZodType>(
  schema: S,
  description: string,
  status: 200 | 201 = 200,
): { kind: 'json'; status: 200 | 201; schema: S; description: string } {
  return { kind: 'json', status, schema, description };
}

export function emptyResponse(description: string): {
  kind: 'empty';
  status: 204;
  description: string;
} {
  return { kind: 'empty', status: 204, description };
}

export function bytesResponse(description: string): {
  kind: 'bytes';
  status: 200;
  description: string;
} {
  return { kind: 'bytes', status: 200, description };
}
