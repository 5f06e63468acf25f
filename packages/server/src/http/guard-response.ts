/**
 * Responses of the transport guards (size, Host, Origin, media type), which run before any
 * router. A request to an MLflow path gets MLflow's error shape so the mlflow client shows
 * a readable message; every other path gets Cairn's v1 error body.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCategory } from '@cairn/core';
import { errorBody } from './error-response.ts';

const mlflowPathPrefixes = ['/api/2.0/', '/ajax-api/', '/api/3.0/'];

const mlflowErrorCodeByCategory: Partial<Record<ErrorCategory, string>> = {
  [ErrorCategory.INVALID_ARGUMENT]: 'INVALID_PARAMETER_VALUE',
  [ErrorCategory.PERMISSION_DENIED]: 'PERMISSION_DENIED',
  [ErrorCategory.RESOURCE_EXHAUSTED]: 'RESOURCE_EXHAUSTED',
};

export function guardResponse(
  c: Context,
  status: ContentfulStatusCode,
  category: ErrorCategory,
  code: string,
  message: string,
): Response {
  const path = c.req.path;
  if (mlflowPathPrefixes.some((prefix) => path.startsWith(prefix))) {
    return c.json({ error_code: mlflowErrorCodeByCategory[category] ?? category, message }, status);
  }
  return c.json(errorBody(category, code, message), status);
}
