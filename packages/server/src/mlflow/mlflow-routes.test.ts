import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMlflowTestApp } from './testing/mlflow-test-app.ts';
import type { MlflowTestApp } from './testing/mlflow-test-app.ts';

const API = '/api/2.0/mlflow';
const AJAX = '/ajax-api/2.0/mlflow';

type Json = Record<string, unknown>;

describe('MLflow routes: transport rules', () => {
  let t: MlflowTestApp;
  let experimentId: string;
  before(async () => {
    t = await createMlflowTestApp();
    const created = await t.call('POST', `${API}/experiments/create`, { json: { name: 'wire' } });
    experimentId = String(created.json?.experiment_id);
  });
  after(async () => {
    assert.deepEqual(t.unexpectedErrors, []);
    await t.close();
  });

  async function runCount(): Promise<number> {
    const response = await t.call('POST', `${API}/runs/search`, {
      json: { experiment_ids: [experimentId], run_view_type: 'ALL' },
    });
    return ((response.json?.runs ?? []) as unknown[]).length;
  }

  it('every endpoint is mirrored under /ajax-api/2.0', async () => {
    const created = await t.call('POST', `${AJAX}/runs/create`, {
      json: { experiment_id: experimentId, start_time: 1 },
    });
    assert.equal(created.status, 200, created.text);
    const runId = String(((created.json?.run as Json).info as Json).run_id);
    const got = await t.call('GET', `${API}/runs/get?run_id=${runId}`);
    assert.equal(((got.json?.run as Json).info as Json).run_id, runId);
    const viaAjax = await t.call('GET', `${AJAX}/experiments/get-by-name?experiment_name=wire`);
    assert.equal(viaAjax.status, 200);
  });

  it('unknown paths under the MLflow prefixes are 404 ENDPOINT_NOT_FOUND', async () => {
    for (const [method, path] of [
      ['GET', `${API}/no-such/endpoint`],
      // Served by POST and GET only; other methods are unknown endpoints too.
      ['PUT', `${API}/registered-models/get-latest-versions`],
      ['GET', `${API}/runs/create`],
      ['GET', `${AJAX}/nothing`],
      ['GET', '/api/2.0/mlflow-artifacts/nothing'],
      ['GET', '/api/3.0/mlflow/traces/abc'],
    ] as const) {
      const response = await t.call(method, path);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.json?.error_code, 'ENDPOINT_NOT_FOUND');
    }
  });

  it('POST without Content-Type: application/json is refused and writes nothing', async () => {
    const before = await runCount();
    const body = JSON.stringify({ experiment_id: experimentId });
    const headerSets: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      {},
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of headerSets) {
      const response = await t.call('POST', `${API}/runs/create`, { body, headers });
      assert.equal(response.status, 400);
      assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(
        String(response.json?.message),
        /Content-Type must be one of \[application\/json\]/,
      );
    }
    assert.equal(await runCount(), before);
  });

  it('PATCH without JSON content type is refused too', async () => {
    const response = await t.call('PATCH', `${API}/logged-models/m-${'0'.repeat(32)}`, {
      body: '{"status":"LOGGED_MODEL_READY"}',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
  });

  it('malformed JSON is INVALID_PARAMETER_VALUE and writes nothing', async () => {
    const before = await runCount();
    for (const body of ['{"experiment_id":', '[1,2]', '"text"']) {
      const response = await t.call('POST', `${API}/runs/create`, {
        body,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.status, 400, body);
      assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
    }
    assert.equal(await runCount(), before);
  });

  it('a JSON body over the 16 MB cap is refused with 413 before it is buffered', async () => {
    const before = await runCount();
    const response = await t.call('POST', `${API}/runs/create`, {
      body: JSON.stringify({ experiment_id: experimentId, run_name: 'x'.repeat(17 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 413);
    assert.equal(response.json?.error_code, 'RESOURCE_EXHAUSTED');
    assert.equal(await runCount(), before);
  });

  it('unknown fields are ignored and the double-encoded bodies of old clients are accepted', async () => {
    const response = await t.call('POST', `${API}/runs/create`, {
      body: JSON.stringify(JSON.stringify({ experiment_id: experimentId, future_field: { a: 1 } })),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(response.status, 200, response.text);
  });

  it('get-history-bulk-interval reads repeated run_ids and answers MetricWithRunId points', async () => {
    const runIds: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const created = await t.call('POST', `${API}/runs/create`, {
        json: { experiment_id: experimentId, start_time: 100 + i },
      });
      const runId = String(((created.json?.run as Json).info as Json).run_id);
      runIds.push(runId);
      await t.call('POST', `${API}/runs/log-batch`, {
        json: {
          run_id: runId,
          metrics: [0, 1, 2].map((step) => ({ key: 'loss', value: step + i, timestamp: 5, step })),
        },
      });
    }
    const query = runIds.map((id) => `run_ids=${id}`).join('&');
    const response = await t.call(
      'GET',
      `${AJAX}/metrics/get-history-bulk-interval?${query}&metric_key=loss&max_results=10`,
    );
    assert.equal(response.status, 200, response.text);
    const points = response.json?.metrics as Json[];
    assert.equal(points.length, 6);
    for (const point of points) {
      assert.deepEqual(Object.keys(point), ['key', 'value', 'timestamp', 'step', 'run_id']);
      assert.ok(runIds.includes(String(point.run_id)));
    }

    const noRuns = await t.call('GET', `${API}/metrics/get-history-bulk-interval?metric_key=loss`);
    assert.equal(noRuns.status, 400);
    assert.match(String(noRuns.json?.message), /'run_ids'/);
  });

  it('the actor set by a request-context middleware reaches the services', async () => {
    const { Hono } = await import('hono');
    const outer = new Hono<{ Variables: { actor: string } }>();
    outer.use(async (c, next) => {
      c.set('actor', 'alice');
      await next();
    });
    outer.route('/', t.app);
    const response = await outer.request(`http://localhost${API}/experiments/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'by-alice' }),
    });
    assert.equal(response.status, 200);
    const events = await t.store.events.listEvents(0, 10_000);
    const created = events.find(
      (event) => event.entityType === 'experiment' && event.payload.name === 'by-alice',
    );
    assert.equal(created?.actor, 'alice');
    const anonymous = events.find(
      (event) => event.entityType === 'experiment' && event.payload.name === 'wire',
    );
    assert.equal(anonymous?.actor, 'local');
  });
});
