/**
 * The audit page's URL → the SDK's `AuditLogQuery`. Pure, for `node --test`. Times in the URL
 * are what the page's UTC date-time inputs hold (`2026-11-27T06:30`), so a shared link reads
 * the same in every time zone and matches the table's UTC column.
 */
import type { AuditLogQuery } from '@cairn/sdk';

/** The exact-match filters, as URL keys (the same names as the API's query). */
export const AUDIT_FILTERS = [
  { key: 'actor', label: 'Actor' },
  { key: 'entityType', label: 'Entity type' },
  { key: 'entityId', label: 'Entity id' },
  { key: 'type', label: 'Event type' },
] as const;

/** The time range, inclusive at both ends like the API's `since`/`until`. */
export const AUDIT_TIME_FILTERS = [
  { key: 'since', label: 'From (UTC)' },
  { key: 'until', label: 'To (UTC)' },
] as const;

export type AuditFilterKey =
  (typeof AUDIT_FILTERS)[number]['key'] | (typeof AUDIT_TIME_FILTERS)[number]['key'];

export const AUDIT_FILTER_KEYS: readonly AuditFilterKey[] = [
  ...AUDIT_FILTERS.map((f) => f.key),
  ...AUDIT_TIME_FILTERS.map((f) => f.key),
];

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `YYYY-MM-DDTHH:MM[:SS]` value read as UTC, in ms; undefined when it is not one. As an
 * upper bound (`end`) it means the last millisecond of that minute or second, so "to 10:05"
 * keeps an entry logged at 10:05:30.
 */
export function parseUtcInput(text: string, end: boolean): number | undefined {
  const match = UTC_INPUT.exec(text);
  if (match === null) return undefined;
  const ms = Date.parse(`${text}${match[6] === undefined ? ':00' : ''}Z`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2026-02-31 over to March; a date that does not exist is refused.
  if (new Date(ms).toISOString().slice(0, 10) !== text.slice(0, 10)) return undefined;
  if (!end) return ms;
  return ms + (match[6] === undefined ? 59_999 : 999);
}

export type AuditUrlQuery = { ok: true; query: AuditLogQuery } | { ok: false; message: string };

/**
 * The log request for the page's URL: newest first unless `order=asc`, the filters, the time
 * range and the page token (`page`). A bad time or a reversed range is a message for the
 * page, not a request.
 */
export function auditQueryFromUrl(params: URLSearchParams, pageSize: number): AuditUrlQuery {
  const query: AuditLogQuery = {
    maxResults: pageSize,
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
  for (const { key } of AUDIT_FILTERS) {
    const value = params.get(key)?.trim();
    if (value !== undefined && value !== '') query[key] = value;
  }
  for (const { key, label } of AUDIT_TIME_FILTERS) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    const ms = parseUtcInput(value, key === 'until');
    if (ms === undefined) {
      return { ok: false, message: `${label} is not a date and time: ${value}` };
    }
    query[key] = ms;
  }
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) {
    return { ok: false, message: 'The time range ends before it starts.' };
  }
  const page = params.get('page');
  if (page !== null && page !== '') query.pageToken = page;
  return { ok: true, query };
}
