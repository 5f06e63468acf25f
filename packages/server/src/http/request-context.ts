import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Decides who a request acts as; authentication replaces the single-user resolver. */
export type ActorResolver = (request: Request) => string | Promise<string>;

/** Single-user mode: every request acts as `local`. */
export const singleUserActor: ActorResolver = () => 'local';

/** Sets the Hono variable `actor` that every handler turns into a `RequestContext`. */
export function createRequestContextMiddleware(
  resolveActor: ActorResolver = singleUserActor,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', await resolveActor(c.req.raw));
    return next();
  };
}
