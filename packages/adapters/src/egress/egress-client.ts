/**
 * The one way Cairn makes outbound HTTP (ARCHITECTURE rule: webhooks, HTTP sources and
 * any future gateway go through here). Per request: the scheme must be http or https; the
 * host is resolved first and every address it resolves to must pass the address policy;
 * the connection goes to that resolved address (the socket's `lookup` answers with it, so
 * there is no second resolution a rebinding DNS server could change); the peer address is
 * checked again once connected; redirects are not followed unless asked, and then every
 * hop is checked the same way; each request has a deadline and a response-size cap.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { CairnError, ErrorCategory, invalidArgument } from '@cairn/core';
import { classifyAddress } from './address-policy.ts';
import type { BlockedReason } from './address-policy.ts';

/** Resolves a host name to IP addresses (all of them). Tests inject a fake resolver. */
export type HostResolver = (host: string) => Promise<string[]>;

export interface EgressOptions {
  /** Allow loopback destinations (127.0.0.0/8, ::1): tests with a local receiver. Default false. */
  allowLoopback?: boolean;
  /** Deadline of one request, connect to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Larger responses are cut off with `egress.response_too_large`. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Redirect hops followed (each re-checked). Default 0: a 3xx is returned as is. */
  maxRedirects?: number;
  resolve?: HostResolver;
}

export interface EgressRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface EgressResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
  /** The address actually connected to. */
  remoteAddress: string;
}

export interface EgressClient {
  /** Refuses (INVALID_ARGUMENT `egress.*`) a URL this client would not request; resolves DNS. */
  checkUrl(url: string): Promise<void>;
  request(request: EgressRequest): Promise<EgressResponse>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_URL_LENGTH = 2048;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const defaultResolver: HostResolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

function blocked(url: URL, address: string, reason: BlockedReason): CairnError {
  return invalidArgument(
    'egress.blocked_destination',
    `Refusing to send a request to ${url.host}: it resolves to ${address} (${reason.replace('_', '-')} addresses are not reachable from Cairn).`,
    { details: { reason } },
  );
}

function parseUrl(raw: string): URL {
  if (raw.length > MAX_URL_LENGTH) {
    throw invalidArgument('egress.invalid_url', `The URL is longer than ${MAX_URL_LENGTH}.`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidArgument('egress.invalid_url', `'${raw.slice(0, 200)}' is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidArgument(
      'egress.unsupported_scheme',
      `Only http and https URLs are allowed, not ${url.protocol.replace(/:$/, '')}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidArgument('egress.invalid_url', 'A URL must not carry credentials (user:pass@).');
  }
  if (url.hostname === '') throw invalidArgument('egress.invalid_url', 'The URL has no host.');
  return url;
}

/** The host as an IP literal when it is one (WHATWG URL already turned 0x7f000001 into 127.0.0.1). */
function literalAddress(url: URL): string | undefined {
  const bare = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) === 0 ? undefined : bare;
}

function unavailable(code: string, message: string, cause?: unknown): CairnError {
  return new CairnError(ErrorCategory.UNAVAILABLE, code, message, { cause });
}

export function createEgressClient(options: EgressOptions = {}): EgressClient {
  const allowLoopback = options.allowLoopback ?? false;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? 0;
  const resolve = options.resolve ?? defaultResolver;

  function refusal(address: string): BlockedReason | undefined {
    const reason = classifyAddress(address);
    return reason === 'loopback' && allowLoopback ? undefined : reason;
  }

  /** Resolves and checks `url`'s host; returns the one address to connect to. */
  async function pinAddress(url: URL): Promise<string> {
    const literal = literalAddress(url);
    let addresses: string[];
    if (literal !== undefined) {
      addresses = [literal];
    } else {
      try {
        addresses = await resolve(url.hostname);
      } catch (error) {
        throw invalidArgument('egress.unresolvable_host', `Cannot resolve ${url.hostname}.`, {
          cause: error,
        });
      }
    }
    if (addresses.length === 0) {
      throw invalidArgument('egress.unresolvable_host', `Cannot resolve ${url.hostname}.`);
    }
    // Every answer must be allowed: a resolver may hand out any of them on the next try.
    for (const address of addresses) {
      const reason = refusal(address);
      if (reason !== undefined) throw blocked(url, address, reason);
    }
    return addresses[0] as string;
  }

  function send(url: URL, address: string, request: EgressRequest): Promise<EgressResponse> {
    const family = isIP(address);
    const pinnedLookup: LookupFunction = (_host, lookupOptions, callback) => {
      if (lookupOptions.all === true) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
    const headers: Record<string, string> = { ...request.headers };
    // A length, not chunked encoding: simple receivers (Python's http.server) need it.
    const hasLength = Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
    if (body !== undefined && !hasLength) headers['Content-Length'] = String(body.byteLength);
    const requestOptions: RequestOptions = {
      method: request.method ?? 'GET',
      headers,
      lookup: pinnedLookup,
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
    };
    const doRequest = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolveResponse, reject) => {
      const req = doRequest(url, requestOptions, (response: IncomingMessage) => {
        collect(response, address).then(resolveResponse, reject);
      });
      req.on('socket', (socket) => {
        socket.once('connect', () => {
          // Belt and braces: the peer must be the address that was checked.
          const peer = socket.remoteAddress ?? '';
          const reason = refusal(peer);
          if (reason !== undefined) req.destroy(blocked(url, peer, reason));
        });
      });
      req.on('error', (error) => reject(translateError(error)));
      req.end(body);
    });
  }

  function collect(response: IncomingMessage, address: string): Promise<EgressResponse> {
    return new Promise((resolveBody, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) {
          response.destroy();
          reject(
            unavailable(
              'egress.response_too_large',
              `The response exceeded ${maxResponseBytes} bytes.`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        resolveBody({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: new Uint8Array(Buffer.concat(chunks)),
          remoteAddress: address,
        }),
      );
      response.on('error', (error) => reject(translateError(error)));
    });
  }

  function translateError(error: unknown): Error {
    if (error instanceof CairnError) return error;
    const name = (error as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return unavailable('egress.timeout', `No complete response within ${timeoutMs} ms.`, error);
    }
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    return unavailable('egress.request_failed', `The request failed: ${message}`, error);
  }

  return {
    async checkUrl(raw) {
      await pinAddress(parseUrl(raw));
    },
    async request(request) {
      let url = parseUrl(request.url);
      let current = request;
      for (let hop = 0; ; hop++) {
        const address = await pinAddress(url);
        const response = await send(url, address, current);
        const location = response.headers.location;
        if (!REDIRECT_STATUSES.has(response.status) || hop >= maxRedirects) return response;
        if (typeof location !== 'string') return response;
        url = parseUrl(new URL(location, url).toString());
        // A 303 (and, as browsers do, a 301/302 after POST) continues as a bodiless GET.
        if (response.status !== 307 && response.status !== 308) {
          current = { ...current, method: 'GET', body: undefined };
        }
      }
    },
  };
}
