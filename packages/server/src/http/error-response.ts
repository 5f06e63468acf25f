/**
 * The one mapping from error categories to HTTP, and the v1 error body
 * `{ error: { code, category, message, details? } }` (docs: v1 API contract).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCategory, isCairnError } from '@cairn/core';
import type { CairnError } from '@cairn/core';

const statusByCategory: Record<ErrorCategory, ContentfulStatusCode> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface ErrorBody {
  error: {
    code: string;
    category: ErrorCategory;
    message: string;
    details?: Record<string, unknown>;
  };
}

/**
 * RESOURCE_EXHAUSTED is "slow down" (429) except when one request is simply too big for
 * its limit (codes ending in `too_large`, e.g. `artifacts.too_large`): retrying the same
 * body can never succeed, which is what 413 says.
 */
export function httpStatusOf(error: Pick<CairnError, 'category' | 'code'>): ContentfulStatusCode {
  if (error.category === ErrorCategory.RESOURCE_EXHAUSTED && error.code.endsWith('too_large')) {
    return 413;
  }
  return statusByCategory[error.category];
}

export function errorBody(
  category: ErrorCategory,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): ErrorBody {
  return { error: { code, category, message, ...(details === undefined ? {} : { details }) } };
}

const genericInternal = errorBody(
  ErrorCategory.INTERNAL,
  'server.internal_error',
  'Internal server error. The details are in the server log.',
);

/**
 * Turns anything thrown by a v1 handler into a response. A `CairnError` keeps its code,
 * message and details; INTERNAL ones and unknown throws are logged here and answered
 * with a generic body, so no stack trace or internal message reaches a client.
 */
export function respondWithError(c: Context, error: unknown): Response {
  if (isCairnError(error) && error.category !== ErrorCategory.INTERNAL) {
    const status = httpStatusOf(error);
    const retryable = status === 429 || status === 503;
    return c.json(
      errorBody(error.category, error.code, error.message, error.details),
      status,
      retryable ? { 'Retry-After': '1' } : undefined,
    );
  }
  console.error(`[cairn] ${c.req.method} ${c.req.path} failed:`, error);
  return c.json(genericInternal, 500);
}
