/** The v1 identity and permission routes over HTTP, with authentication on. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAuthTestApp } from './testing/auth-test-app.ts';
import type { AuthTestApp } from './testing/auth-test-app.ts';

const body = async (response: Response, status: number) => {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
};

describe('v1 access routes', () => {
  let t: AuthTestApp;
  let admin: string;
  let erin: string;
  let frank: string;
  before(async () => {
    t = await createAuthTestApp();
    admin = await t.user('boss', { isAdmin: true });
    erin = await t.user('erin');
    frank = await t.user('frank');
  });
  after(() => t.close());

  it('manages grants on an experiment for its managers only, and lists them by username', async () => {
    const created = await body(
      await t.call('POST', '/api/v1/experiments', { auth: erin, json: { name: 'erins' } }),
      201,
    );
    const id = String(created?.['experimentId']);
    const path = `/api/v1/experiments/${id}/permissions`;
    await body(await t.call('GET', path, { auth: frank }), 403);
    await body(
      await t.call('PUT', `${path}/frank`, { auth: erin, json: { permission: 'EDIT' } }),
      200,
    );
    assert.deepEqual(
      (await body(await t.call('GET', path, { auth: erin }), 200))?.['items'],
      [
        { username: 'erin', permission: 'MANAGE' },
        { username: 'frank', permission: 'EDIT' },
      ].sort((a, b) => (a.username < b.username ? -1 : 1)),
    );
    await body(
      await t.call('PUT', `${path}/frank`, { auth: frank, json: { permission: 'MANAGE' } }),
      403,
    );
    await body(
      await t.call('PUT', `${path}/frank`, { auth: erin, json: { permission: 'OWNER' } }),
      400,
    );
    await body(
      await t.call('PUT', `${path}/nobody`, { auth: erin, json: { permission: 'READ' } }),
      404,
    );
    await body(await t.call('DELETE', `${path}/frank`, { auth: erin }), 204);
    await body(await t.call('GET', '/api/v1/experiments/999999/permissions', { auth: admin }), 404);
  });

  it('keeps users to admins and tokens to their owners', async () => {
    await body(await t.call('GET', '/api/v1/users', { auth: erin }), 403);
    await body(
      await t.call('POST', '/api/v1/users', {
        auth: erin,
        json: { username: 'x1', password: 'password1' },
      }),
      403,
    );
    const users = await body(await t.call('GET', '/api/v1/users', { auth: admin }), 200);
    assert.ok((users?.['items'] as { username: string }[]).some((u) => u.username === 'erin'));
    await body(
      await t.call('PATCH', '/api/v1/users/erin', { auth: erin, json: { isAdmin: true } }),
      403,
    );

    const issued = await body(
      await t.call('POST', '/api/v1/users/erin/tokens', {
        auth: erin,
        json: { name: 'nb', scope: 'read' },
      }),
      201,
    );
    const tokenId = String((issued?.['token'] as { id: string }).id);
    await body(await t.call('GET', '/api/v1/users/erin/tokens', { auth: frank }), 403);
    await body(
      await t.call('DELETE', `/api/v1/users/frank/tokens/${tokenId}`, { auth: frank }),
      404,
    );
    await body(
      await t.call('DELETE', `/api/v1/users/erin/tokens/${tokenId}`, { auth: admin }),
      204,
    );
    const me = await body(
      await t.call('GET', '/api/v1/me', { auth: `Bearer ${String(issued?.['secret'])}` }),
      401,
    );
    assert.equal((me?.['error'] as { code: string }).code, 'access.invalid_credentials');
  });
});

describe('v1 dataset permission routes', () => {
  // Nobody reads what they were not granted, so a grant and its removal both show.
  let t: AuthTestApp;
  let admin: string;
  let dana: string;
  let gus: string;
  before(async () => {
    t = await createAuthTestApp({ defaultPermission: 'NO_PERMISSIONS' });
    admin = await t.user('boss', { isAdmin: true });
    dana = await t.user('dana');
    gus = await t.user('gus');
  });
  after(() => t.close());

  /** Uploads `content` into dataset `name` as `auth`, and answers a file version body. */
  async function fileVersion(auth: string, name: string, content: string) {
    const digest = createHash('sha256').update(content).digest('hex');
    await body(
      await t.call('PUT', `/api/v1/datasets/${name}/objects/${digest}`, {
        auth,
        body: content,
        headers: { 'content-type': 'application/octet-stream' },
      }),
      200,
    );
    return { content: { kind: 'file', entry: { path: 'data.csv', digest, size: content.length } } };
  }

  it('lets the dataset’s manager grant READ (read, not add a version), list and revoke it', async () => {
    const first = await fileVersion(dana, 'labels', 'id\n1\n');
    await body(
      await t.call('POST', '/api/v1/datasets/labels/versions', { auth: dana, json: first }),
      201,
    );
    const path = '/api/v1/datasets/labels/permissions';
    assert.deepEqual((await body(await t.call('GET', path, { auth: dana }), 200))?.['items'], [
      { username: 'dana', permission: 'MANAGE' },
    ]);
    await body(await t.call('GET', '/api/v1/datasets/labels', { auth: gus }), 403);
    await body(await t.call('GET', path, { auth: gus }), 403);
    await body(
      await t.call('PUT', `${path}/gus`, { auth: gus, json: { permission: 'READ' } }),
      403,
    );

    assert.deepEqual(
      await body(
        await t.call('PUT', `${path}/gus`, { auth: dana, json: { permission: 'READ' } }),
        200,
      ),
      { username: 'gus', permission: 'READ' },
    );
    assert.deepEqual((await body(await t.call('GET', path, { auth: dana }), 200))?.['items'], [
      { username: 'dana', permission: 'MANAGE' },
      { username: 'gus', permission: 'READ' },
    ]);
    const read = await body(
      await t.call('GET', '/api/v1/datasets/labels/versions/latest', { auth: gus }),
      200,
    );
    assert.equal((read?.['version'] as { version: number }).version, 1);
    // READ is not EDIT: the same request that created version 1 is refused for gus.
    await body(
      await t.call('POST', '/api/v1/datasets/labels/versions', { auth: gus, json: first }),
      403,
    );
    // Nor MANAGE: gus cannot see or change who else holds grants.
    await body(await t.call('GET', path, { auth: gus }), 403);

    await body(await t.call('DELETE', `${path}/gus`, { auth: dana }), 204);
    await body(await t.call('GET', '/api/v1/datasets/labels', { auth: gus }), 403);
    assert.deepEqual((await body(await t.call('GET', path, { auth: admin }), 200))?.['items'], [
      { username: 'dana', permission: 'MANAGE' },
    ]);
  });

  it('lets an admin manage any dataset’s grants, and answers 404 for unknown names and users', async () => {
    await body(
      await t.call('POST', '/api/v1/datasets', { auth: dana, json: { name: 'private' } }),
      201,
    );
    const path = '/api/v1/datasets/private/permissions';
    await body(
      await t.call('PUT', `${path}/gus`, { auth: admin, json: { permission: 'EDIT' } }),
      200,
    );
    const version = await fileVersion(gus, 'private', 'id\n2\n');
    await body(
      await t.call('POST', '/api/v1/datasets/private/versions', { auth: gus, json: version }),
      201,
    );
    await body(
      await t.call('PUT', `${path}/nobody`, { auth: dana, json: { permission: 'READ' } }),
      404,
    );
    await body(
      await t.call('PUT', `${path}/gus`, { auth: dana, json: { permission: 'OWNER' } }),
      400,
    );
    await body(
      await t.call('GET', '/api/v1/datasets/no-such-set/permissions', { auth: admin }),
      404,
    );
  });
});
