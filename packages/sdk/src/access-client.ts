/** Users, API tokens and permissions (`/api/v1/me`, `/users`, `…/permissions`). */
import type { Transport } from './http-transport.ts';

export interface User {
  id: string;
  username: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export type TokenScope = 'read' | 'write' | 'admin';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export type PermissionLevel = 'NO_PERMISSIONS' | 'READ' | 'EDIT' | 'MANAGE';

export interface PermissionGrant {
  username: string;
  permission: PermissionLevel;
}

/** The caller's own standing on a resource, from `GET …/my-permission`. */
export interface MyPermission {
  /** Effective: the grant, else the server's default; MANAGE for admins and in single-user mode. */
  permission: PermissionLevel;
  admin: boolean;
}

/** What a grant is on: an experiment id, a registered model name or a dataset name. */
export type PermissionTarget =
  { experimentId: string } | { registeredModel: string } | { dataset: string };

export interface AccessClient {
  me(): Promise<User>;
  listUsers(): Promise<User[]>;
  createUser(input: { username: string; password: string; isAdmin?: boolean }): Promise<User>;
  updateUser(
    username: string,
    patch: { isAdmin?: boolean; disabled?: boolean; password?: string },
  ): Promise<User>;
  listTokens(username: string): Promise<ApiToken[]>;
  /** The secret (`cairn_<id>_<secret>`) is in this answer only. */
  createToken(
    username: string,
    input: { name: string; scope: TokenScope; expiresInDays?: number },
  ): Promise<{ token: ApiToken; secret: string }>;
  revokeToken(username: string, tokenId: string): Promise<void>;
  listPermissions(target: PermissionTarget): Promise<PermissionGrant[]>;
  setPermission(
    target: PermissionTarget,
    username: string,
    permission: PermissionLevel,
  ): Promise<PermissionGrant>;
  deletePermission(target: PermissionTarget, username: string): Promise<void>;
  /** The caller's effective permission on the target (needs READ on it; 404 when absent). */
  myPermission(target: PermissionTarget): Promise<MyPermission>;
}

const seg = encodeURIComponent;

function resourcePath(target: PermissionTarget): string {
  if ('experimentId' in target) return `/experiments/${seg(target.experimentId)}`;
  if ('registeredModel' in target) return `/registered-models/${seg(target.registeredModel)}`;
  return `/datasets/${seg(target.dataset)}`;
}

const permissionsPath = (target: PermissionTarget) => `${resourcePath(target)}/permissions`;

export function createAccessClient(transport: Transport): AccessClient {
  return {
    me: () => transport.json({ method: 'GET', path: '/me' }),
    listUsers: async () =>
      (await transport.json<{ items: User[] }>({ method: 'GET', path: '/users' })).items,
    createUser: (input) => transport.json({ method: 'POST', path: '/users', json: input }),
    updateUser: (username, patch) =>
      transport.json({ method: 'PATCH', path: `/users/${seg(username)}`, json: patch }),
    listTokens: async (username) =>
      (
        await transport.json<{ items: ApiToken[] }>({
          method: 'GET',
          path: `/users/${seg(username)}/tokens`,
        })
      ).items,
    createToken: (username, input) =>
      transport.json({ method: 'POST', path: `/users/${seg(username)}/tokens`, json: input }),
    revokeToken: async (username, tokenId) => {
      await transport.json({
        method: 'DELETE',
        path: `/users/${seg(username)}/tokens/${seg(tokenId)}`,
      });
    },
    listPermissions: async (target) =>
      (
        await transport.json<{ items: PermissionGrant[] }>({
          method: 'GET',
          path: permissionsPath(target),
        })
      ).items,
    setPermission: (target, username, permission) =>
      transport.json({
        method: 'PUT',
        path: `${permissionsPath(target)}/${seg(username)}`,
        json: { permission },
      }),
    deletePermission: async (target, username) => {
      await transport.json({
        method: 'DELETE',
        path: `${permissionsPath(target)}/${seg(username)}`,
      });
    },
    myPermission: (target) =>
      transport.json({ method: 'GET', path: `${resourcePath(target)}/my-permission` }),
  };
}
