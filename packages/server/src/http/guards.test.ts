import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import { createHostAllowList } from './host-guard.ts';

describe('transport guards', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      allowedHosts: ['cairn.internal', 'pinned.example:8443'],
      allowedOrigins: ['https://ui.example.com/'],
    });
  });
  after(() => t.close());

  async function experimentCount(): Promise<number> {
    const page = (await expectJson(
      await t.call('GET', '/api/v1/experiments?viewType=ALL'),
      200,
    )) as {
      items: unknown[];
    };
    return page.items.length;
  }

  describe('Host allow-list', () => {
    it('serves loopback names, the configured hosts and pinned host:port pairs', async () => {
      for (const host of [
        'localhost',
        'localhost:7420',
        '127.0.0.1:7420',
        '[::1]:7420',
        'cairn.internal:80',
        'CAIRN.internal',
        'pinned.example:8443',
      ]) {
        const response = await t.call('GET', '/health', { headers: { host } });
        assert.equal(response.status, 200, host);
      }
    });

    it('refuses a foreign Host with 403 before routing (DNS rebinding)', async () => {
      for (const host of [
        'attacker.example',
        'attacker.example:7420',
        'pinned.example:9999',
        'localhost.attacker.example',
        '',
      ]) {
        const response = await t.call('GET', '/api/v1/health', { headers: { host } });
        assert.equal(response.status, 403, host);
        const body = (await response.json()) as { error: { code: string; category: string } };
        assert.deepEqual(body.error.code, 'http.host_not_allowed');
        assert.equal(body.error.category, 'PERMISSION_DENIED');
      }
      const before = await experimentCount();
      const write = await t.call('POST', '/api/v1/experiments', {
        json: { name: 'rebound' },
        headers: { host: 'attacker.example' },
      });
      assert.equal(write.status, 403);
      assert.equal(await experimentCount(), before);
    });

    it('answers MLflow paths in MLflow’s error shape', async () => {
      const response = await t.call('GET', '/api/2.0/mlflow/experiments/search', {
        headers: { host: 'attacker.example' },
      });
      assert.equal(response.status, 403);
      assert.deepEqual(Object.keys((await response.json()) as object).sort(), [
        'error_code',
        'message',
      ]);
    });

    it('parses Host like a browser, so malformed values never match', () => {
      const allowed = createHostAllowList(['good.example']);
      assert.equal(allowed('good.example'), true);
      assert.equal(allowed('good.example@evil.example'), false);
      assert.equal(allowed('evil.example/good.example'), false);
      assert.equal(allowed('good.example:notaport'), false);
    });
  });

  describe('Origin check', () => {
    it('refuses a state-changing request from a foreign origin and writes nothing', async () => {
      const before = await experimentCount();
      for (const origin of ['https://evil.example', 'null', 'http://localhost:9999']) {
        const response = await t.call('POST', '/api/v1/experiments', {
          json: { name: `csrf-${origin}` },
          headers: { origin, host: 'localhost:7420' },
        });
        assert.equal(response.status, 403, origin);
        const body = (await response.json()) as { error: { code: string } };
        assert.equal(body.error.code, 'http.origin_not_allowed');
      }
      const mlflow = await t.call('POST', '/api/2.0/mlflow/experiments/create', {
        json: { name: 'csrf-mlflow' },
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(mlflow.status, 403);
      assert.equal(await experimentCount(), before);
    });

    it('allows same-origin and allow-listed origins, and any origin for reads', async () => {
      const sameOrigin = await t.call('POST', '/api/v1/experiments', {
        json: { name: 'same-origin' },
        headers: { origin: 'http://localhost:7420', host: 'localhost:7420' },
      });
      assert.equal(sameOrigin.status, 201);
      const listed = await t.call('POST', '/api/v1/experiments', {
        json: { name: 'listed-origin' },
        headers: { origin: 'https://ui.example.com' },
      });
      assert.equal(listed.status, 201);
      const read = await t.call('GET', '/api/v1/health', {
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('access-control-allow-origin'), null);
    });
  });

  describe('CORS', () => {
    it('answers preflights for allow-listed origins only, never with *', async () => {
      const preflight = (origin: string) =>
        t.call('OPTIONS', '/api/v1/experiments', {
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      const good = await preflight('https://ui.example.com');
      assert.equal(good.status, 204);
      assert.equal(good.headers.get('access-control-allow-origin'), 'https://ui.example.com');
      assert.match(good.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.equal(good.headers.get('access-control-allow-credentials'), null);

      const bad = await preflight('https://evil.example');
      assert.equal(bad.headers.get('access-control-allow-origin'), null);

      const simple = await t.call('GET', '/api/v1/health', {
        headers: { origin: 'https://ui.example.com' },
      });
      assert.equal(simple.headers.get('access-control-allow-origin'), 'https://ui.example.com');
      assert.match(simple.headers.get('vary') ?? '', /Origin/);
    });
  });

  describe('JSON-only', () => {
    it('refuses text/plain and form POSTs with 415 and writes nothing', async () => {
      const before = await experimentCount();
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const response = await t.call('POST', '/api/v1/experiments', {
          body: JSON.stringify({ name: `ct-${contentType}` }),
          headers: { 'content-type': contentType },
        });
        assert.equal(response.status, 415, contentType);
        const body = (await response.json()) as { error: { code: string } };
        assert.equal(body.error.code, 'http.unsupported_media_type');
      }
      const noType = await t.call('POST', '/api/v1/experiments', { body: '{"name":"no-type"}' });
      assert.equal(noType.status, 415);
      assert.equal(await experimentCount(), before);
    });

    it('accepts application/json with parameters and a bodiless DELETE', async () => {
      const created = (await expectJson(
        await t.call('POST', '/api/v1/experiments', {
          body: JSON.stringify({ name: 'charset' }),
          headers: { 'content-type': 'Application/JSON; charset=utf-8' },
        }),
        201,
      )) as { experimentId: string };
      const deleted = await t.call('DELETE', `/api/v1/experiments/${created.experimentId}`);
      assert.equal(deleted.status, 204);
      const deleteWithText = await t.call('DELETE', `/api/v1/experiments/${created.experimentId}`, {
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(deleteWithText.status, 415);
    });
  });

  describe('body size', () => {
    it('refuses a JSON body over 16 MB with 413, declared or streamed', async () => {
      const declared = await t.call('POST', '/api/v1/experiments', {
        body: '{}',
        headers: {
          'content-type': 'application/json',
          'content-length': String(16 * 1024 * 1024 + 1),
        },
      });
      assert.equal(declared.status, 413);
      const body = (await declared.json()) as { error: { code: string; category: string } };
      assert.equal(body.error.code, 'http.body_too_large');
      assert.equal(body.error.category, 'RESOURCE_EXHAUSTED');

      const big = JSON.stringify({ name: 'x'.repeat(16 * 1024 * 1024) });
      const streamed = await t.call('POST', '/api/v1/experiments', {
        body: big,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(streamed.status, 413);
    });
  });

  it('sets nosniff and frame-denial headers on every answer', async () => {
    for (const response of [
      await t.call('GET', '/health'),
      await t.call('GET', '/api/v1/health', { headers: { host: 'attacker.example' } }),
    ]) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
    }
  });
});
