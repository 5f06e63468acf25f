import type { MiddlewareHandler } from 'hono';
import { ErrorCategory } from '@cairn/core';
import { guardResponse } from './guard-response.ts';

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  return length === null ? request.body !== null : Number(length) > 0;
}

/**
 * State-changing v1 requests must be `application/json` (MLflow CVE-2023-43472: a
 * cross-site `text/plain` POST needs no CORS preflight). POST, PUT and PATCH always need
 * it (a bodiless POST is a "simple" request too); a DELETE only when it carries a body,
 * since browsers preflight every cross-site DELETE anyway. `isRawBodyRoute` names the
 * routes whose body is bytes (artifact uploads).
 */
export function createJsonOnlyGuard(
  isRawBodyRoute: (method: string, path: string) => boolean,
): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    const needsJson =
      method === 'POST' ||
      method === 'PUT' ||
      method === 'PATCH' ||
      (method === 'DELETE' && hasBody(c.req.raw));
    if (!needsJson || isRawBodyRoute(method, c.req.path) || isJson(c.req.header('content-type'))) {
      return next();
    }
    return guardResponse(
      c,
      415,
      ErrorCategory.INVALID_ARGUMENT,
      'http.unsupported_media_type',
      'State-changing requests must have Content-Type: application/json.',
    );
  };
}
