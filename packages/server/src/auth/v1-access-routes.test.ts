/** The v1 identity and permission routes over HTTP, with authentication on. */
import assert from 'node:assert/strict';
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
