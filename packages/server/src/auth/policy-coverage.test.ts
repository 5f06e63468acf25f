/**
 * Every route the server serves declares an access policy, and every declared policy
 * names a served route (a stale entry would hide a renamed route). Routes without a
 * policy are denied, even to admins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listRoutes } from '../routes-inventory.ts';
import { buildPolicyTable } from './policy-table.ts';
import { policyKey } from './route-policy.ts';
import { createAuthTestApp } from './testing/auth-test-app.ts';
import type { AuthTestApp } from './testing/auth-test-app.ts';

describe('access policy coverage', () => {
  let t: AuthTestApp;
  before(async () => {
    t = await createAuthTestApp();
  });
  after(() => t.close());

  it('declares a policy for every route of the app (MLflow, ajax mirror, artifacts, v1, health)', () => {
    const table = buildPolicyTable();
    const routes = listRoutes(t.app);
    const missing = routes.map((r) => policyKey(r.method, r.path)).filter((key) => !table.has(key));
    assert.deepEqual(missing, []);
    for (const sample of [
      'POST /api/2.0/mlflow/runs/log-batch',
      'POST /ajax-api/2.0/mlflow/runs/log-batch',
      'PUT /api/2.0/mlflow-artifacts/artifacts/:path{.+}',
      'GET /api/v1/runs/:runId',
      'PUT /api/v1/datasets/:name/permissions/:username',
      'GET /health',
    ]) {
      assert.ok(
        routes.some((r) => policyKey(r.method, r.path) === sample),
        sample,
      );
    }
  });

  it('has no policy for a route that does not exist', () => {
    const served = new Set(listRoutes(t.app).map((r) => policyKey(r.method, r.path)));
    const stale = [...buildPolicyTable().keys()].filter((key) => !served.has(key));
    assert.deepEqual(stale, []);
  });

  it('denies a served route that has no policy, even to an admin', async () => {
    const denying = await createAuthTestApp({ policies: new Map() });
    try {
      const admin = await denying.user('root', { isAdmin: true });
      const response = await denying.call(
        'GET',
        '/api/2.0/mlflow/experiments/get?experiment_id=0',
        {
          auth: admin,
        },
      );
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), {
        error_code: 'PERMISSION_DENIED',
        message:
          'Route GET /api/2.0/mlflow/experiments/get declares no access policy, so it is denied.',
      });
    } finally {
      await denying.close();
    }
  });

  it('answers an unknown MLflow endpoint only after a login (401, then ENDPOINT_NOT_FOUND)', async () => {
    const path = '/api/3.0/mlflow/brand-new-feature/do-thing';
    const anonymous = await t.call('POST', path, { json: {} });
    assert.equal(anonymous.status, 401);
    const user = await t.user('prober');
    const known = await t.call('POST', path, { json: {}, auth: user });
    assert.equal(known.status, 404);
    assert.equal(((await known.json()) as { error_code: string }).error_code, 'ENDPOINT_NOT_FOUND');
    const nowhere = await t.call('GET', '/no/such/page');
    assert.equal(nowhere.status, 401);
  });
});
