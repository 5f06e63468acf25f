/** The webhook and comment stores on SQLite and PostgreSQL: one set of expectations. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredWebhook } from '@cairn/core';
import { storeTargets } from '../contract/contract-harness.ts';

const targets = await storeTargets();

const deliveryOf = (webhookId: string, id: string) => ({
  id,
  webhookId,
  eventSeq: 1,
  eventType: 'registry.alias.set',
  matchedEvent: 'registry.*',
  payload: '{}',
  createdAt: 50,
});

const webhook = (id: string, created: number): StoredWebhook => ({
  id,
  name: `hook ${id}`,
  description: '',
  url: 'https://hooks.example/x',
  events: ['registry.*', 'model_version.created'],
  status: 'ACTIVE',
  hasSecret: true,
  secret: 'a-secret-of-enough-length',
  createdBy: 'alice',
  creationTimestamp: created,
  lastUpdatedTimestamp: created,
});

for (const target of targets) {
  describe(`webhook store (${target.name})`, () => {
    it('stores subscriptions, the cursor, deliveries, leases and attempts', async () => {
      const opened = await target.open();
      const store = opened.store;
      try {
        const webhooks = store.webhooks;
        await webhooks.write(async (w) => {
          await w.insertWebhook(webhook('b', 2));
          await w.insertWebhook(webhook('a', 1));
          await w.appendEvent({
            type: 'registry.alias.set',
            entityType: 'registered_model',
            entityId: 'rm',
            actor: 'alice',
            time: 5,
            payload: { name: 'm', alias: 'champion', version: 1 },
          });
        });
        await webhooks.write(async (w) => {
          assert.deepEqual(
            (await w.listWebhooks({ offset: 0, limit: 10 })).map((h) => h.id),
            ['a', 'b'],
          );
          assert.deepEqual(await w.getWebhook('a'), webhook('a', 1));
          await w.updateWebhook('b', { status: 'DISABLED', secret: null, lastUpdatedTimestamp: 9 });
          assert.deepEqual(
            (await w.listActiveWebhooks()).map((h) => h.id),
            ['a'],
          );
          const b = await w.getWebhook('b');
          assert.equal(b?.hasSecret, false);
          assert.equal(b?.lastUpdatedTimestamp, 9);

          const cursor = await w.getDispatchCursor();
          const events = await w.listEventsAfter(cursor, 10);
          assert.equal(events.length, 1);
          const seq = (events[0] as { seq: number }).seq;
          await w.setDispatchCursor(seq);
          assert.equal(await w.getDispatchCursor(), seq);

          const delivery = {
            id: 'd1',
            webhookId: 'a',
            eventSeq: seq,
            eventType: 'registry.alias.set',
            matchedEvent: 'registry.*',
            payload: '{}',
            createdAt: 100,
          };
          await w.insertDeliveries([delivery, { ...delivery, id: 'd1-duplicate' }]);
          const claimed = await w.claimDueDeliveries(100, 1000, 10);
          assert.deepEqual(
            claimed.map((d) => [d.id, d.status, d.attempts.length]),
            [['d1', 'PENDING', 0]],
          );
          assert.deepEqual(await w.claimDueDeliveries(500, 2000, 10), [], 'leased until 1000');
          await w.recordAttempt(
            'd1',
            { attempt: 1, startedAt: 1000, durationMs: 12, statusCode: 503, error: 'HTTP 503' },
            { status: 'PENDING', nextAttemptAt: 1500 },
          );
          assert.deepEqual(
            (await w.claimDueDeliveries(1500, 3000, 10)).map((d) => d.attempts),
            [[{ attempt: 1, startedAt: 1000, durationMs: 12, statusCode: 503, error: 'HTTP 503' }]],
          );
          await w.recordAttempt(
            'd1',
            { attempt: 2, startedAt: 3000, durationMs: 5, statusCode: 200, error: null },
            { status: 'SUCCEEDED', nextAttemptAt: null },
          );
        });
        const log = await webhooks.read((r) => r.listDeliveries('a', { offset: 0, limit: 10 }));
        assert.equal(log.length, 1);
        assert.equal(log[0]?.status, 'SUCCEEDED');
        assert.equal(log[0]?.nextAttemptAt, null);
        assert.deepEqual(
          await webhooks.read((r) => r.listDeliveries('a', { offset: 0, limit: 10 }, 'FAILED')),
          [],
        );
        await webhooks.write(async (w) => {
          await w.insertDeliveries([{ ...deliveryOf('a', 'd-pending'), eventSeq: 999 }]);
          assert.equal(await w.pruneFinishedDeliveries(100), 0, 'd1 was created at 100');
          assert.equal(await w.pruneFinishedDeliveries(101), 1, 'd1 finished; pending kept');
          assert.equal(await w.getDelivery('d1'), undefined);
          assert.equal((await w.getDelivery('d-pending'))?.status, 'PENDING');
        });
        await webhooks.write((w) => w.deleteWebhook('a'));
        assert.equal(await webhooks.read((r) => r.getDelivery('d1')), undefined);
        assert.equal(await webhooks.read((r) => r.getWebhook('a')), undefined);
      } finally {
        await opened.dispose();
      }
    });
  });

  describe(`comment store (${target.name})`, () => {
    it('keeps edits as revisions and soft-deletes', async () => {
      const opened = await target.open();
      const store = opened.store;
      try {
        const run = { type: 'run' as const, id: 'r1' };
        const version = { type: 'model_version' as const, registeredModelId: 'rm-1', version: 2 };
        const base = {
          author: 'alice',
          editedAt: null,
          deletedAt: null,
          deletedBy: null,
          history: [],
        };
        await store.comments.write(async (w) => {
          await w.insertComment({ ...base, id: 'c1', target: run, body: 'one', createdAt: 1 });
          await w.insertComment({ ...base, id: 'c2', target: run, body: 'two', createdAt: 2 });
          await w.insertComment({ ...base, id: 'c3', target: version, body: 'mv', createdAt: 3 });
          await w.editComment('c1', { body: 'one, edited', editedAt: 10, editedBy: 'alice' });
          await w.editComment('c1', { body: 'one, final', editedAt: 20, editedBy: 'alice' });
          await w.deleteComment('c2', { deletedAt: 30, deletedBy: 'admin' });
        });
        const c1 = await store.comments.read((r) => r.getComment('c1'));
        assert.equal(c1?.body, 'one, final');
        assert.equal(c1?.editedAt, 20);
        assert.deepEqual(c1?.history, [
          { revision: 1, body: 'one', writtenAt: 1, replacedAt: 10, replacedBy: 'alice' },
          { revision: 2, body: 'one, edited', writtenAt: 10, replacedAt: 20, replacedBy: 'alice' },
        ]);
        const page = { offset: 0, limit: 10 };
        assert.deepEqual(
          (
            await store.comments.read((r) =>
              r.listComments(run, { ...page, includeDeleted: false }),
            )
          ).map((c) => c.id),
          ['c1'],
        );
        const all = await store.comments.read((r) =>
          r.listComments(run, { ...page, includeDeleted: true }),
        );
        assert.deepEqual(
          all.map((c) => [c.id, c.body, c.deletedBy]),
          [
            ['c1', 'one, final', null],
            ['c2', '', 'admin'],
          ],
        );
        const mv = await store.comments.read((r) =>
          r.listComments(version, { ...page, includeDeleted: false }),
        );
        assert.deepEqual(
          mv.map((c) => c.target),
          [version],
        );
      } finally {
        await opened.dispose();
      }
    });
  });
}
