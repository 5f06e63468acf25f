/**
 * The small machinery every MLflow JSON endpoint shares: a declarative route table, request
 * message parsing, the request context (actor), idempotency keys for retried creates, and
 * error translation. Resource modules only map fields onto service calls.
 */
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AccessFilter, Principal, RequestContext } from '@cairn/core';
import type { CairnError } from '@cairn/core';
import type { JsonObject } from './entity-json.ts';
import { toMlflowError } from './error-mapping.ts';
import type { Fields } from './request-fields.ts';
import {
  MAX_JSON_BODY_BYTES,
  jsonBodyTooLarge,
  parseJsonMessage,
  queryFields,
  readBodyBytes,
  requireJsonContentType,
} from './request-parsing.ts';

/** Context variables this layer reads; a request-context middleware may set `actor`. */
export interface MlflowEnv {
  Variables: { actor?: string; principal?: Principal; access?: AccessFilter };
}

/** The actor when no authentication middleware identified one (single-user mode). */
export const LOCAL_ACTOR = 'local';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteInput {
  fields: Fields;
  ctx: RequestContext;
  /** A path parameter, decoded once (as Flask does). */
  param: (name: string) => string;
  /** SHA-256 of (actor, route, raw body): equal for a client's retry of the same request. */
  idempotencyKey: () => string;
}

export interface JsonRoute {
  method: HttpMethod;
  /** Path under the service prefix, e.g. `/runs/create` or `/logged-models/:modelId`. */
  path: string;
  /** Query keys that are repeated proto fields (GET only). */
  repeated?: readonly string[];
  /** A per-route body cap with its own error (log-batch: MLflow's 1,000,000 bytes). */
  bodyLimit?: { maxBytes: number; tooLarge: (size: number) => CairnError };
  handle(input: RouteInput): Promise<JsonObject>;
}

export type ErrorLogger = (error: unknown) => void;

/** Answers with MLflow's error body and status for any thrown value. */
export function errorResponse(c: Context, error: unknown, log: ErrorLogger): Response {
  const { status, body } = toMlflowError(error, log);
  return c.json(body, status);
}

export function actorOf(c: Context<MlflowEnv>): string {
  return c.get('actor') ?? LOCAL_ACTOR;
}

/** The request context: the actor, and the principal and search filter when auth is on. */
export function contextOf(c: Context<MlflowEnv>): RequestContext {
  const principal = c.get('principal');
  const access = c.get('access');
  return {
    actor: actorOf(c),
    ...(principal === undefined ? {} : { principal }),
    ...(access === undefined ? {} : { access }),
  };
}

function hashRequest(actor: string, routeKey: string, raw: Uint8Array): string {
  return createHash('sha256')
    .update(actor)
    .update('\u0000')
    .update(routeKey)
    .update('\u0000')
    .update(raw)
    .digest('hex');
}

async function readMessage(
  c: Context<MlflowEnv>,
  route: JsonRoute,
  repeated: ReadonlySet<string>,
): Promise<{ fields: Fields; raw: Uint8Array }> {
  if (route.method === 'GET') {
    return { fields: queryFields(c.req.queries(), repeated), raw: new Uint8Array(0) };
  }
  // Registry-style DELETEs carry a JSON body too, but MLflow checks the type on POST/PUT only.
  if (route.method !== 'DELETE') requireJsonContentType(c.req.raw);
  const limit = route.bodyLimit ?? { maxBytes: MAX_JSON_BODY_BYTES, tooLarge: jsonBodyTooLarge };
  const raw = await readBodyBytes(c.req.raw, limit.maxBytes, limit.tooLarge);
  return { fields: parseJsonMessage(raw), raw };
}

/** Registers `routes` under `prefix` (e.g. `/api/2.0/mlflow`). */
export function registerJsonRoutes(
  app: Hono<MlflowEnv>,
  prefix: string,
  routes: readonly JsonRoute[],
  log: ErrorLogger,
): void {
  for (const route of routes) {
    const repeated = new Set(route.repeated ?? []);
    const routeKey = `${route.method} ${route.path}`;
    app.on(route.method, prefix + route.path, async (c) => {
      try {
        const { fields, raw } = await readMessage(c, route, repeated);
        const ctx = contextOf(c);
        const actor = ctx.actor;
        const result = await route.handle({
          fields,
          ctx,
          param: (name) => c.req.param(name) ?? '',
          idempotencyKey: () => hashRequest(actor, routeKey, raw),
        });
        return c.json(result);
      } catch (error) {
        return errorResponse(c, error, log);
      }
    });
  }
}
