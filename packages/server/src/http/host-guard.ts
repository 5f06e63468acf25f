import type { MiddlewareHandler } from 'hono';
import { ErrorCategory } from '@cairn/core';
import { guardResponse } from './guard-response.ts';

const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];

/** `host` or `host:port` (IPv6 in brackets), parsed like a browser would; undefined if malformed. */
function parseHost(value: string): { hostname: string; port: string } | undefined {
  if (value === '' || /[/?#@\s\\]/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port };
  } catch {
    return undefined;
  }
}

/**
 * Builds the Host allow-list check. Loopback names are always allowed; an entry without a
 * port allows any port, an entry with one (`cairn.lan:8080`) only that port.
 */
export function createHostAllowList(extraHosts: readonly string[] = []): (host: string) => boolean {
  const anyPort = new Set<string>();
  const exact = new Set<string>();
  for (const entry of [...loopbackHosts, ...extraHosts]) {
    const parsed = parseHost(entry.trim());
    if (parsed === undefined) continue;
    if (parsed.port === '') anyPort.add(parsed.hostname);
    else exact.add(`${parsed.hostname}:${parsed.port}`);
  }
  return (host) => {
    const parsed = parseHost(host);
    if (parsed === undefined) return false;
    return anyPort.has(parsed.hostname) || exact.has(`${parsed.hostname}:${parsed.port}`);
  };
}

/**
 * DNS-rebinding defence (MLflow CVE-2025-14279): a page on `attacker.example` whose name
 * now resolves to 127.0.0.1 reaches this server with `Host: attacker.example`, so any Host
 * outside the allow-list is refused before routing.
 */
export function createHostGuard(isAllowedHost: (host: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!isAllowedHost(host)) {
      return guardResponse(
        c,
        403,
        ErrorCategory.PERMISSION_DENIED,
        'http.host_not_allowed',
        'This Host header is not allowed. Add the name to the allowed hosts to serve it.',
      );
    }
    return next();
  };
}
