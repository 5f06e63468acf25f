/**
 * The one place that speaks HTTP: builds URLs under `/api/v1`, sends the bearer token,
 * retries transient failures and turns error answers into `CairnApiError`.
 */
import { CairnApiError, CairnConnectionError } from './errors.ts';
import type { ErrorCategory } from './wire-types.ts';

export interface RetryOptions {
  /** Attempts after the first one; 0 disables retries. Default 3. */
  maxRetries?: number;
  /** The first backoff; each retry doubles it (with jitter). Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound for one wait, including a server's `Retry-After`. Default 10 s. */
  maxDelayMs?: number;
}

export interface TransportOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7420` (a path prefix is kept). */
  url: string;
  token?: string | undefined;
  /** HTTP Basic credentials, used when there is no token (e.g. an admin's first login). */
  basic?: { username: string; password: string } | undefined;
  fetch?: typeof fetch | undefined;
  retry?: RetryOptions | undefined;
}

type QueryValue = string | number | boolean | string[] | undefined;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below `/api/v1`; segments must already be encoded (see `segment`). */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as raw bytes (artifact upload). */
  body?: BodyInit;
  /** False when the body can be read only once (a stream): such a request is never retried. */
  replayable?: boolean;
  /** Aborts the request (and the reading of a streamed answer). */
  signal?: AbortSignal;
  /** The `Accept` header; default `application/json`. */
  accept?: string;
}

export interface Transport {
  readonly baseUrl: string;
  /** Sends a request and parses the JSON answer (undefined for 204). */
  json<T>(spec: RequestSpec): Promise<T>;
  /** Sends a request and returns the successful response with its body unread. */
  send(spec: RequestSpec): Promise<Response>;
}

/** Statuses worth another attempt: the server or a proxy said "not now", not "no". */
const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);

export function isRetryableError(error: unknown): boolean {
  if (error instanceof CairnConnectionError) return true;
  return error instanceof CairnApiError && RETRYABLE_STATUSES.has(error.status);
}

/** Encodes one path segment (a run id, a metric key that may contain `/`). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** `Basic base64(user:password)` over UTF-8, with browser-safe primitives only. */
function basicHeader({ username, password }: { username: string; password: string }): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.url.replace(/\/+$/, '');
  // Resolved per call: tests and browsers may install `fetch` after the client is built.
  const doFetch = (input: string, init: RequestInit) => (options.fetch ?? fetch)(input, init);
  const maxRetries = options.retry?.maxRetries ?? 3;
  const baseDelayMs = options.retry?.baseDelayMs ?? 200;
  const maxDelayMs = options.retry?.maxDelayMs ?? 10_000;

  function buildUrl(spec: RequestSpec): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
    }
    const query = params.size > 0 ? `?${params.toString()}` : '';
    return `${baseUrl}/api/v1${spec.path}${query}`;
  }

  function buildInit(spec: RequestSpec): RequestInit {
    const headers: Record<string, string> = { Accept: spec.accept ?? 'application/json' };
    if (options.token !== undefined) headers['Authorization'] = `Bearer ${options.token}`;
    else if (options.basic !== undefined) headers['Authorization'] = basicHeader(options.basic);
    const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers };
    if (spec.signal !== undefined) init.signal = spec.signal;
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(spec.json);
    } else if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/octet-stream';
      init.body = spec.body;
      // Fetch requires this to send a ReadableStream body.
      if (spec.body instanceof ReadableStream) init.duplex = 'half';
    } else if (spec.method === 'DELETE') {
      // Over a socket a DELETE's body is unknown until read, and the server's JSON-only
      // guard then asks for the JSON media type; saying so costs nothing.
      headers['Content-Type'] = 'application/json';
    }
    return init;
  }

  async function send(spec: RequestSpec): Promise<Response> {
    const url = buildUrl(spec);
    const retries = spec.replayable === false ? 0 : maxRetries;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, buildInit(spec));
      } catch (error) {
        if (isAbort(error)) throw error;
        if (attempt >= retries) throw new CairnConnectionError(baseUrl, error);
        await sleep(backoff(attempt, undefined));
        continue;
      }
      if (response.ok) return response;
      if (attempt < retries && RETRYABLE_STATUSES.has(response.status)) {
        const retryAfter = response.headers.get('Retry-After');
        await response.body?.cancel();
        await sleep(backoff(attempt, retryAfter));
        continue;
      }
      throw await toApiError(response);
    }
  }

  function backoff(attempt: number, retryAfter: string | null | undefined): number {
    const seconds = retryAfter === null || retryAfter === undefined ? NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxDelayMs);
    const ceiling = Math.min(baseDelayMs * 2 ** attempt, maxDelayMs);
    // Full jitter halves the chance that many clients retry in lockstep.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  return {
    baseUrl,
    send,
    async json<T>(spec: RequestSpec): Promise<T> {
      const response = await send(spec);
      const text = await response.text();
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
  };
}

async function toApiError(response: Response): Promise<CairnApiError> {
  const text = await response.text().catch(() => '');
  const fallbackCategory = categoryForStatus(response.status);
  try {
    const parsed = JSON.parse(text) as { error?: Partial<Record<string, unknown>> };
    const body = parsed.error;
    if (body !== undefined && typeof body.code === 'string' && typeof body.message === 'string') {
      return new CairnApiError({
        status: response.status,
        code: body.code,
        category: isCategory(body.category) ? body.category : fallbackCategory,
        message: body.message,
        details: isRecord(body.details) ? body.details : undefined,
      });
    }
  } catch {
    // Not our JSON (a proxy's HTML page, an empty body): fall through to a generic error.
  }
  const snippet = text.trim().slice(0, 300);
  return new CairnApiError({
    status: response.status,
    code: `http.${response.status}`,
    category: fallbackCategory,
    message: snippet === '' ? `HTTP ${response.status} ${response.statusText}`.trim() : snippet,
  });
}

const CATEGORY_BY_STATUS: Record<number, ErrorCategory> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  413: 'RESOURCE_EXHAUSTED',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
};

function categoryForStatus(status: number): ErrorCategory {
  return CATEGORY_BY_STATUS[status] ?? 'INTERNAL';
}

const CATEGORIES: ReadonlySet<string> = new Set<ErrorCategory>([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FAILED_PRECONDITION',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'RESOURCE_EXHAUSTED',
  'UNAVAILABLE',
  'INTERNAL',
]);

function isCategory(value: unknown): value is ErrorCategory {
  return typeof value === 'string' && CATEGORIES.has(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
