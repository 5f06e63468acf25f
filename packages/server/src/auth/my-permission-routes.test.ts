/**
 * `GET …/my-permission`: the caller's effective permission on an experiment, registered
 * model or dataset — with authentication on for every kind of caller, and in single-user mode.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../test-support/test-app.ts';
import { createAuthTestApp } from './testing/auth-test-app.ts';
import type { AuthTestApp } from './testing/auth-test-app.ts';

async function answer(response: Response, status: number): Promise<unknown> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as unknown;
}

describe('my-permission routes with authentication on', () => {
  let t: AuthTestApp;
  let admin: string;
  let owner: string;
  let editor: string;
  let reader: string;
  let stranger: string;
  let blocked: string;
  const paths: Record<'experiment' | 'model' | 'dataset', string> = {
    experiment: '',
    model: '/api/v1/registered-models/churn/my-permission',
    dataset: '/api/v1/datasets/labels/my-permission',
  };

  before(async () => {
    t = await createAuthTestApp();
    admin = await t.user('boss', { isAdmin: true });
    owner = await t.user('olga');
    editor = await t.user('ed');
    reader = await t.user('rita');
    stranger = await t.user('sam');
    blocked = await t.user('bob');
    const experiment = (await answer(
      await t.call('POST', '/api/v1/experiments', { auth: owner, json: { name: 'mine' } }),
      201,
    )) as { experimentId: string };
    paths.experiment = `/api/v1/experiments/${experiment.experimentId}/my-permission`;
    await answer(
      await t.call('POST', '/api/v1/registered-models', { auth: owner, json: { name: 'churn' } }),
      201,
    );
    const { dataset } = (await answer(
      await t.call('POST', '/api/v1/datasets', { auth: owner, json: { name: 'labels' } }),
      201,
    )) as { dataset: { id: string } };
    const model = await t.registry.getRegisteredModel({ actor: 'test' }, 'churn');
    for (const [type, id] of [
      ['experiment', experiment.experimentId],
      ['registered_model', model.id],
      ['dataset', dataset.id],
    ] as const) {
      await t.grant('ed', id, 'EDIT', type);
      await t.grant('rita', id, 'READ', type);
      await t.grant('bob', id, 'NO_PERMISSIONS', type);
    }
  });
  after(() => t.close());

  for (const kind of ['experiment', 'model', 'dataset'] as const) {
    it(`answers each caller's own permission on the ${kind}`, async () => {
      const mine = async (auth: string) => answer(await t.call('GET', paths[kind], { auth }), 200);
      assert.deepEqual(await mine(owner), { permission: 'MANAGE', admin: false });
      assert.deepEqual(await mine(editor), { permission: 'EDIT', admin: false });
      assert.deepEqual(await mine(reader), { permission: 'READ', admin: false });
      // No grant: the server's default permission (READ) applies.
      assert.deepEqual(await mine(stranger), { permission: 'READ', admin: false });
      assert.deepEqual(await mine(admin), { permission: 'MANAGE', admin: true });
    });

    it(`refuses the ${kind} to a caller who may not read it, and to no one`, async () => {
      await answer(await t.call('GET', paths[kind], { auth: blocked }), 403);
      await answer(await t.call('GET', paths[kind]), 401);
    });
  }

  it('tells a read-only token READ, whatever its user holds', async () => {
    const issued = (await answer(
      await t.call('POST', '/api/v1/users/olga/tokens', {
        auth: owner,
        json: { name: 'ro', scope: 'read' },
      }),
      201,
    )) as { secret: string };
    const response = await t.call('GET', paths.experiment, { auth: `Bearer ${issued.secret}` });
    assert.deepEqual(await answer(response, 200), { permission: 'READ', admin: false });
  });

  it('answers 404 for a resource that does not exist', async () => {
    for (const path of [
      '/api/v1/experiments/999999/my-permission',
      '/api/v1/registered-models/no-such-model/my-permission',
      '/api/v1/datasets/no-such-set/my-permission',
    ]) {
      await answer(await t.call('GET', path, { auth: admin }), 404);
      await answer(await t.call('GET', path, { auth: stranger }), 404);
    }
  });
});

describe('my-permission routes in single-user mode', () => {
  it('answers MANAGE and admin for the local user, and 404 for an unknown resource', async () => {
    const t = await createTestApp();
    try {
      await answer(
        await t.call('POST', '/api/v1/registered-models', { json: { name: 'solo' } }),
        201,
      );
      for (const path of [
        '/api/v1/experiments/0/my-permission',
        '/api/v1/registered-models/solo/my-permission',
      ]) {
        assert.deepEqual(await answer(await t.call('GET', path), 200), {
          permission: 'MANAGE',
          admin: true,
        });
      }
      await answer(await t.call('GET', '/api/v1/experiments/424242/my-permission'), 404);
    } finally {
      await t.close();
    }
  });
});
