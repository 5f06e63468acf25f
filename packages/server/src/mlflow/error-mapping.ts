/**
 * Maps Cairn errors to MLflow's error wire format: `{"error_code": ..., "message": ...}` with
 * the HTTP statuses of `ERROR_CODE_TO_HTTP_STATUS` (reference/mlflow.md §1.1). The Python
 * client branches on some of these codes (get-by-name → RESOURCE_DOES_NOT_EXIST) and retries
 * 429/5xx, so a validation failure must never surface as a 5xx.
 */
import { isCairnError } from '@cairn/core';
import type { CairnError } from '@cairn/core';

/** The MLflow `ErrorCode` names this layer emits. */
export const MlflowErrorCode = {
  INVALID_PARAMETER_VALUE: 'INVALID_PARAMETER_VALUE',
  RESOURCE_DOES_NOT_EXIST: 'RESOURCE_DOES_NOT_EXIST',
  RESOURCE_ALREADY_EXISTS: 'RESOURCE_ALREADY_EXISTS',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  RESOURCE_EXHAUSTED: 'RESOURCE_EXHAUSTED',
  TEMPORARILY_UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  ENDPOINT_NOT_FOUND: 'ENDPOINT_NOT_FOUND',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
} as const;
export type MlflowErrorCode = (typeof MlflowErrorCode)[keyof typeof MlflowErrorCode];

export interface MlflowErrorBody {
  error_code: MlflowErrorCode;
  message: string;
}

export interface MlflowWireError {
  status: 400 | 401 | 403 | 404 | 413 | 429 | 500 | 501 | 503;
  body: MlflowErrorBody;
}

const GENERIC_INTERNAL_MESSAGE = 'An internal error occurred.';

/**
 * Lookups MLflow's stores answer with INVALID_PARAMETER_VALUE (400) rather than a 404.
 * Client code matches that code and message ("Registered model alias X not found.").
 */
const MLFLOW_INVALID_RATHER_THAN_MISSING: ReadonlySet<string> = new Set([
  'registry.alias_not_found',
]);

function fromCairnError(error: CairnError): MlflowWireError | undefined {
  const message = error.message;
  switch (error.category) {
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
      return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message } };
    case 'NOT_FOUND':
      if (MLFLOW_INVALID_RATHER_THAN_MISSING.has(error.code)) {
        return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message } };
      }
      return { status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message } };
    case 'ALREADY_EXISTS':
      // MLflow answers 400 (not 409) here; `_register_model` relies on the code, not the status.
      return { status: 400, body: { error_code: 'RESOURCE_ALREADY_EXISTS', message } };
    case 'PERMISSION_DENIED':
      return { status: 403, body: { error_code: 'PERMISSION_DENIED', message } };
    case 'UNAUTHENTICATED':
      return { status: 401, body: { error_code: 'UNAUTHENTICATED', message } };
    case 'RESOURCE_EXHAUSTED':
      // A body or artifact over its size limit will never fit on a retry, so it gets 413,
      // which the client does not retry; everything else (rate limits) keeps MLflow's 429.
      return {
        status: error.code.endsWith('too_large') ? 413 : 429,
        body: { error_code: 'RESOURCE_EXHAUSTED', message },
      };
    case 'UNAVAILABLE':
      return { status: 503, body: { error_code: 'TEMPORARILY_UNAVAILABLE', message } };
    case 'INTERNAL':
      return undefined;
  }
}

/**
 * Translates any thrown value into an MLflow error response. Anything that is not a
 * classified `CairnError` is handed to `log` and answered with a generic 500 whose message
 * leaks nothing of the cause.
 */
export function toMlflowError(error: unknown, log: (error: unknown) => void): MlflowWireError {
  const mapped = isCairnError(error) ? fromCairnError(error) : undefined;
  if (mapped) return mapped;
  log(error);
  return {
    status: 500,
    body: { error_code: 'INTERNAL_ERROR', message: GENERIC_INTERNAL_MESSAGE },
  };
}

/** The default logger for unexpected errors: the server's stderr. */
export function logUnexpectedError(error: unknown): void {
  console.error('[cairn:mlflow] unexpected error while handling a request:', error);
}
