/**
 * For the SDK's integration tests: the real server on a free port over a throwaway SQLite
 * data directory, and a client for it. Runs in Node only, so it lives outside the SDK's
 * browser-bound code and is not exported from the package index.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startServer } from '@cairn/server';
import { createClient, type CairnClient } from '../client.ts';
import { CairnApiError } from '../errors.ts';

/** The running server of {@link useTestServer}; reading it before the tests start throws. */
export interface TestServer {
  readonly url: string;
  /** A client of the server without credentials. */
  readonly client: CairnClient;
}

/**
 * Starts the server in a `before` hook of the calling test file (its data in a new temporary
 * directory named `prefix…`) and, in an `after` hook, stops it and removes the directory.
 */
export function useTestServer(prefix: string): TestServer {
  let started: { url: string; client: CairnClient } | undefined;
  let close = async (): Promise<void> => {};
  before(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), prefix));
    const server = await startServer({ port: 0, dataDir, quiet: true });
    started = { url: server.url, client: createClient({ url: server.url }) };
    close = async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    };
  });
  after(() => close());
  const running = () => {
    if (started === undefined) throw new Error('the test server is not started yet');
    return started;
  };
  return {
    get url() {
      return running().url;
    },
    get client() {
      return running().client;
    },
  };
}

/** The `CairnApiError` that `promise` rejects with; fails the test when it resolves or throws anything else. */
export async function apiErrorOf(promise: Promise<unknown>): Promise<CairnApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof CairnApiError, `expected a CairnApiError, got ${String(error)}`);
  return error;
}
