/** The access client against the real server with authentication on: grants on datasets. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '@cairn/server';
import { createClient, type CairnClient } from './client.ts';
import { CairnApiError } from './errors.ts';

const ADMIN = { username: 'root', password: 'root password 1' };
const CSV = 'id,label\n1,cat\n';

let server: Awaited<ReturnType<typeof startServer>>;
let dataDir: string;
let admin: CairnClient;
let owner: CairnClient;
let reader: CairnClient;

/** The status of the API error `promise` rejects with. */
async function statusOf(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof CairnApiError, `expected a CairnApiError, got ${String(error)}`);
  return error.status;
}

/** A client whose requests go out with a token of a new user (write scope). */
async function userClient(username: string): Promise<CairnClient> {
  await admin.access.createUser({ username, password: `${username} password` });
  const own = createClient({
    url: server.url,
    basic: { username, password: `${username} password` },
  });
  const { secret } = await own.access.createToken(username, { name: 'test', scope: 'write' });
  return createClient({ url: server.url, token: secret });
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cairn-sdk-access-'));
  server = await startServer({
    port: 0,
    dataDir,
    quiet: true,
    auth: true,
    admin: ADMIN,
    defaultPermission: 'NO_PERMISSIONS',
  });
  admin = createClient({ url: server.url, basic: ADMIN });
  owner = await userClient('olga');
  reader = await userClient('rita');
});
after(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('access client: dataset grants', () => {
  it('grants READ on a dataset by name, lists the grants, and revokes it', async () => {
    const digest = createHash('sha256').update(CSV).digest('hex');
    const entry = { path: 'train.csv', digest, size: Buffer.byteLength(CSV) };
    await owner.datasets.uploadObject('pets', digest, new TextEncoder().encode(CSV));
    await owner.datasets.addVersion('pets', { content: { kind: 'file', entry } });
    assert.equal(await statusOf(reader.datasets.get('pets')), 403);

    const grant = await owner.access.setPermission({ dataset: 'pets' }, 'rita', 'READ');
    assert.deepEqual(grant, { username: 'rita', permission: 'READ' });
    assert.deepEqual(await owner.access.listPermissions({ dataset: 'pets' }), [
      { username: 'olga', permission: 'MANAGE' },
      { username: 'rita', permission: 'READ' },
    ]);
    assert.equal((await reader.datasets.get('pets')).latestVersion, 1);
    assert.equal(
      await statusOf(reader.datasets.addVersion('pets', { content: { kind: 'file', entry } })),
      403,
    );
    assert.equal(await statusOf(reader.access.listPermissions({ dataset: 'pets' })), 403);

    await owner.access.deletePermission({ dataset: 'pets' }, 'rita');
    assert.equal(await statusOf(reader.datasets.get('pets')), 403);
    assert.deepEqual(await admin.access.listPermissions({ dataset: 'pets' }), [
      { username: 'olga', permission: 'MANAGE' },
    ]);
    assert.equal(await statusOf(admin.access.listPermissions({ dataset: 'no-such' })), 404);
  });
});

describe('access client: my permission', () => {
  it('answers the caller’s effective permission on an experiment, a model and a dataset', async () => {
    const experiment = await owner.experiments.create({ name: 'mine' });
    const targets = [
      { experimentId: experiment.experimentId },
      { registeredModel: 'churn' },
      { dataset: 'owned' },
    ];
    // The SDK has no call that creates a registered model; the v1 route does.
    const created = await fetch(`${server.url}/api/v1/registered-models`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('olga:olga password').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'churn' }),
    });
    assert.equal(created.status, 201, await created.text());
    await owner.datasets.create({ name: 'owned' });
    for (const target of targets) {
      assert.deepEqual(await owner.access.myPermission(target), {
        permission: 'MANAGE',
        admin: false,
      });
      assert.deepEqual(await admin.access.myPermission(target), {
        permission: 'MANAGE',
        admin: true,
      });
      // The default here is NO_PERMISSIONS: without a grant one may not even ask.
      assert.equal(await statusOf(reader.access.myPermission(target)), 403);
      await owner.access.setPermission(target, 'rita', 'EDIT');
      assert.deepEqual(await reader.access.myPermission(target), {
        permission: 'EDIT',
        admin: false,
      });
    }
    assert.equal(await statusOf(admin.access.myPermission({ dataset: 'no-such' })), 404);
  });
});
