import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, expectJson } from './test-support/test-app.ts';
import type { TestApp } from './test-support/test-app.ts';
import { healthSchema, storedEventSchema } from './v1/entity-schemas.ts';

describe('createApp', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('answers /health with plain OK and /version with the plain version (MLflow compatible)', async () => {
    const health = await t.call('GET', '/health');
    assert.equal(health.status, 200);
    assert.equal(await health.text(), 'OK');
    assert.match(health.headers.get('content-type') ?? '', /^text\/plain/);
    const version = await t.call('GET', '/version');
    assert.equal(await version.text(), '9.9.9-test');
  });

  it('serves a small HTML page at / that links the API document', async () => {
    const response = await t.call('GET', '/');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /Cairn/);
    assert.match(html, /9\.9\.9-test/);
    assert.match(html, /href="\/api\/v1\/openapi\.json"/);
  });

  it('answers /api/v1/health with status and version', async () => {
    const body = await expectJson(await t.call('GET', '/api/v1/health'), 200);
    assert.deepEqual(healthSchema.parse(body), body);
    assert.deepEqual(body, { status: 'ok', version: '9.9.9-test' });
  });

  it('answers an unknown v1 path with a JSON 404 and other unknown paths with plain 404', async () => {
    const v1 = await t.call('GET', '/api/v1/nothing-here');
    assert.equal(v1.status, 404);
    assert.deepEqual(
      ((await v1.json()) as { error: { code: string } }).error.code,
      'api.route_not_found',
    );
    const wrongMethod = await t.call('PUT', '/api/v1/health', { json: {} });
    assert.equal(wrongMethod.status, 404);
    const other = await t.call('GET', '/nothing-here');
    assert.equal(other.status, 404);
    assert.equal(await other.text(), 'Not Found');
  });

  it('records changes with the single-user actor and lists them as events', async () => {
    const { experimentId } = (await expectJson(
      await t.call('POST', '/api/v1/experiments', { json: { name: 'evented' } }),
      201,
    )) as { experimentId: string };
    const all = (await expectJson(await t.call('GET', '/api/v1/events?limit=1000'), 200)) as {
      items: { seq: number; type: string; entityId: string; actor: string }[];
    };
    for (const event of all.items) assert.deepEqual(storedEventSchema.parse(event), event);
    const created = all.items.find((e) => e.entityId === experimentId && /experiment/.test(e.type));
    assert.ok(created, 'an event for the new experiment');
    assert.equal(created.actor, 'local');

    const after = (await expectJson(
      await t.call('GET', `/api/v1/events?afterSeq=${created.seq - 1}&limit=1`),
      200,
    )) as { items: { seq: number }[] };
    assert.deepEqual(
      after.items.map((e) => e.seq),
      [created.seq],
    );
    assert.equal((await t.call('GET', '/api/v1/events?limit=1001')).status, 400);
    assert.equal((await t.call('GET', '/api/v1/events?afterSeq=-1')).status, 400);
  });

  it('mounts the MLflow routes', async () => {
    const response = await t.call('GET', '/api/2.0/mlflow/experiments/get?experiment_id=0');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { experiment: { name: string } };
    assert.equal(body.experiment.name, 'Default');
  });

  it('serves the OpenAPI document', async () => {
    const document = (await expectJson(await t.call('GET', '/api/v1/openapi.json'), 200)) as {
      openapi: string;
      info: { version: string };
    };
    assert.equal(document.openapi, '3.1.0');
    assert.equal(document.info.version, '9.9.9-test');
  });
});
