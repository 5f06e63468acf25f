import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ErrorCategory } from '@cairn/core';
import { guardResponse } from './guard-response.ts';

const stateChangingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Normalizes configured origins (`https://ui.example.com/` → `https://ui.example.com`); drops malformed ones. */
export function normalizeOrigins(origins: readonly string[]): Set<string> {
  const result = new Set<string>();
  for (const origin of origins) {
    try {
      const url = new URL(origin.trim());
      if (url.origin !== 'null') result.add(url.origin);
    } catch {
      // A malformed entry can never match a browser's Origin header; ignoring it is safe.
    }
  }
  return result;
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

/**
 * Cross-site request forgery defence: a browser sends `Origin` with every state-changing
 * request, so one from a page that is neither this server nor an allow-listed origin is
 * refused (403) before it can change anything. Requests without `Origin` come from
 * non-browser clients (SDK, mlflow, curl) and pass.
 */
export function createOriginGuard(allowedOrigins: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || !stateChangingMethods.has(c.req.method)) return next();
    if (allowedOrigins.has(origin) || isSameOrigin(origin, c.req.header('host'))) return next();
    return guardResponse(
      c,
      403,
      ErrorCategory.PERMISSION_DENIED,
      'http.origin_not_allowed',
      'Requests from this origin may not change state on this server.',
    );
  };
}

/** CORS for allow-listed origins only: never `*`, never credentials. */
export function createCorsPolicy(allowedOrigins: ReadonlySet<string>): MiddlewareHandler {
  return cors({
    origin: (origin) => (allowedOrigins.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'],
    exposeHeaders: ['Content-Length', 'Content-Disposition', 'ETag'],
    maxAge: 600,
  });
}
