/**
 * Turns an HTTP request into a request message (`Fields`) the way MLflow's
 * `_get_request_message` does: GET fields from the query string (repeated keys for list
 * fields), other methods from a JSON body. Bodies are read once, with a byte cap enforced
 * while streaming so an oversized body is refused without being buffered.
 */
import { invalidArgument, resourceExhausted } from '@cairn/core';
import type { CairnError } from '@cairn/core';
import type { Fields } from './request-fields.ts';

/** The cap on any JSON request body; MLflow's own per-route limits are far below it. */
export const MAX_JSON_BODY_BYTES = 16 * 1024 * 1024;

const EMPTY = new Uint8Array(0);
const CONTENT_TYPE_SAFE_CHARS = /^[a-zA-Z0-9\-/;,+_ ]*$/;

export function jsonBodyTooLarge(size: number): CairnError {
  return resourceExhausted(
    'mlflow.body_too_large',
    `Request body of ${size} bytes exceeds the limit of ${MAX_JSON_BODY_BYTES} bytes.`,
    { details: { limit: MAX_JSON_BODY_BYTES } },
  );
}

/**
 * State-changing requests must declare JSON (MLflow `validation.py`), which also keeps
 * browsers from sending them cross-site as CORS "simple" requests (text/plain CSRF).
 */
export function requireJsonContentType(request: Request): void {
  const header = request.headers.get('content-type');
  const mediaType = header?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return;
  let message = 'Bad Request. Content-Type must be one of [application/json].';
  // Echo the received type only when it cannot carry markup (MLflow avoids XSS the same way).
  if (header !== null && CONTENT_TYPE_SAFE_CHARS.test(header)) message += ` Got '${header}'.`;
  throw invalidArgument('mlflow.unsupported_content_type', message);
}

/**
 * Reads the whole body, failing with `tooLarge(size)` as soon as it is known to exceed
 * `maxBytes` — from `Content-Length` before reading, or from the bytes seen so far.
 */
export async function readBodyBytes(
  request: Request,
  maxBytes: number,
  tooLarge: (size: number) => CairnError,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(declared);
  if (request.body === null) return EMPTY;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(Number.isFinite(declared) ? declared : total);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformedBody(): CairnError {
  return invalidArgument(
    'mlflow.malformed_body',
    'Malformed request body: expected a JSON object.',
  );
}

/**
 * Parses a request message. An empty body is `{}`; a JSON string holding JSON is decoded
 * once more, because old MLflow clients double-encode their bodies.
 */
export function parseJsonMessage(raw: Uint8Array): Fields {
  if (raw.byteLength === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(raw));
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch {
    throw malformedBody();
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw malformedBody();
  return parsed as Fields;
}

/**
 * Query parameters as a request message: every key listed in `repeated` becomes a list
 * of all its values, any other key takes its first value (Flask's `args.get`).
 */
export function queryFields(
  queries: Record<string, string[]>,
  repeated: ReadonlySet<string>,
): Fields {
  const fields: Fields = {};
  for (const [name, values] of Object.entries(queries)) {
    fields[name] = repeated.has(name) ? values : values[0];
  }
  return fields;
}
