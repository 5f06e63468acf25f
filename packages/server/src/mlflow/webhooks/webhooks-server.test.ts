/**
 * The wiring in `startServer`: a real server delivers an MLflow-shaped, signed webhook for
 * a registry change made over MLflow's REST API, and closes with its dispatcher.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { startServer } from '../../start-server.ts';

it('a started server delivers registry events to subscribed webhooks', async () => {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const dataDir = await mkdtemp(join(tmpdir(), 'cairn-webhook-server-'));
  const server = await startServer({ dataDir, port: 0, quiet: true, webhookAllowLoopback: true });
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/api/2.0/mlflow${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const secret = 'server-test-secret-0123';
    const created = await post('/webhooks', {
      name: 'registry',
      url: hook,
      events: [{ entity: 'REGISTERED_MODEL', action: 'CREATED' }],
      secret,
    });
    assert.equal(created.status, 200, await created.clone().text());
    assert.equal(
      (await post('/registered-models/create', { name: 'delivered-model' })).status,
      200,
    );

    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(received.length, 1);
    const [delivery] = received as [(typeof received)[number]];
    const body = JSON.parse(delivery.body) as { entity: string; action: string; data: unknown };
    assert.equal(body.entity, 'registered_model');
    assert.equal(body.action, 'created');
    assert.deepEqual(body.data, { name: 'delivered-model', tags: {}, description: '' });
    const signed = `${String(delivery.headers['x-mlflow-delivery-id'])}.${String(delivery.headers['x-mlflow-timestamp'])}.${delivery.body}`;
    assert.equal(
      delivery.headers['x-mlflow-signature'],
      `v1,${createHmac('sha256', secret).update(signed).digest('base64')}`,
    );
  } finally {
    const closing = Date.now();
    await server.close();
    assert.ok(Date.now() - closing < 5000, 'close() waits for the dispatcher briefly only');
    receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
