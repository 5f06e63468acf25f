/**
 * The webhook dispatcher end to end on the real SQLite store, the real egress guard and a
 * real local HTTP receiver: signatures checked with an independent HMAC, retries after
 * 500s, giving up after the attempt limit, and a restart that loses nothing.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createTrackingService,
  createWebhookDispatcher,
  createWebhookService,
  ensureDefaultExperiment,
  systemClock,
} from '@cairn/core';
import type { TrackingApi, WebhookDispatcher, WebhooksApi } from '@cairn/core';
import { createEgressClient, createEgressWebhookTransport } from '../../egress/index.ts';
import { openMetadataStore } from '../metadata-store.ts';
import { createAesGcmSealer } from './secret-sealer.ts';
import type { MetadataStore } from '../metadata-store.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const ctx = { actor: 'alice' };
const SECRET = 'test-secret-0123456789abcdef';

describe('webhook dispatcher', () => {
  let dir: string;
  let store: MetadataStore;
  let tracking: TrackingApi;
  let webhooks: WebhooksApi;
  let receiver: Server;
  let url: string;
  let received: Received[] = [];
  /** Status codes the receiver answers with, in order; 200 once exhausted. */
  let script: number[] = [];
  const sealer = createAesGcmSealer(randomBytes(32));
  const transport = createEgressWebhookTransport(
    createEgressClient({ allowLoopback: true, timeoutMs: 2000 }),
  );

  const dispatcher = (overrides: { maxAttempts?: number } = {}): WebhookDispatcher =>
    createWebhookDispatcher({
      store: store.webhooks,
      transport,
      sealer,
      clock: systemClock,
      backoffBaseMs: 1,
      backoffMaxMs: 4,
      maxAttempts: overrides.maxAttempts ?? 4,
      onError: (error) => assert.fail(String(error)),
    });

  /** Runs passes until nothing is pending (backoffs are milliseconds here). */
  async function drain(d: WebhookDispatcher): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const report = await d.runOnce();
      const pending = await store.webhooks.read(async (reader) => {
        const all = await reader.listWebhooks({ offset: 0, limit: 100 });
        let count = 0;
        for (const webhook of all) {
          count += (await reader.listDeliveries(webhook.id, { offset: 0, limit: 1000 }, 'PENDING'))
            .length;
        }
        return count;
      });
      if (pending === 0 && report.created === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.fail('deliveries still pending');
  }

  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = script.shift() ?? 200;
        res.end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(() => {
    receiver.closeAllConnections();
    receiver.close();
  });
  beforeEach(async () => {
    if (store !== undefined) await store.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp(join(tmpdir(), 'cairn-webhooks-'));
    store = await openMetadataStore({ dataDir: dir });
    await ensureDefaultExperiment({ store: store.tracking, clock: systemClock });
    tracking = createTrackingService({ store: store.tracking, clock: systemClock });
    webhooks = createWebhookService({
      store: store.webhooks,
      transport,
      sealer,
      clock: systemClock,
    });
    // Moves the cursor past the default experiment's event (no subscription yet).
    await dispatcher().runOnce();
    received = [];
    script = [];
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers a signed Cairn event that an independent HMAC verifies', async () => {
    const { webhook } = await webhooks.createWebhook(ctx, {
      name: 'runs',
      url,
      events: ['tracking.run.created'],
      secret: SECRET,
    });
    const stored = await store.webhooks.read((reader) => reader.getWebhook(webhook.id));
    const sealed = stored?.secret ?? '';
    assert.ok(sealed.startsWith('aes-256-gcm:'), 'the secret is sealed at rest');
    assert.ok(!sealed.includes(SECRET));
    const run = await tracking.createRun(ctx, { experimentId: '0', runName: 'r1' });
    await tracking.logBatch(ctx, run.info.runId, { tags: [{ key: 'k', value: 'v' }] });
    await drain(dispatcher());

    assert.equal(received.length, 1);
    const [delivery] = received as [Received];
    const id = delivery.headers['x-mlflow-delivery-id'] as string;
    const timestamp = delivery.headers['x-mlflow-timestamp'] as string;
    const expected = createHmac('sha256', SECRET)
      .update(`${id}.${timestamp}.${delivery.body}`)
      .digest('base64');
    assert.equal(delivery.headers['x-mlflow-signature'], `v1,${expected}`);
    assert.match(timestamp, /^\d{10}$/);
    assert.equal(delivery.headers['content-type'], 'application/json');
    const body = JSON.parse(delivery.body) as Record<string, unknown>;
    assert.equal(body.type, 'tracking.run.created');
    assert.equal(body.actor, 'alice');
    assert.deepEqual(body.entity, { type: 'run', id: run.info.runId });
  });

  it('retries after 500s, then succeeds, and logs every attempt', async () => {
    const { webhook } = await webhooks.createWebhook(ctx, {
      name: 'flaky',
      url,
      events: ['tracking.run.*'],
      secret: SECRET,
    });
    script = [500, 503];
    await tracking.createRun(ctx, { experimentId: '0' });
    await drain(dispatcher());

    assert.equal(received.length, 3);
    const ids = new Set(received.map((r) => r.headers['x-mlflow-delivery-id']));
    assert.equal(ids.size, 1, 'every attempt carries the same delivery id');
    const page = await webhooks.listDeliveries(ctx, webhook.id, {});
    assert.equal(page.items.length, 1);
    const [logged] = page.items as [(typeof page.items)[number]];
    assert.equal(logged.status, 'SUCCEEDED');
    assert.deepEqual(
      logged.attempts.map((a) => a.statusCode),
      [500, 503, 200],
    );
    assert.ok(logged.attempts[0]?.error?.includes('500'));
    assert.equal(logged.attempts[2]?.error, null);
    assert.ok(logged.attempts.every((a) => a.durationMs >= 0));
  });

  it('gives up after the attempt limit', async () => {
    const { webhook } = await webhooks.createWebhook(ctx, {
      name: 'down',
      url,
      events: ['tracking.experiment.created'],
    });
    script = [500, 500, 500, 500, 500];
    await tracking.createExperiment(ctx, { name: 'exp' });
    await drain(dispatcher({ maxAttempts: 3 }));
    assert.equal(received.length, 3);
    assert.equal(received[0]?.headers['x-mlflow-signature'], undefined, 'no secret, no signature');
    const [logged] = (await webhooks.listDeliveries(ctx, webhook.id, {})).items;
    assert.equal(logged?.status, 'FAILED');
    assert.equal(logged?.attempts.length, 3);
  });

  it('does not retry a client error other than 408/429', async () => {
    const { webhook } = await webhooks.createWebhook(ctx, {
      name: 'gone',
      url,
      events: ['tracking.experiment.created'],
    });
    script = [410];
    await tracking.createExperiment(ctx, { name: 'exp2' });
    await drain(dispatcher());
    assert.equal(received.length, 1);
    const [logged] = (await webhooks.listDeliveries(ctx, webhook.id, {})).items;
    assert.equal(logged?.status, 'FAILED');
  });

  it('survives a restart: events after the cursor are delivered once, none lost', async () => {
    await webhooks.createWebhook(ctx, { name: 'all', url, events: ['tracking.run.created'] });
    await tracking.createRun(ctx, { experimentId: '0' });
    await drain(dispatcher());
    assert.equal(received.length, 1);

    // Events appended while no dispatcher runs, then a "crash": the store is reopened.
    await tracking.createRun(ctx, { experimentId: '0' });
    await tracking.createRun(ctx, { experimentId: '0' });
    await store.close();
    store = await openMetadataStore({ dataDir: dir });
    await drain(dispatcher());
    assert.equal(received.length, 3);
    await drain(dispatcher());
    assert.equal(received.length, 3, 'a second dispatcher finds nothing new');
    const runIds = received.map(
      (r) => (JSON.parse(r.body) as { entity: { id: string } }).entity.id,
    );
    assert.equal(new Set(runIds).size, 3);
  });

  it('resends a delivery whose send was interrupted before it was recorded (at-least-once)', async () => {
    const { webhook } = await webhooks.createWebhook(ctx, {
      name: 'lease',
      url,
      events: ['tracking.run.created'],
    });
    await tracking.createRun(ctx, { experimentId: '0' });
    // A dispatcher that fans out and claims, then "dies" before recording: simulate by
    // claiming with a lease that has already lapsed.
    await store.webhooks.write(async (writer) => {
      const cursor = await writer.getDispatchCursor();
      const events = await writer.listEventsAfter(cursor, 10);
      await writer.insertDeliveries(
        events
          .filter((event) => event.type === 'tracking.run.created')
          .map((event) => ({
            id: `d-${event.seq}`,
            webhookId: webhook.id,
            eventSeq: event.seq,
            eventType: event.type,
            matchedEvent: 'tracking.run.created',
            payload: '{"interrupted":true}',
            createdAt: Date.now(),
          })),
      );
      await writer.claimDueDeliveries(Date.now(), Date.now() - 1, 10);
    });
    await drain(dispatcher());
    // The fan-out found the delivery already present (same webhook and event): one send.
    assert.equal(received.length, 1);
    assert.equal(received[0]?.body, '{"interrupted":true}');
  });

  it('stops without starting new sends; what was left goes out after the lease', async () => {
    await webhooks.createWebhook(ctx, { name: 'slow', url, events: ['tracking.run.created'] });
    for (let i = 0; i < 4; i++) await tracking.createRun(ctx, { experimentId: '0' });
    const slow = createWebhookDispatcher({
      store: store.webhooks,
      transport: {
        checkUrl: (target) => transport.checkUrl(target),
        post: async (target, headers, body) => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return transport.post(target, headers, body);
        },
      },
      sealer,
      clock: systemClock,
      concurrency: 1,
      leaseMs: 50,
      pollIntervalMs: 1,
    });
    slow.start();
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await slow.stop();
    const sentBeforeStop = received.length;
    assert.ok(sentBeforeStop < 4, `stop() let ${sentBeforeStop} sends through`);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await drain(dispatcher());
    const ids = received.map((r) => (JSON.parse(r.body) as { entity: { id: string } }).entity.id);
    assert.equal(new Set(ids).size, 4, 'every event delivered after the restart');
  });

  it('prunes finished deliveries past the retention period', async () => {
    const { webhook } = await webhooks.createWebhook(ctx, {
      name: 'pruned',
      url,
      events: ['tracking.run.created'],
    });
    await tracking.createRun(ctx, { experimentId: '0' });
    await drain(dispatcher());
    assert.equal((await webhooks.listDeliveries(ctx, webhook.id, {})).items.length, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await createWebhookDispatcher({
      store: store.webhooks,
      transport,
      sealer,
      clock: systemClock,
      retentionMs: 1,
    }).runOnce();
    assert.deepEqual((await webhooks.listDeliveries(ctx, webhook.id, {})).items, []);
  });

  it('skips disabled webhooks and matches only subscribed events', async () => {
    const { webhook } = await webhooks.createWebhook(ctx, {
      name: 'picky',
      url,
      events: ['tracking.experiment.created'],
    });
    await tracking.createRun(ctx, { experimentId: '0' });
    await webhooks.updateWebhook(ctx, webhook.id, { status: 'DISABLED' });
    await tracking.createExperiment(ctx, { name: 'while-disabled' });
    await drain(dispatcher());
    assert.equal(received.length, 0);
  });
});
