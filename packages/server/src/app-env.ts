import type { Context } from 'hono';
import type { RequestContext } from '@cairn/core';

/** The Hono environment of every Cairn route: what the request-context middleware sets. */
export interface AppEnv {
  Variables: {
    /** Who is asking: `local` in single-user mode, the authenticated user once auth exists. */
    actor: string;
  };
}

/** The domain's view of a request: the actor the request-context middleware resolved. */
export function requestContextOf(c: Context<AppEnv>): RequestContext {
  return { actor: c.get('actor') };
}
