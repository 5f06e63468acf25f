import type { Context } from 'hono';
import type { AccessFilter, Principal, RequestContext } from '@cairn/core';

/** The Hono environment of every Cairn route: what the request-context middleware sets. */
export interface AppEnv {
  Variables: {
    /** Who is asking: `local` in single-user mode, the authenticated user once auth exists. */
    actor: string;
    /** The authenticated user (absent in single-user mode). */
    principal?: Principal;
    /** Limits searches to what the principal may read (absent: unrestricted). */
    access?: AccessFilter;
  };
}

/** The domain's view of a request: the actor the request-context middleware resolved. */
export function requestContextOf(c: Context<AppEnv>): RequestContext {
  const principal = c.get('principal');
  const access = c.get('access');
  return {
    actor: c.get('actor'),
    ...(principal === undefined ? {} : { principal }),
    ...(access === undefined ? {} : { access }),
  };
}
