/** The live event stream and comments through the SDK against a real server on a socket. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredEvent } from './wire-types.ts';
import { apiErrorOf, useTestServer } from './testing/test-server.ts';

describe('SDK events.stream and comments', () => {
  const server = useTestServer('cairn-sdk-live-');

  it('yields the events logged after it opened (onOpen says when), filtered by type, until aborted', async () => {
    const { client } = server;
    const run = await client.runs.create({ experimentId: '0' });
    const controller = new AbortController();
    const got: StoredEvent[] = [];
    let opens = 0;
    let opened: () => void = () => undefined;
    const open = new Promise<void>((resolve) => (opened = resolve));
    // Logged before the stream opens: it starts at the newest event, so this one is not sent.
    await client.runs.logBatch(run.info.runId, {
      metrics: [{ key: 'before', value: 0, timestamp: 0, step: 0 }],
    });
    const reading = (async () => {
      for await (const event of client.events.stream({
        types: ['tracking.batch.logged'],
        signal: controller.signal,
        onOpen: () => {
          opens += 1;
          opened();
        },
      })) {
        got.push(event);
        if (got.length === 2) controller.abort();
      }
    })();
    // Once open, the starting point is fixed: everything logged from here on arrives.
    await open;
    await client.runs.logBatch(run.info.runId, {
      metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }],
    });
    await client.runs.logBatch(run.info.runId, {
      metrics: [{ key: 'loss', value: 0.5, timestamp: 2, step: 1 }],
    });
    await reading;
    assert.deepEqual(
      got.map((e) => [e.type, e.entityId]),
      [
        ['tracking.batch.logged', run.info.runId],
        ['tracking.batch.logged', run.info.runId],
      ],
    );
    assert.ok((got[0] as StoredEvent).seq < (got[1] as StoredEvent).seq);
    assert.equal(opens, 1, 'one connection, opened once');
  });

  it('adds, edits, lists and deletes comments on a run', async () => {
    const { client } = server;
    const run = await client.runs.create({ experimentId: '0' });
    const subject = { runId: run.info.runId };
    const first = await client.comments.add(subject, 'Overfit?');
    const edited = await client.comments.edit(subject, first.id, 'Looks fine.');
    assert.equal(edited.body, 'Looks fine.');
    assert.equal(edited.history[0]?.body, 'Overfit?');
    assert.deepEqual(
      (await client.comments.list(subject)).items.map((c) => c.body),
      ['Looks fine.'],
    );
    await client.comments.delete(subject, first.id);
    assert.deepEqual((await client.comments.list(subject)).items, []);
    const error = await apiErrorOf(client.comments.add(subject, ''));
    assert.equal(error.status, 400);
  });
});
