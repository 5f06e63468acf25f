/**
 * Paging. A page token is opaque to clients: base64url of `{"offset": n}`, like MLflow's
 * SQL store (which uses plain base64). Anything that does not decode to that shape is a
 * client error, never a 500.
 */
import { invalidArgument } from '../kernel/index.ts';
import { TrackingLimits } from './limits.ts';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function badToken(token: string): never {
  throw invalidArgument(
    'tracking.invalid_page_token',
    `Invalid page token '${token.slice(0, 100)}'.`,
  );
}

/** The token of the page that starts `offset` items in. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

/** The offset a token carries; an absent or empty token is offset 0. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  if (token.length > TrackingLimits.maxPageTokenLength || !BASE64URL.test(token)) badToken(token);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return badToken(token);
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) badToken(token);
  return offset;
}

/**
 * A page size: `fallback` when absent, otherwise an integer in 1..`max`. `field` names the
 * request field in the message (`max_results`).
 */
export function resolvePageSize(
  value: number | undefined,
  fallback: number,
  max: number,
  field = 'max_results',
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalidArgument(
      'tracking.invalid_max_results',
      `Invalid value ${String(value)} for parameter '${field}' supplied. It must be a positive integer`,
      { details: { field } },
    );
  }
  if (value > max) {
    throw invalidArgument(
      'tracking.invalid_max_results',
      `Invalid value ${value} for parameter '${field}' supplied. It must be at most ${max}`,
      { details: { field, limit: max } },
    );
  }
  return value;
}

/**
 * Cuts a page fetched with one extra row (`limit + 1`) down to `limit` and computes the
 * next token from it, so a last page that happens to be full gets no token.
 */
export function toPage<T>(
  rows: T[],
  offset: number,
  limit: number,
): { items: T[]; nextPageToken?: string } {
  if (rows.length <= limit) return { items: rows };
  return { items: rows.slice(0, limit), nextPageToken: encodePageToken(offset + limit) };
}
