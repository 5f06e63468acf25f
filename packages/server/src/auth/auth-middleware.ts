/**
 * The one authentication and authorization middleware. For every request: find the route
 * Hono will dispatch to, look up its declared policy (none → denied), authenticate the
 * credentials, resolve the resource the policy names, and ask `AccessApi.authorize`.
 * On success the principal, its actor name and its search filter go into the context.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { findTargetHandler, isMiddleware } from 'hono/utils/handler';
import { CairnError, ErrorCategory, isCairnError } from '@cairn/core';
import type { AccessApi, IdentityApi, Principal } from '@cairn/core';
import type { AppEnv } from '../app-env.ts';
import { authErrorResponse } from './auth-responses.ts';
import { createAuthenticator } from './authenticator.ts';
import { readCredentials } from './credentials.ts';
import { buildPolicyTable } from './policy-table.ts';
import { UNOWNED, resolveResource } from './resource-resolver.ts';
import type { ServerResourceDirectory } from './resource-resolver.ts';
import { anyUserReads, policyKey, resourceTypeOf } from './route-policy.ts';
import type { PolicyTable, RoutePolicy } from './route-policy.ts';
import { locatorValues } from './request-values.ts';

export interface AuthMiddlewareDeps {
  identity: IdentityApi;
  access: AccessApi;
  resources: ServerResourceDirectory;
  /** Defaults to the server's full table. */
  policies?: PolicyTable;
}

/** The route Hono will answer with: the first matched handler that is not middleware. */
function targetRoute(c: Context): { method: string; path: string } | undefined {
  for (const route of matchedRoutes(c)) {
    if (!isMiddleware(findTargetHandler(route.handler))) {
      return { method: route.method, path: route.path };
    }
  }
  return undefined;
}

function noPolicy(method: string, path: string): CairnError {
  return new CairnError(
    ErrorCategory.PERMISSION_DENIED,
    'access.no_policy',
    `Route ${method} ${path} declares no access policy, so it is denied.`,
  );
}

async function enforce(
  c: Context,
  deps: AuthMiddlewareDeps,
  routePath: string,
  policy: RoutePolicy,
  principal: Principal | undefined,
): Promise<void> {
  const { access } = deps;
  switch (policy.kind) {
    case 'public':
      return;
    case 'authenticated':
      return access.authorize(principal, policy.action, { type: 'server' });
    case 'admin':
      return access.authorize(principal, 'admin', { type: 'server' });
    case 'self': {
      const [username] = await locatorValues(c, routePath, {
        ...policy.locator,
        fields: [policy.locator.field],
      });
      let id = '';
      if (principal !== undefined && username === principal.username) id = principal.userId;
      return access.authorize(principal, policy.action, { type: 'user', id });
    }
    case 'resource':
      for (const check of policy.checks) {
        for (const value of await locatorValues(c, routePath, check.locator)) {
          const resolved = await resolveResource(deps.resources, check.locator.resolve, value);
          if (resolved === UNOWNED) {
            await access.authorize(principal, 'admin', { type: 'server' });
          } else if (resolved !== undefined) {
            const type = resourceTypeOf(check.locator.resolve);
            await access.authorize(principal, check.action, { type, id: resolved });
          } else {
            // Not found: the handler answers 404 (or creates it, for `whenAbsent: 'edit'`),
            // but never to someone not logged in.
            await access.authorize(principal, check.locator.whenAbsent ?? 'read', {
              type: 'server',
            });
          }
        }
      }
      return;
  }
}

export function createAuthMiddleware(deps: AuthMiddlewareDeps): MiddlewareHandler<AppEnv> {
  const authenticate = createAuthenticator(deps.identity);
  const table = deps.policies ?? buildPolicyTable();
  return async (c, next) => {
    const route = targetRoute(c);
    // No route at all is a plain 404; it still takes a login to find that out.
    const policy =
      route === undefined ? anyUserReads : table.get(policyKey(route.method, route.path));
    if (policy?.kind === 'public') {
      // Health checks and the API document never look at credentials (nor cost a lookup).
      c.set('actor', 'anonymous');
      return next();
    }
    try {
      const auth = await authenticate(readCredentials(c.req.header('authorization')));
      if (!auth.ok) {
        throw new CairnError(
          ErrorCategory.UNAUTHENTICATED,
          auth.reason === 'invalid' ? 'access.invalid_credentials' : 'access.unauthenticated',
          auth.reason === 'invalid'
            ? 'Invalid credentials (unknown user, wrong password, or an expired or revoked token).'
            : 'Authentication required: send a Bearer token or HTTP Basic credentials.',
        );
      }
      const principal = auth.principal;
      if (route !== undefined && policy === undefined) throw noPolicy(route.method, route.path);
      await enforce(c, deps, route?.path ?? '', policy ?? anyUserReads, principal);
      c.set('actor', principal.username);
      c.set('principal', principal);
      const filter = deps.access.searchFilter(principal);
      if (filter !== undefined) c.set('access', filter);
    } catch (error) {
      if (
        isCairnError(error) &&
        (error.category === ErrorCategory.UNAUTHENTICATED ||
          error.category === ErrorCategory.PERMISSION_DENIED)
      ) {
        return authErrorResponse(c, error);
      }
      throw error;
    }
    return next();
  };
}
