/** `/api/v1/webhooks…` through the whole app (`app.request`), deliveries from the real dispatcher. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createEgressClient, createEgressWebhookTransport } from '@cairn/adapters';
import { createWebhookDispatcher, systemClock } from '@cairn/core';
import type { Webhook, WebhookDelivery } from '@cairn/core';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';

describe('v1 webhook routes', () => {
  let t: TestApp;
  let receiver: Server;
  let url: string;
  const statuses: number[] = [500];

  before(async () => {
    t = await createTestApp();
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = statuses.shift() ?? 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    receiver.closeAllConnections();
    receiver.close();
    await t.close();
  });

  it('creates a webhook and shows its generated secret once', async () => {
    const created = (await expectJson(
      await t.call('POST', '/api/v1/webhooks', {
        json: { name: 'runs', url, events: ['tracking.run.created'] },
      }),
      201,
    )) as { webhook: Webhook; secret: string };
    assert.match(created.secret, /^whsec_/);
    assert.equal(created.webhook.hasSecret, true);
    assert.equal(created.webhook.createdBy, 'local');
    const got = (await expectJson(
      await t.call('GET', `/api/v1/webhooks/${created.webhook.id}`),
      200,
    )) as Record<string, unknown>;
    assert.equal(got.secret, undefined);
    assert.deepEqual(got, created.webhook);

    const patched = (await expectJson(
      await t.call('PATCH', `/api/v1/webhooks/${created.webhook.id}`, {
        json: { secret: null, description: 'unsigned now' },
      }),
      200,
    )) as Webhook;
    assert.equal(patched.hasSecret, false);
    assert.equal(patched.description, 'unsigned now');

    const deleted = await t.call('DELETE', `/api/v1/webhooks/${created.webhook.id}`);
    assert.equal(deleted.status, 204);
    const missing = await t.call('GET', `/api/v1/webhooks/${created.webhook.id}`);
    assert.equal(missing.status, 404);
    assert.equal(
      ((await missing.json()) as { error: { code: string } }).error.code,
      'webhooks.webhook_not_found',
    );
  });

  it('refuses internal destinations and unknown fields', async () => {
    for (const target of ['http://169.254.169.254/', 'http://192.168.1.1/', 'ftp://example.com/']) {
      const response = await t.call('POST', '/api/v1/webhooks', {
        json: { name: 'bad', url: target, events: ['registry.*'] },
      });
      assert.equal(response.status, 400, target);
    }
    const extra = await t.call('POST', '/api/v1/webhooks', {
      json: { name: 'x', url, events: ['registry.*'], owner: 'mallory' },
    });
    assert.equal(extra.status, 400);
  });

  it('lists deliveries with their attempts after the dispatcher ran', async () => {
    const dispatcher = createWebhookDispatcher({
      store: t.store.webhooks,
      transport: createEgressWebhookTransport(createEgressClient({ allowLoopback: true })),
      sealer: t.webhookSealer,
      clock: systemClock,
      backoffBaseMs: 1,
      backoffMaxMs: 2,
    });
    // Past the default experiment's creation, which no webhook existed for.
    await dispatcher.runOnce();
    const { webhook } = (await expectJson(
      await t.call('POST', '/api/v1/webhooks', {
        json: { name: 'deliveries', url, events: ['tracking.experiment.created'] },
      }),
      201,
    )) as { webhook: Webhook };
    await t.tracking.createExperiment({ actor: 'local' }, { name: 'delivered' });
    await dispatcher.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await dispatcher.runOnce();

    const page = (await expectJson(
      await t.call('GET', `/api/v1/webhooks/${webhook.id}/deliveries`),
      200,
    )) as { items: WebhookDelivery[] };
    assert.equal(page.items.length, 1);
    const [delivery] = page.items as [WebhookDelivery];
    assert.equal(delivery.status, 'SUCCEEDED');
    assert.deepEqual(
      delivery.attempts.map((a) => a.statusCode),
      [500, 204],
    );
    const one = (await expectJson(
      await t.call('GET', `/api/v1/webhooks/${webhook.id}/deliveries/${delivery.id}`),
      200,
    )) as WebhookDelivery;
    assert.deepEqual(one, delivery);
    const failedOnly = (await expectJson(
      await t.call('GET', `/api/v1/webhooks/${webhook.id}/deliveries?status=FAILED`),
      200,
    )) as { items: WebhookDelivery[] };
    assert.deepEqual(failedOnly.items, []);

    const test = (await expectJson(
      await t.call('POST', `/api/v1/webhooks/${webhook.id}/test`, { json: {} }),
      200,
    )) as { success: boolean; responseStatus: number };
    assert.deepEqual(test, { success: true, responseStatus: 204, responseBody: '' });
  });
});
