import type { ErrorCategory } from './wire-types.ts';

/**
 * The server answered with an error. `code` is stable (e.g. `tracking.run_not_found`) and
 * meant for branching; `message` is for people.
 */
export class CairnApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: {
    status: number;
    code: string;
    category: ErrorCategory;
    message: string;
    details?: Record<string, unknown> | undefined;
  }) {
    super(init.message);
    this.name = 'CairnApiError';
    this.status = init.status;
    this.code = init.code;
    this.category = init.category;
    this.details = init.details;
  }
}

/** The server could not be reached at all (refused, reset, DNS failure, …). */
export class CairnConnectionError extends Error {
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(`cannot connect to ${url}: ${describeNetworkCause(cause)}`, { cause });
    this.name = 'CairnConnectionError';
    this.url = url;
  }
}

/**
 * A background flush of a run's buffered metrics, params or tags failed. It is raised by
 * the next call on that run (or by `end()`), so no failure is silently lost.
 */
export class CairnFlushError extends Error {
  readonly runId: string;
  /** Entries the server refused; they were discarded (a retry would fail the same way). */
  readonly droppedEntries: number;
  /** Entries that could not be delivered but are still buffered; the next flush retries them. */
  readonly retainedEntries: number;

  constructor(init: {
    runId: string;
    droppedEntries: number;
    retainedEntries: number;
    cause: unknown;
  }) {
    const fate =
      init.droppedEntries > 0
        ? `${init.droppedEntries} entries were rejected and dropped`
        : `${init.retainedEntries} entries are still buffered and will be retried`;
    super(`logging to run ${init.runId} failed (${fate}): ${messageOf(init.cause)}`, {
      cause: init.cause,
    });
    this.name = 'CairnFlushError';
    this.runId = init.runId;
    this.droppedEntries = init.droppedEntries;
    this.retainedEntries = init.retainedEntries;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Node's fetch hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeNetworkCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return `${code} (${current.message})`;
    if (current.cause === undefined) return current.message;
    current = current.cause;
  }
  return messageOf(current);
}
