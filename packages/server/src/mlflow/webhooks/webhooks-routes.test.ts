/**
 * MLflow's webhook endpoints over the real webhook service and SQLite store, through the
 * MLflow route kit (`app.request`, no socket for the API itself); the test endpoint sends
 * to a real local receiver.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import {
  createAesGcmSealer,
  createEgressClient,
  createEgressWebhookTransport,
  openMetadataStore,
} from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import { createWebhookService, systemClock } from '@cairn/core';
import type { WebhooksApi } from '@cairn/core';
import { registerJsonRoutes } from '../route-kit.ts';
import type { MlflowEnv } from '../route-kit.ts';
import { webhookRoutes } from './webhooks-routes.ts';

const PREFIX = '/api/2.0/mlflow';

interface WireWebhook {
  webhook_id: string;
  name: string;
  url: string;
  description?: string;
  secret?: string;
  events: Array<{ entity: string; action: string }>;
  status: string;
  creation_timestamp: number;
}

interface WireBody {
  webhook: WireWebhook;
  webhooks: WireWebhook[];
  next_page_token?: string;
  error_code?: string;
  message?: string;
  result: { success: boolean; response_status?: number; response_body?: string };
}

describe('MLflow webhook routes', () => {
  let dir: string;
  let store: MetadataStore;
  let app: Hono<MlflowEnv>;
  let service: WebhooksApi;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const unexpected: unknown[] = [];

  async function call(method: string, path: string, json?: unknown) {
    const response = await app.request(`http://localhost${PREFIX}${path}`, {
      method,
      headers: json === undefined ? {} : { 'content-type': 'application/json' },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    return { status: response.status, json: (await response.json()) as WireBody };
  }

  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = req.url === '/fail' ? 500 : 200;
        res.end('received');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'cairn-mlflow-webhooks-'));
    store = await openMetadataStore({ dataDir: dir });
    const transport = createEgressWebhookTransport(createEgressClient({ allowLoopback: true }));
    app = new Hono<MlflowEnv>();
    service = createWebhookService({
      store: store.webhooks,
      transport,
      sealer: createAesGcmSealer(randomBytes(32)),
      clock: systemClock,
    });
    registerJsonRoutes(app, PREFIX, webhookRoutes(service), (error) => unexpected.push(error));
  });
  after(async () => {
    receiver.closeAllConnections();
    receiver.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(unexpected, []);
  });

  it('creates, gets, lists, updates and deletes a webhook in MLflow wire form', async () => {
    const created = await call('POST', '/webhooks', {
      name: 'ci',
      url: `${receiverUrl}/hook`,
      events: [
        { entity: 'MODEL_VERSION', action: 'CREATED' },
        { entity: 'model_version_alias', action: 'created' },
      ],
      description: 'notify CI',
      secret: 'shared-secret-1234567890',
    });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const webhook = created.json.webhook;
    assert.match(webhook.webhook_id, /^[0-9a-f]{32}$/);
    assert.deepEqual(webhook.events, [
      { entity: 'MODEL_VERSION', action: 'CREATED' },
      { entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' },
    ]);
    assert.equal(webhook.status, 'ACTIVE');
    assert.equal(webhook.description, 'notify CI');
    assert.equal(webhook.secret, undefined, 'the secret is never returned');
    assert.equal(typeof webhook.creation_timestamp, 'number');

    const got = await call('GET', `/webhooks/${webhook.webhook_id}`);
    assert.deepEqual(got.json.webhook, webhook);

    const updated = await call('PATCH', `/webhooks/${webhook.webhook_id}`, {
      status: 'DISABLED',
      events: [{ entity: 'REGISTERED_MODEL', action: 'CREATED' }],
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.json));
    assert.equal(updated.json.webhook.status, 'DISABLED');
    assert.equal(updated.json.webhook.name, 'ci');
    assert.deepEqual(updated.json.webhook.events, [
      { entity: 'REGISTERED_MODEL', action: 'CREATED' },
    ]);

    const listed = await call('GET', '/webhooks?max_results=10');
    assert.deepEqual(
      listed.json.webhooks.map((w) => w.webhook_id),
      [webhook.webhook_id],
    );

    assert.deepEqual((await call('DELETE', `/webhooks/${webhook.webhook_id}`)).json, {});
    const gone = await call('GET', `/webhooks/${webhook.webhook_id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('hides webhooks subscribed to Cairn events only (MLflow refuses event-less webhooks)', async () => {
    const cairnOnly = await service.createWebhook(
      { actor: 'alice' },
      { name: 'cairn-only', url: `${receiverUrl}/hook`, events: ['tracking.run.*'] },
    );
    const mixed = await service.createWebhook(
      { actor: 'alice' },
      {
        name: 'mixed',
        url: `${receiverUrl}/hook`,
        events: ['tracking.run.*', 'model_version.created'],
      },
    );
    const listed = await call('GET', '/webhooks');
    const ids = listed.json.webhooks.map((w) => w.webhook_id);
    assert.ok(!ids.includes(cairnOnly.webhook.id));
    assert.ok(ids.includes(mixed.webhook.id));
    assert.deepEqual((await call('GET', `/webhooks/${mixed.webhook.id}`)).json.webhook.events, [
      { entity: 'MODEL_VERSION', action: 'CREATED' },
    ]);
    assert.equal((await call('GET', `/webhooks/${cairnOnly.webhook.id}`)).status, 404);
    assert.equal((await call('DELETE', `/webhooks/${cairnOnly.webhook.id}`)).status, 404);
    await service.deleteWebhook({ actor: 'alice' }, cairnOnly.webhook.id);
    await service.deleteWebhook({ actor: 'alice' }, mixed.webhook.id);
  });

  it('pages the list', async () => {
    const ids: string[] = [];
    for (const name of ['p1', 'p2', 'p3']) {
      const created = await call('POST', '/webhooks', {
        name,
        url: `${receiverUrl}/hook`,
        events: [{ entity: 'REGISTERED_MODEL', action: 'CREATED' }],
      });
      ids.push(created.json.webhook.webhook_id);
    }
    const first = await call('GET', '/webhooks?max_results=2');
    assert.equal(first.json.webhooks.length, 2);
    assert.ok(first.json.next_page_token);
    const second = await call(
      'GET',
      `/webhooks?max_results=2&page_token=${encodeURIComponent(first.json.next_page_token ?? '')}`,
    );
    const seen = [...first.json.webhooks, ...second.json.webhooks].map((w) => w.webhook_id);
    // Each exactly once across the pages. Their relative order is creation time, then id, and
    // webhooks created within one millisecond fall back to their random ids.
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(seen.filter((id) => ids.includes(id)).sort(), [...ids].sort());
    assert.equal(second.json.next_page_token, undefined);
    for (const id of ids) await call('DELETE', `/webhooks/${id}`);
  });

  it('rejects bad input as INVALID_PARAMETER_VALUE', async () => {
    const base = { name: 'x', events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }] };
    const cases: Array<[unknown, string]> = [
      [{ ...base, url: 'http://169.254.169.254/latest/meta-data/' }, 'resolves to'],
      [{ ...base, url: 'http://[::ffff:169.254.169.254]/' }, 'resolves to'],
      [{ ...base, url: 'http://10.0.0.1/' }, 'resolves to'],
      [{ ...base, url: 'file:///etc/passwd' }, 'http'],
      [{ ...base, url: 'gopher://example.com/' }, 'http'],
      [{ ...base, url: `${receiverUrl}/`, events: [] }, 'at least one event'],
      [
        {
          ...base,
          url: `${receiverUrl}/`,
          events: [{ entity: 'MODEL_VERSION', action: 'DELETED' }],
        },
        "Invalid action 'deleted' for entity 'model_version'",
      ],
      [
        { ...base, url: `${receiverUrl}/`, events: [{ entity: 'PROMPT', action: 'CREATED' }] },
        'not supported',
      ],
      [
        { ...base, url: `${receiverUrl}/`, events: [{ entity: 'NOPE', action: 'CREATED' }] },
        'Invalid value',
      ],
      [{ events: base.events, url: `${receiverUrl}/` }, "required parameter 'name'"],
    ];
    for (const [body, message] of cases) {
      const response = await call('POST', '/webhooks', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.ok(
        String(response.json.message).includes(message),
        `${JSON.stringify(body)} → ${response.json.message}`,
      );
    }
  });

  it('test sends a signed example payload and reports the answer', async () => {
    const secret = 'test-endpoint-secret-123';
    const created = await call('POST', '/webhooks', {
      name: 'tester',
      url: `${receiverUrl}/hook`,
      events: [{ entity: 'MODEL_VERSION_TAG', action: 'SET' }],
      secret,
    });
    const id = created.json.webhook.webhook_id;
    const before = received.length;
    const result = await call('POST', `/webhooks/${id}/test`, {});
    assert.deepEqual(result.json, {
      result: { success: true, response_status: 200, response_body: 'received' },
    });
    assert.equal(received.length, before + 1);
    const delivery = received.at(-1)!;
    const body = JSON.parse(delivery.body) as Record<string, unknown>;
    assert.equal(body.entity, 'model_version_tag');
    assert.equal(body.action, 'set');
    assert.deepEqual(body.data, {
      name: 'example_model',
      version: '1',
      key: 'example_key',
      value: 'example_value',
    });
    const signed = `${String(delivery.headers['x-mlflow-delivery-id'])}.${String(delivery.headers['x-mlflow-timestamp'])}.${delivery.body}`;
    assert.equal(
      delivery.headers['x-mlflow-signature'],
      `v1,${createHmac('sha256', secret).update(signed).digest('base64')}`,
    );

    const other = await call('POST', `/webhooks/${id}/test`, {
      event: { entity: 'REGISTERED_MODEL', action: 'CREATED' },
    });
    assert.equal(other.json.result.success, true);
    assert.equal(
      (JSON.parse(received.at(-1)!.body) as { entity: string }).entity,
      'registered_model',
    );

    await call('PATCH', `/webhooks/${id}`, { url: `${receiverUrl}/fail` });
    const failed = await call('POST', `/webhooks/${id}/test`, {});
    assert.equal(failed.json.result.success, false);
    assert.equal(failed.json.result.response_status, 500);
  });
});
