/**
 * Every route an app serves, as data: the authorization-coverage test (every route must
 * declare a policy) and the v1/OpenAPI consistency test read it.
 */
import type { Hono } from 'hono';
import type { Env } from 'hono';
import { inspectRoutes } from 'hono/dev';
import { honoPath } from './v1/api-route.ts';
import { V1_BASE_PATH, v1Routes } from './v1/v1-routes.ts';

export interface RouteEntry {
  /** `GET`, `POST`, …, or `ALL` for a catch-all handler. */
  method: string;
  /** Hono path syntax, e.g. `/api/v1/runs/:runId`. */
  path: string;
}

function byMethodAndPath(a: RouteEntry, b: RouteEntry): number {
  return a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path);
}

/** The handlers registered on `app` (middleware excluded), each method and path once, sorted. */
export function listRoutes<E extends Env>(app: Hono<E>): RouteEntry[] {
  const seen = new Map<string, RouteEntry>();
  for (const route of inspectRoutes(app)) {
    if (route.isMiddleware) continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()].sort(byMethodAndPath);
}

/** The routes of the v1 table, in the same form as `listRoutes`. */
export function listV1Routes(): RouteEntry[] {
  return v1Routes
    .map((route) => ({ method: route.method, path: `${V1_BASE_PATH}${honoPath(route.path)}` }))
    .sort(byMethodAndPath);
}
