import { Hono } from 'hono';
import type { Context } from 'hono';
import { requestContextOf, type AppEnv } from '../app-env.ts';
import { respondWithError } from '../http/error-response.ts';
import { honoPath, type AnyApiRoute, type V1Deps } from './api-route.ts';
import { createOpenApiDocument } from './openapi-document.ts';
import { jsonBody, parseInput, queryInput } from './request-input.ts';
import { v1Routes } from './v1-routes.ts';

const emptyObject = {};

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
  const result = await route.handle(
    { params, query, body },
    { deps, ctx: requestContextOf(c), request: c.req.raw, openApiDocument },
  );
  const response = route.response;
  if (response.kind === 'bytes') return result as Response;
  if (response.kind === 'empty') return c.body(null, 204);
  return c.json(result, response.status);
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
