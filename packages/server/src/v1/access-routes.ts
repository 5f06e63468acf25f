/**
 * v1 identity and permission routes: who am I, users (admins), a user's API tokens (the
 * user or an admin), and grants on experiments, registered models and datasets (MANAGE on
 * the resource). Who may call which is declared in `auth/access-policies.ts`.
 */
import { z } from 'zod';
import { failedPrecondition, notFound, permissionRank } from '@cairn/core';
import type {
  AccessApi,
  CredentialScope,
  IdentityApi,
  Permission,
  RequestContext,
  ResourceType,
  User,
} from '@cairn/core';
import {
  defineRoute,
  emptyResponse,
  jsonResponse,
  type AnyApiRoute,
  type V1Deps,
} from './api-route.ts';
import { datasetsOf } from './dataset-routes.ts';
import { idSchema, nameSchema } from './input-schemas.ts';

const tag = 'Access';

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
const tokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  scope: z.enum(['read', 'write', 'admin']),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  lastUsedAt: z.number().int().nullable(),
});
const permissionSchema = z.enum(['NO_PERMISSIONS', 'READ', 'EDIT', 'MANAGE']);
const grantSchema = z.object({ username: z.string(), permission: permissionSchema });
const usernameSchema = z.string().min(1).max(64);
const passwordSchema = z.string().min(8).max(256);
const usernameParams = z.object({ username: usernameSchema });

function services(deps: V1Deps): { identity: IdentityApi; access: AccessApi } {
  if (deps.identity === undefined || deps.access === undefined) {
    throw failedPrecondition('access.not_configured', 'This server has no user store.');
  }
  return { identity: deps.identity, access: deps.access };
}

/** The single-user mode's identity, as `/me` reports it. */
const localUser: User = {
  id: 'local',
  username: 'local',
  isAdmin: true,
  disabled: false,
  createdAt: 0,
  updatedAt: 0,
};

async function grantsOf(deps: V1Deps, type: ResourceType, id: string) {
  const { identity, access } = services(deps);
  const grants = await access.listPermissions(type, id);
  const names = new Map((await identity.listUsers()).map((u) => [u.id, u.username]));
  const items = grants.map((g) => ({
    username: names.get(g.userId) ?? g.userId,
    permission: g.permission,
  }));
  // The store orders by (random) user id; people read these lists by name.
  items.sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  return { items };
}

/**
 * A read-only token may do no more than read whatever its user holds, so it must not be told
 * (and the UI must not offer) more; `write` and `admin` scopes only withhold admin actions.
 */
function narrowedByScope(permission: Permission, scope: CredentialScope): Permission {
  return scope === 'read' && permissionRank(permission) > permissionRank('READ')
    ? 'READ'
    : permission;
}

/** A kind of resource whose grants are managed over HTTP, and how its path names it. */
interface PermissionResource {
  /** The collection segment of the path. */
  resource: 'experiments' | 'registered-models' | 'datasets';
  idParam: 'experimentId' | 'name';
  type: ResourceType;
  /** In operation ids: `list${label}Permissions`. */
  label: string;
  /** In summaries: "an experiment". */
  noun: string;
  /** The id grants key on, from the path value (404 when there is no such resource). */
  findId: (deps: V1Deps, ctx: RequestContext, value: string) => Promise<string>;
}

const permissionResources: readonly PermissionResource[] = [
  {
    resource: 'experiments',
    idParam: 'experimentId',
    type: 'experiment',
    label: 'Experiment',
    noun: 'an experiment',
    findId: async (deps, ctx, id) => (await deps.tracking.getExperiment(ctx, id)).experimentId,
  },
  {
    resource: 'registered-models',
    idParam: 'name',
    type: 'registered_model',
    label: 'RegisteredModel',
    noun: 'a registered model',
    findId: async (deps, ctx, name) => (await deps.registry.getRegisteredModel(ctx, name)).id,
  },
  {
    resource: 'datasets',
    idParam: 'name',
    type: 'dataset',
    label: 'Dataset',
    noun: 'a dataset',
    findId: async (deps, ctx, name) => (await datasetsOf(deps).getDataset(ctx, name)).id,
  },
];

function permissionRoutes({
  resource,
  idParam,
  type,
  label,
  noun,
  findId,
}: PermissionResource): AnyApiRoute[] {
  const base = `/${resource}/{${idParam}}/permissions` as const;
  const params = z.object({ [idParam]: idParam === 'name' ? nameSchema.min(1) : idSchema });
  const grantParams = params.extend({ username: usernameSchema });
  const valueOf = (p: Record<string, string>) => p[idParam] as string;
  return [
    defineRoute({
      method: 'GET',
      path: `/${resource}/{${idParam}}/my-permission`,
      operationId: `getMy${label}Permission`,
      tag,
      summary: `The caller’s effective permission on ${noun} (what the UI may offer)`,
      params,
      response: jsonResponse(
        z.object({ permission: permissionSchema, admin: z.boolean() }),
        'The permission (MANAGE for admins and in single-user mode) and whether the caller is an admin.',
      ),
      errors: [401, 403, 404],
      handle: async ({ params: p }, { deps, ctx }) => {
        const id = await findId(deps, ctx, valueOf(p));
        const principal = ctx.principal;
        if (principal === undefined) return { permission: 'MANAGE' as const, admin: true };
        const granted = await services(deps).access.effectivePermission(principal, type, id);
        return { permission: narrowedByScope(granted, principal.scope), admin: principal.isAdmin };
      },
    }),
    defineRoute({
      method: 'GET',
      path: base,
      operationId: `list${label}Permissions`,
      tag,
      summary: `List the explicit grants on ${noun}`,
      params,
      response: jsonResponse(z.object({ items: z.array(grantSchema) }), 'The grants.'),
      errors: [401, 403, 404],
      handle: async ({ params: p }, { deps, ctx }) =>
        grantsOf(deps, type, await findId(deps, ctx, valueOf(p))),
    }),
    defineRoute({
      method: 'PUT',
      path: `${base}/{username}`,
      operationId: `set${label}Permission`,
      tag,
      summary: 'Grant a user a permission (replaces the previous one)',
      params: grantParams,
      body: z.strictObject({ permission: permissionSchema }),
      response: jsonResponse(grantSchema, 'The grant.'),
      errors: [401, 403, 404],
      handle: async ({ params: p, body }, { deps, ctx }) => {
        const { identity, access } = services(deps);
        const id = await findId(deps, ctx, valueOf(p));
        const user = await identity.getUser(p.username ?? '');
        const grant = await access.setPermission(ctx, {
          type,
          id,
          userId: user.id,
          username: user.username,
          permission: body.permission,
        });
        return { username: user.username, permission: grant.permission };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${base}/{username}`,
      operationId: `delete${label}Permission`,
      tag,
      summary: 'Remove a user’s grant (the default permission applies again)',
      params: grantParams,
      response: emptyResponse('Removed.'),
      errors: [401, 403, 404],
      handle: async ({ params: p }, { deps, ctx }) => {
        const { identity, access } = services(deps);
        const id = await findId(deps, ctx, valueOf(p));
        const user = await identity.getUser(p.username ?? '');
        await access.deletePermission(ctx, { type, id, userId: user.id, username: user.username });
      },
    }),
  ];
}

export const accessRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/me',
    operationId: 'getMe',
    tag,
    summary: 'The authenticated user (`local`, an admin, in single-user mode)',
    response: jsonResponse(userSchema, 'The user.'),
    errors: [401],
    handle: async (_input, { deps, ctx }) => {
      if (ctx.principal === undefined) return localUser;
      const user = await services(deps).identity.getUserById(ctx.principal.userId);
      if (user === undefined)
        throw notFound('identity.user_not_found', 'The user no longer exists.');
      return user;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/users',
    operationId: 'listUsers',
    tag,
    summary: 'List users (admins)',
    response: jsonResponse(z.object({ items: z.array(userSchema) }), 'Every user, by name.'),
    errors: [401, 403],
    handle: async (_input, { deps }) => ({ items: await services(deps).identity.listUsers() }),
  }),
  defineRoute({
    method: 'POST',
    path: '/users',
    operationId: 'createUser',
    tag,
    summary: 'Create a user (admins)',
    body: z.strictObject({
      username: usernameSchema,
      password: passwordSchema,
      isAdmin: z.boolean().optional(),
    }),
    response: jsonResponse(userSchema, 'The new user.', 201),
    errors: [401, 403, 409],
    handle: ({ body }, { deps, ctx }) => services(deps).identity.createUser(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/users/{username}',
    operationId: 'getUser',
    tag,
    summary: 'Get a user (the user or an admin)',
    params: usernameParams,
    response: jsonResponse(userSchema, 'The user.'),
    errors: [401, 403, 404],
    handle: ({ params }, { deps }) => services(deps).identity.getUser(params.username),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/users/{username}',
    operationId: 'updateUser',
    tag,
    summary: 'Disable, promote or reset the password of a user (admins)',
    params: usernameParams,
    body: z.strictObject({
      isAdmin: z.boolean().optional(),
      disabled: z.boolean().optional(),
      password: passwordSchema.optional(),
    }),
    response: jsonResponse(userSchema, 'The updated user.'),
    errors: [401, 403, 404],
    handle: ({ params, body }, { deps, ctx }) =>
      services(deps).identity.updateUser(ctx, params.username, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/users/{username}/tokens',
    operationId: 'listTokens',
    tag,
    summary: 'List a user’s API tokens (never their secrets)',
    params: usernameParams,
    response: jsonResponse(z.object({ items: z.array(tokenSchema) }), 'Newest first.'),
    errors: [401, 403, 404],
    handle: async ({ params }, { deps }) => ({
      items: await services(deps).identity.listTokens(params.username),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/users/{username}/tokens',
    operationId: 'createToken',
    tag,
    summary: 'Issue an API token; its secret is in this response only',
    params: usernameParams,
    body: z.strictObject({
      name: z.string().min(1).max(100),
      scope: z.enum(['read', 'write', 'admin']),
      expiresInDays: z.number().int().min(1).max(3650).optional(),
    }),
    response: jsonResponse(
      z.object({ token: tokenSchema, secret: z.string() }),
      'The token and its secret (`cairn_<id>_<secret>`), shown once.',
      201,
    ),
    errors: [401, 403, 404],
    handle: ({ params, body }, { deps, ctx }) =>
      services(deps).identity.createToken(ctx, { ...body, username: params.username }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/users/{username}/tokens/{tokenId}',
    operationId: 'revokeToken',
    tag,
    summary: 'Revoke an API token',
    params: usernameParams.extend({ tokenId: z.string().min(1).max(64) }),
    response: emptyResponse('Revoked (also when it already was).'),
    errors: [401, 403, 404],
    handle: async ({ params }, { deps, ctx }) => {
      const { identity } = services(deps);
      const user = await identity.getUser(params.username);
      const token = await identity.getToken(params.tokenId).catch(() => undefined);
      // Someone else's token is "not found" here: its id says nothing to this caller.
      if (token === undefined || token.userId !== user.id) {
        throw notFound('identity.token_not_found', `Token '${params.tokenId}' does not exist.`);
      }
      await identity.revokeToken(ctx, token.id);
    },
  }),
  ...permissionResources.flatMap(permissionRoutes),
];
