/**
 * Authentication and authorization behaviour the matrix does not spell out: credential
 * forms as the mlflow client sends them, error formats per route family, actors in events,
 * creator grants, search filtering with full pages, and resources nobody owns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basic, createAuthTestApp, TEST_PASSWORD } from './testing/auth-test-app.ts';
import type { AuthTestApp } from './testing/auth-test-app.ts';

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

describe('auth middleware', () => {
  let t: AuthTestApp;
  let alice: string;
  let bob: string;
  before(async () => {
    t = await createAuthTestApp({ defaultPermission: 'NO_PERMISSIONS' });
    alice = await t.user('alice');
    bob = await t.user('bob');
  });
  after(() => t.close());

  it('answers 401 with a Basic challenge, in MLflow format on MLflow routes and v1 format on v1', async () => {
    const mlflow = await t.call('GET', '/api/2.0/mlflow/experiments/get?experiment_id=0');
    assert.equal(mlflow.status, 401);
    assert.equal(mlflow.headers.get('www-authenticate'), 'Basic realm="cairn"');
    assert.equal((await json(mlflow))['error_code'], 'UNAUTHENTICATED');
    const v1 = await t.call('GET', '/api/v1/experiments/0');
    assert.equal(v1.status, 401);
    assert.deepEqual(
      ((await json(v1))['error'] as Record<string, unknown>)['category'],
      'UNAUTHENTICATED',
    );
    const health = await t.call('GET', '/health', { auth: 'Bearer nonsense' });
    assert.equal(health.status, 200, 'public routes ignore credentials');
    const garbage = await t.call('GET', '/api/v1/me', { auth: 'Basic !!!' });
    assert.equal(garbage.status, 401);
  });

  it('leaves the Basic challenge out for a browser script, whose login page asks instead', async () => {
    const fromScript = await t.call('GET', '/api/v1/me', {
      headers: { 'sec-fetch-dest': 'empty' },
    });
    assert.equal(fromScript.status, 401);
    assert.equal(fromScript.headers.get('www-authenticate'), null);
    const navigation = await t.call('GET', '/api/v1/me', {
      headers: { 'sec-fetch-dest': 'document' },
    });
    assert.equal(navigation.headers.get('www-authenticate'), 'Basic realm="cairn"');
  });

  it('accepts a Bearer token, Basic user:password and Basic user:token, and nothing else', async () => {
    const { secret } = await t.identity.createToken(
      { actor: 'x' },
      { username: 'alice', name: 'ci', scope: 'write' },
    );
    for (const auth of [`Bearer ${secret}`, alice, basic('alice', secret)]) {
      const me = await t.call('GET', '/api/v1/me', { auth });
      assert.equal(me.status, 200, auth);
      assert.equal((await json(me))['username'], 'alice');
    }
    for (const auth of [
      basic('bob', secret),
      basic('alice', 'wrong password'),
      `Bearer ${secret}x`,
      basic('nobody', TEST_PASSWORD),
    ]) {
      assert.equal((await t.call('GET', '/api/v1/me', { auth })).status, 401, auth);
    }
  });

  it('forgets a remembered password login as soon as the password changes', async () => {
    const gina = await t.user('gina');
    assert.equal((await t.call('GET', '/api/v1/me', { auth: gina })).status, 200);
    await t.identity.updateUser({ actor: 'x' }, 'gina', { password: 'a new password' });
    assert.equal((await t.call('GET', '/api/v1/me', { auth: gina })).status, 401);
    assert.equal(
      (await t.call('GET', '/api/v1/me', { auth: basic('gina', 'a new password') })).status,
      200,
    );
  });

  it('records the username as the actor, gives the creator MANAGE and denies others with PERMISSION_DENIED', async () => {
    const created = await t.call('POST', '/api/2.0/mlflow/experiments/create', {
      auth: bob,
      json: { name: 'bobs' },
    });
    assert.equal(created.status, 200);
    const id = (await json(created))['experiment_id'] as string;
    const events = await t.store.events.listEvents(0, 10_000);
    const event = events.find((e) => e.type === 'tracking.experiment.created' && e.entityId === id);
    assert.equal(event?.actor, 'bob');

    const denied = await t.call('GET', `/api/2.0/mlflow/experiments/get?experiment_id=${id}`, {
      auth: alice,
    });
    assert.equal(denied.status, 403);
    assert.equal((await json(denied))['error_code'], 'PERMISSION_DENIED');
    await t.grant('alice', id, 'READ');
    assert.equal(
      (await t.call('GET', `/api/2.0/mlflow/experiments/get?experiment_id=${id}`, { auth: alice }))
        .status,
      200,
    );
    const del = await t.call('POST', '/api/2.0/mlflow/experiments/delete', {
      auth: alice,
      json: { experiment_id: id },
    });
    assert.equal(del.status, 403);
    const own = await t.call('POST', '/api/2.0/mlflow/experiments/delete', {
      auth: bob,
      json: { experiment_id: id },
    });
    assert.equal(own.status, 200);
  });

  it('filters experiment and run searches in the query: exactly the granted rows, in full pages', async () => {
    const carol = await t.user('carol');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { experimentId } = await t.tracking.createExperiment(
        { actor: 'bob' },
        { name: `search-${i}` },
      );
      await t.tracking.createRun({ actor: 'bob' }, { experimentId });
      ids.push(experimentId);
    }
    const granted = [0, 3, 4, 5, 6, 8].map((i) => ids[i] as string);
    for (const id of ids)
      await t.grant('carol', id, granted.includes(id) ? 'READ' : 'NO_PERMISSIONS');
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const response = await t.call('POST', '/api/2.0/mlflow/experiments/search', {
        auth: carol,
        json: { max_results: 4, ...(token === undefined ? {} : { page_token: token }) },
      });
      const body = await json(response);
      const page = (body['experiments'] as { experiment_id: string }[] | undefined) ?? [];
      token = body['next_page_token'] as string | undefined;
      if (token !== undefined) assert.equal(page.length, 4);
      seen.push(...page.map((e) => e.experiment_id));
    } while (token !== undefined);
    assert.deepEqual(seen.sort(), [...granted].sort());

    const runs = await json(
      await t.call('POST', '/api/2.0/mlflow/runs/search', {
        auth: carol,
        json: { experiment_ids: ids },
      }),
    );
    const runExperiments = (runs['runs'] as { info: { experiment_id: string } }[]).map(
      (r) => r.info.experiment_id,
    );
    assert.deepEqual(runExperiments.sort(), [...granted].sort());
    const v1 = await json(
      await t.call('GET', '/api/v1/experiments?maxResults=100', { auth: carol }),
    );
    assert.deepEqual(
      (v1['items'] as { experimentId: string }[]).map((e) => e.experimentId).sort(),
      [...granted].sort(),
    );
  });

  it('lets only admins touch artifact paths under no experiment', async () => {
    const root = await t.user('root', { isAdmin: true });
    const put = (auth: string) =>
      t.call('PUT', '/api/2.0/mlflow-artifacts/artifacts/999/planted.txt', {
        auth,
        body: 'x',
        headers: { 'content-type': 'application/octet-stream' },
      });
    assert.equal((await put(alice)).status, 403);
    assert.equal((await put(root)).status, 200);
    assert.equal(
      (await t.call('GET', '/api/2.0/mlflow-artifacts/artifacts', { auth: alice })).status,
      403,
    );
  });

  it('refuses to register a model version whose source is a run the caller cannot read', async () => {
    const { experimentId } = await t.tracking.createExperiment(
      { actor: 'bob' },
      { name: 'secret-runs' },
    );
    const run = await t.tracking.createRun({ actor: 'bob' }, { experimentId });
    await t.call('POST', '/api/2.0/mlflow/registered-models/create', {
      auth: alice,
      json: { name: 'alices' },
    });
    const response = await t.call('POST', '/api/2.0/mlflow/model-versions/create', {
      auth: alice,
      json: { name: 'alices', source: `runs:/${run.info.runId}/model`, run_id: run.info.runId },
    });
    assert.equal(response.status, 403);
    await t.grant('alice', experimentId, 'READ');
    const allowed = await t.call('POST', '/api/2.0/mlflow/model-versions/create', {
      auth: alice,
      json: { name: 'alices', source: `runs:/${run.info.runId}/model`, run_id: run.info.runId },
    });
    assert.notEqual(allowed.status, 403);
    assert.notEqual(allowed.status, 401);
  });

  it('filters registered-model searches in the query, and a reused name inherits no old grant', async () => {
    const dave = await t.user('dave');
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      const model = await t.registry.createRegisteredModel({ actor: 'bob' }, { name: `rm-${i}` });
      if (i % 2 === 0) await t.grant('dave', model.id, 'READ', 'registered_model');
      names.push(model.name);
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const query = `max_results=2${token === undefined ? '' : `&page_token=${encodeURIComponent(token)}`}`;
      const body = await json(
        await t.call('GET', `/api/2.0/mlflow/registered-models/search?${query}`, { auth: dave }),
      );
      const page = (body['registered_models'] as { name: string }[] | undefined) ?? [];
      token = body['next_page_token'] as string | undefined;
      if (token !== undefined) assert.equal(page.length, 2);
      seen.push(...page.map((m) => m.name));
    } while (token !== undefined);
    assert.deepEqual(seen.sort(), ['rm-0', 'rm-2', 'rm-4', 'rm-6']);

    // Dave may manage rm-0; once it is deleted, a new model of that name is not his.
    await t.grant(
      'dave',
      await t.registry.getRegisteredModelId({ actor: 'x' }, 'rm-0'),
      'MANAGE',
      'registered_model',
    );
    const remove = (auth: string) =>
      t.call('DELETE', '/api/2.0/mlflow/registered-models/delete', {
        auth,
        json: { name: 'rm-0' },
      });
    assert.equal((await remove(dave)).status, 200);
    await t.registry.createRegisteredModel({ actor: 'bob' }, { name: 'rm-0' });
    assert.equal((await remove(dave)).status, 403);
  });
});
