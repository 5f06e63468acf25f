/**
 * A real Cairn server process for the browser tests: started with `--auth` (CAIRN_AUTH=1),
 * an admin from the environment and two ordinary users, so the four-eyes approval flow can
 * be driven by two different people. Its data lives in a temp dir removed by `stop()`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { createClient } from '@cairn/sdk';
import type { CairnClient } from '@cairn/sdk';

import { startCairnProcess } from '../../support/cairn-process.ts';
import type { CairnProcess } from '../../support/cairn-process.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** The built web app the server serves at `/`. */
export const webDist = path.join(repoRoot, 'packages', 'web', 'dist');

export interface Credentials {
  username: string;
  password: string;
}

export interface E2eServer {
  url: string;
  process: CairnProcess;
  admin: Credentials;
  /** Requests alias moves in the approval flow. */
  alice: Credentials;
  /** The second pair of eyes: approves what alice requested. */
  bob: Credentials;
  /** An SDK client acting as `who` (HTTP Basic, like the web app after login). */
  clientAs(who: Credentials): CairnClient;
  stop(): Promise<void>;
}

export interface E2eServerOptions {
  /** Start with `--auth` and the three users (default true). */
  auth?: boolean;
}

/**
 * Starts the server and creates the users. Fails at once when the web app is not built:
 * `npm test` builds it before the e2e suite; run `npm run build:web` when calling a test
 * file directly.
 */
export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist}/index.html is missing: run \`npm run build:web\` first`);
  }
  const auth = options.auth ?? true;
  const admin = { username: 'e2e-admin', password: 'e2e admin password' };
  const alice = { username: 'alice', password: 'alice password 1' };
  const bob = { username: 'bob', password: 'bob password 12' };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cairn-e2e-'));
  let server: CairnProcess;
  try {
    server = await startCairnProcess({
      dataDir,
      env: auth
        ? {
            CAIRN_AUTH: '1',
            CAIRN_ADMIN_USERNAME: admin.username,
            CAIRN_ADMIN_PASSWORD: admin.password,
          }
        : {},
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const clientAs = (who: Credentials): CairnClient =>
    createClient({ url: server.url, ...(auth ? { basic: who } : {}) });
  if (auth) {
    const adminClient = clientAs(admin);
    await adminClient.access.createUser(alice);
    await adminClient.access.createUser(bob);
  }
  return {
    url: server.url,
    process: server,
    admin,
    alice,
    bob,
    clientAs,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
