import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import { parseServerCommand } from '../server-config.ts';
import { startServer } from '../start-server.ts';
import { basic } from './testing/auth-test-app.ts';

describe('startServer with --auth', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-auth-start-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('refuses to start with auth, no users and no admin credentials, saying how to fix it', async () => {
    await assert.rejects(
      startServer({ auth: true, port: 0, dataDir, quiet: true }),
      (error) =>
        isCairnError(error) &&
        error.code === 'identity.no_admin' &&
        error.message.includes('CAIRN_ADMIN_USERNAME'),
    );
  });

  it('creates the admin on the first start, then requires a login', async () => {
    const admin = { username: 'admin', password: 'first admin pw' };
    const server = await startServer({ auth: true, port: 0, dataDir, quiet: true, admin });
    try {
      const anonymous = await fetch(`${server.url}/api/v1/me`);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="cairn"');
      const me = await fetch(`${server.url}/api/v1/me`, {
        headers: { authorization: basic(admin.username, admin.password) },
      });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { isAdmin: boolean }).isAdmin, true);
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    } finally {
      await server.close();
    }
    // Second start: the user exists, no credentials needed in the environment.
    const again = await startServer({ auth: true, port: 0, dataDir, quiet: true });
    await again.close();
  });

  it('runs single-user without --auth: no login, acting as local', async () => {
    const server = await startServer({ port: 0, dataDir, quiet: true });
    try {
      const me = await fetch(`${server.url}/api/v1/me`);
      assert.equal(((await me.json()) as { username: string }).username, 'local');
    } finally {
      await server.close();
    }
  });

  it('reads --auth, CAIRN_AUTH, --default-permission and the admin from the environment', () => {
    const env = { CAIRN_ADMIN_USERNAME: 'root', CAIRN_ADMIN_PASSWORD: 'secret pw 1' };
    const parsed = parseServerCommand(['--auth', '--default-permission', 'NO_PERMISSIONS'], env);
    assert.ok(!parsed.help);
    assert.equal(parsed.options.auth, true);
    assert.equal(parsed.options.defaultPermission, 'NO_PERMISSIONS');
    assert.deepEqual(parsed.options.admin, { username: 'root', password: 'secret pw 1' });
    const fromEnv = parseServerCommand([], { CAIRN_AUTH: '1' });
    assert.ok(!fromEnv.help && fromEnv.options.auth === true);
    assert.throws(
      () => parseServerCommand(['--default-permission', 'OWNER'], {}),
      (e) => isCairnError(e) && e.code === 'server.invalid_default_permission',
    );
  });
});
