import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { invalidArgument } from '@cairn/core';
import type { CreateOptions, RequestContext } from '@cairn/core';
import type { Context } from 'hono';
import { requestContextOf, type AppEnv } from '../app-env.ts';
import { respondWithError } from '../http/error-response.ts';
import { honoPath, type AnyApiRoute, type V1Deps } from './api-route.ts';
import { createOpenApiDocument } from './openapi-document.ts';
import { limits } from './input-schemas.ts';
import { jsonBody, parseInput, queryInput } from './request-input.ts';
import { v1Routes } from './v1-routes.ts';

const emptyObject = {};

/** The service-side key of a retried create: one actor's key on one route names one result. */
function createOptionsOf(
  route: AnyApiRoute,
  c: Context<AppEnv>,
  ctx: RequestContext,
): CreateOptions {
  const header = route.idempotent === true ? c.req.header('idempotency-key') : undefined;
  if (header === undefined) return {};
  if (header === '' || header.length > limits.idempotencyKey) {
    throw invalidArgument(
      'api.invalid_idempotency_key',
      `The Idempotency-Key header must have 1 to ${limits.idempotencyKey} characters.`,
      { details: { location: 'header', field: 'Idempotency-Key' } },
    );
  }
  const idempotencyKey = createHash('sha256')
    .update(['cairn-v1', ctx.actor, route.operationId, header].join('\0'))
    .digest('hex');
  return { idempotencyKey };
}

async function dispatch(
  route: AnyApiRoute,
  c: Context<AppEnv>,
  deps: V1Deps,
  openApiDocument: () => Record<string, unknown>,
): Promise<Response> {
  const params = route.params ? parseInput('path', route.params, c.req.param()) : emptyObject;
  const query = route.query
    ? parseInput('query', route.query, queryInput(route.query, c.req.queries()))
    : emptyObject;
  const body = route.body ? parseInput('body', route.body, await jsonBody(c.req.raw)) : undefined;
  const ctx = requestContextOf(c);
  const createOptions = createOptionsOf(route, c, ctx);
  const result = await route.handle(
    { params, query, body },
    { deps, ctx, request: c.req.raw, createOptions, openApiDocument },
  );
  const response = route.response;
  if (response.kind === 'bytes') return result as Response;
  if (response.kind === 'empty') return c.body(null, 204);
  const found = route.foundExisting?.found(result) === true;
  return c.json(result, found ? 200 : response.status);
}

/**
 * The v1 API as a Hono app to mount at `/api/v1`: one route per entry of the route table,
 * each validating its path parameters, query and JSON body before the handler runs, and
 * one error mapper for all of them.
 */
export function createV1App(deps: V1Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let document: Record<string, unknown> | undefined;
  const openApiDocument = () => (document ??= createOpenApiDocument(v1Routes, deps.version));
  for (const route of v1Routes) {
    app.on(route.method, honoPath(route.path), (c) => dispatch(route, c, deps, openApiDocument));
  }
  app.onError((error, c) => respondWithError(c, error));
  return app;
}
