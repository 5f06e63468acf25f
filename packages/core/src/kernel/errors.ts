/**
 * The closed set of error categories. Only the server maps these to HTTP statuses
 * (and, in the MLflow layer, to MLflow's `error_code` names).
 */
export const ErrorCategory = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  RESOURCE_EXHAUSTED: 'RESOURCE_EXHAUSTED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

export interface CairnErrorOptions {
  cause?: unknown;
  /** Structured context a client may use (e.g. the offending field). Never secrets. */
  details?: Record<string, unknown>;
}

/**
 * The one error type of Cairn. `code` is stable (clients may branch on it, e.g.
 * `tracking.run_not_found`); `message` is for people and may change.
 */
export class CairnError extends Error {
  readonly category: ErrorCategory;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(category: ErrorCategory, code: string, message: string, options?: CairnErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CairnError';
    this.category = category;
    this.code = code;
    this.details = options?.details;
  }
}

/** Shorthands for the categories raised most; they keep call sites to one line. */
export const invalidArgument = (code: string, message: string, options?: CairnErrorOptions) =>
  new CairnError(ErrorCategory.INVALID_ARGUMENT, code, message, options);
export const notFound = (code: string, message: string, options?: CairnErrorOptions) =>
  new CairnError(ErrorCategory.NOT_FOUND, code, message, options);
export const alreadyExists = (code: string, message: string, options?: CairnErrorOptions) =>
  new CairnError(ErrorCategory.ALREADY_EXISTS, code, message, options);
export const failedPrecondition = (code: string, message: string, options?: CairnErrorOptions) =>
  new CairnError(ErrorCategory.FAILED_PRECONDITION, code, message, options);
export const resourceExhausted = (code: string, message: string, options?: CairnErrorOptions) =>
  new CairnError(ErrorCategory.RESOURCE_EXHAUSTED, code, message, options);

export function isCairnError(value: unknown): value is CairnError {
  return value instanceof CairnError;
}
