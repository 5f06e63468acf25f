/**
 * For the auth tests: the whole app with authentication on, over real services on a
 * throwaway SQLite directory, with a cheap scrypt so logins stay fast, and helpers that
 * make users, tokens and grants.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createLocalBlobStore, openMetadataStore } from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  createArtifactService,
  createLineageService,
  createModelCardService,
  createRegistryService,
  createScryptKdf,
  createTrackingService,
  ensureDefaultExperiment,
  systemClock,
} from '@cairn/core';
import type {
  AccessApi,
  ArtifactsApi,
  DatasetsApi,
  IdentityApi,
  Permission,
  RegistryApi,
  ResourceType,
  TrackingApi,
} from '@cairn/core';
import { createApp } from '../../app.ts';
import type { AppEnv } from '../../app-env.ts';
import { createDataServices } from '../../data-services.ts';
import { setUpAccessControl } from '../access-control.ts';
import { createAccessVisibility } from '../lineage-policies.ts';
import type { PolicyTable } from '../route-policy.ts';

export interface AuthTestApp {
  app: Hono<AppEnv>;
  tracking: TrackingApi;
  artifacts: ArtifactsApi;
  registry: RegistryApi;
  datasets: DatasetsApi;
  identity: IdentityApi;
  access: AccessApi;
  store: MetadataStore;
  /** Creates a user and answers its Basic `Authorization` header. */
  user(username: string, options?: { isAdmin?: boolean }): Promise<string>;
  /** Sets `username`'s permission on an experiment (or, with `type`, a model or dataset id). */
  grant(
    username: string,
    resourceId: string,
    permission: Permission,
    type?: ResourceType,
  ): Promise<void>;
  call(method: string, path: string, init?: AuthCallInit): Promise<Response>;
  close(): Promise<void>;
}

export interface AuthCallInit {
  auth?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export const TEST_PASSWORD = 'test password 1';

export const basic = (username: string, secret: string) =>
  `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;

export async function createAuthTestApp(
  options: { defaultPermission?: Permission; policies?: PolicyTable; webUiDir?: string } = {},
): Promise<AuthTestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cairn-auth-test-'));
  const store = await openMetadataStore({ dataDir });
  const clock = systemClock;
  await ensureDefaultExperiment({ store: store.tracking, clock });
  const tracking = createTrackingService({ store: store.tracking, clock });
  const artifacts = createArtifactService({
    index: store.artifacts,
    blobs: createLocalBlobStore({ root: join(dataDir, 'blobs') }),
    clock,
  });
  const registry = createRegistryService({ store: store.registry, tracking, clock });
  const data = createDataServices({ store, dataDir, clock });
  const control = await setUpAccessControl({
    identityStore: store.identity,
    accessStore: store.access,
    resources: store.resources,
    registry,
    datasets: data.datasets,
    clock,
    enabled: true,
    admin: { username: 'bootstrap-admin', password: TEST_PASSWORD },
    kdf: createScryptKdf({ cost: 1024, blockSize: 8, parallelization: 1 }),
    ...(options.defaultPermission === undefined
      ? {}
      : { defaultPermission: options.defaultPermission }),
  });
  const { identity, access } = control;
  const auth = control.auth;
  if (auth === undefined) throw new Error('access control is enabled');
  const app = createApp({
    tracking,
    artifacts,
    registry,
    events: store.events,
    lineage: createLineageService({
      tracking: store.tracking,
      registry: store.registry,
      visibility: createAccessVisibility(access),
    }),
    modelCards: createModelCardService({
      store: store.modelCards,
      registry: store.registry,
      tracking: store.tracking,
      clock,
      visibility: createAccessVisibility(access),
    }),
    datasets: { api: data.datasets, objects: data.objects },
    version: '9.9.9-test',
    ...(options.webUiDir === undefined ? {} : { webUiDir: options.webUiDir }),
    auth: options.policies === undefined ? auth : { ...auth, policies: options.policies },
  });
  const root = { actor: 'test-setup' };
  return {
    app,
    tracking,
    artifacts,
    registry,
    datasets: data.datasets,
    identity,
    access,
    store,
    async user(username, userOptions = {}) {
      await identity.createUser(root, {
        username,
        password: TEST_PASSWORD,
        isAdmin: userOptions.isAdmin ?? false,
      });
      return basic(username, TEST_PASSWORD);
    },
    async grant(username, resourceId, permission, type = 'experiment') {
      const user = await identity.getUser(username);
      await access.setPermission(root, {
        type,
        id: resourceId,
        userId: user.id,
        username,
        permission,
      });
    },
    call(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.auth !== undefined) headers['authorization'] = init.auth;
      let body = init.body;
      if (init.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(init.json);
      }
      return Promise.resolve(
        app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }),
      );
    },
    async close() {
      await data.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
