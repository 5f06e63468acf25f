/**
 * Builds the MLflow routes from real parts for HTTP tests: the SQLite metadata store and
 * the local blob store in a fresh temporary directory, the real tracking, artifact and
 * registry services, no socket. `call` sends one request through `app.request` and
 * decodes the JSON answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBlobStore, openMetadataStore } from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  createArtifactService,
  createRegistryService,
  createTrackingService,
  ensureDefaultExperiment,
  systemClock,
} from '@cairn/core';
import type { ArtifactsApi, RegistryApi, TrackingApi } from '@cairn/core';
import type { Hono } from 'hono';
import { createMlflowRoutes } from '../mlflow-routes.ts';
import type { MlflowEnv } from '../route-kit.ts';

export interface CallOptions {
  /** Sent as the JSON body with `Content-Type: application/json`. */
  json?: unknown;
  /** A raw body, sent with exactly the `headers` given. */
  body?: BodyInit;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** The decoded JSON body, or undefined when the body is not JSON. */
  json: Record<string, unknown> | undefined;
  text: string;
}

export interface MlflowTestApp {
  app: Hono<MlflowEnv>;
  tracking: TrackingApi;
  artifacts: ArtifactsApi;
  registry: RegistryApi;
  store: MetadataStore;
  /** Errors the routes reported as unexpected (each would have been a 500). */
  unexpectedErrors: unknown[];
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

export async function createMlflowTestApp(): Promise<MlflowTestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-mlflow-'));
  const store = await openMetadataStore({ dataDir: dir });
  const blobs = createLocalBlobStore({ root: join(dir, 'blobs') });
  const deps = { store: store.tracking, clock: systemClock };
  await ensureDefaultExperiment(deps);
  const tracking = createTrackingService(deps);
  const artifacts = createArtifactService({ index: store.artifacts, blobs, clock: systemClock });
  const registry = createRegistryService({
    store: store.registry,
    tracking,
    clock: systemClock,
  });
  const unexpectedErrors: unknown[] = [];
  const app = createMlflowRoutes({
    tracking,
    artifacts,
    registry,
    version: 'test',
    log: (error) => unexpectedErrors.push(error),
  });

  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await app.request(`http://localhost${path}`, { method, headers, body });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  return {
    app,
    tracking,
    artifacts,
    registry,
    store,
    unexpectedErrors,
    call,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
