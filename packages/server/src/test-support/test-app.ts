/**
 * For this package's tests: the app over real services on a throwaway SQLite data
 * directory, and a small request helper (requests go through `app.request`, no socket).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import {
  createAesGcmSealer,
  createEgressClient,
  createEgressWebhookTransport,
  createLocalBlobStore,
  openMetadataStore,
} from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  createArtifactService,
  createRegistryService,
  createTrackingService,
  createWebhookService,
  createCommentService,
  createCommentTargetDirectory,
  createLineageService,
  createModelCardService,
  ensureDefaultExperiment,
  systemClock,
} from '@cairn/core';
import type { SecretSealer, TrackingApi } from '@cairn/core';
import { createApp } from '../app.ts';
import type { AppDeps } from '../app.ts';
import type { AppEnv } from '../app-env.ts';

export interface TestApp {
  app: Hono<AppEnv>;
  tracking: TrackingApi;
  store: MetadataStore;
  /** Seals the app's webhook secrets; a test's own dispatcher needs it to sign. */
  webhookSealer: SecretSealer;
  /** Sends a request; `json` is serialized with `Content-Type: application/json`. */
  call(method: string, path: string, init?: CallInit): Promise<Response>;
  close(): Promise<void>;
}

export interface CallInit {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export async function createTestApp(
  overrides: Partial<Omit<AppDeps, 'tracking' | 'artifacts' | 'registry' | 'events'>> = {},
): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cairn-server-test-'));
  const store = await openMetadataStore({ dataDir });
  const clock = systemClock;
  await ensureDefaultExperiment({ store: store.tracking, clock });
  const tracking = createTrackingService({ store: store.tracking, clock });
  const webhookSealer = createAesGcmSealer(randomBytes(32));
  const app = createApp({
    tracking,
    artifacts: createArtifactService({
      index: store.artifacts,
      blobs: createLocalBlobStore({ root: join(dataDir, 'blobs') }),
      clock,
    }),
    registry: createRegistryService({ store: store.registry, tracking, clock }),
    events: store.events,
    // Loopback allowed: webhook tests run their receivers on 127.0.0.1.
    webhooks: createWebhookService({
      store: store.webhooks,
      transport: createEgressWebhookTransport(createEgressClient({ allowLoopback: true })),
      sealer: webhookSealer,
      clock,
    }),
    comments: createCommentService({
      store: store.comments,
      targets: createCommentTargetDirectory(store),
      clock,
    }),
    lineage: createLineageService({ tracking: store.tracking, registry: store.registry }),
    modelCards: createModelCardService({
      store: store.modelCards,
      registry: store.registry,
      tracking: store.tracking,
      clock,
    }),
    version: '9.9.9-test',
    ...overrides,
  });
  return {
    app,
    tracking,
    store,
    webhookSealer,
    call: async (method, path, init = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      let body = init.body;
      if (init.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(init.json);
      }
      return app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    },
    close: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON body of a response, after checking its status. */
export async function expectJson(response: Response, status: number): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${text}`);
  }
  return JSON.parse(text) as unknown;
}
