/**
 * `cairn users` and `cairn tokens` against a real server with authentication on, run
 * in-process through the same runner as `main.ts`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '@cairn/server';
import { runCliInProcess } from '../testing/run-cli-in-process.ts';

const ADMIN = { username: 'root', password: 'root password 1' };

describe('cairn users and tokens (with --auth)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-cli-access-'));
    server = await startServer({ auth: true, port: 0, dataDir, quiet: true, admin: ADMIN });
  });
  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const cairn = (argv: string[], env: Record<string, string> = {}) =>
    runCliInProcess(argv, { env: { CAIRN_URL: server.url, ...env } });
  const asAdmin = { CAIRN_USERNAME: ADMIN.username, CAIRN_PASSWORD: ADMIN.password };

  it('lets an admin create, list, promote and disable users; the password comes from the environment', async () => {
    const created = await cairn(['users', 'create', 'alice', '--json'], {
      ...asAdmin,
      CAIRN_NEW_PASSWORD: 'alice password',
    });
    assert.equal(created.code, 0, created.err);
    assert.equal((JSON.parse(created.out) as { username: string }).username, 'alice');
    const missing = await cairn(['users', 'create', 'bob'], asAdmin);
    assert.equal(missing.code, 2);
    const list = await cairn(['users', 'list', '--json'], asAdmin);
    assert.deepEqual(
      (JSON.parse(list.out) as { username: string }[]).map((u) => u.username),
      ['alice', 'root'],
    );
    const promoted = await cairn(['users', 'set-admin', 'alice', '--json'], asAdmin);
    assert.equal((JSON.parse(promoted.out) as { isAdmin: boolean }).isAdmin, true);
    await cairn(['users', 'set-admin', 'alice', '--revoke'], asAdmin);
    const anonymous = await cairn(['users', 'list']);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.err, /Authentication required/);
  });

  it('issues a token once, lists it without its secret, and revokes it', async () => {
    await cairn(['users', 'create', 'carol'], { ...asAdmin, CAIRN_NEW_PASSWORD: 'carol password' });
    const carol = { CAIRN_USERNAME: 'carol', CAIRN_PASSWORD: 'carol password' };
    const created = await cairn(['tokens', 'create', 'ci', '--scope', 'read', '--json'], carol);
    assert.equal(created.code, 0, created.err);
    const issued = JSON.parse(created.out) as { secret: string; token: { id: string } };
    assert.match(issued.secret, /^cairn_/);

    const withToken = { CAIRN_TOKEN: issued.secret };
    const listed = await cairn(['tokens', 'list', '--json'], withToken);
    assert.equal(listed.code, 0, listed.err);
    assert.ok(!listed.out.includes(issued.secret.split('_').at(-1) as string));
    assert.deepEqual(
      (JSON.parse(listed.out) as { id: string; scope: string }[]).map((t) => [t.id, t.scope]),
      [[issued.token.id, 'read']],
    );
    const denied = await cairn(['users', 'list'], withToken);
    assert.equal(denied.code, 1);
    assert.match(denied.err, /Permission denied/);

    const foreign = await cairn(['tokens', 'list', '--user', 'root'], carol);
    assert.equal(foreign.code, 1);
    const revoked = await cairn(['tokens', 'revoke', issued.token.id, '--user', 'carol'], asAdmin);
    assert.equal(revoked.code, 0, revoked.err);
    const after = await cairn(['tokens', 'list'], withToken);
    assert.equal(after.code, 1);
    assert.match(after.err, /Invalid credentials/);
  });
});
