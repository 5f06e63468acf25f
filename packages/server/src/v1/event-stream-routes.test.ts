/** `GET /api/v1/events/stream` through `app.request`, reading the SSE body as a client would. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import { createAuthTestApp } from '../auth/testing/auth-test-app.ts';
import type { AuthTestApp } from '../auth/testing/auth-test-app.ts';

interface Frame {
  id?: string;
  data?: string;
  comment?: string;
}

/** Reads SSE frames from a response until `enough` says stop (or the deadline passes). */
async function readFrames(
  response: Response,
  enough: (frames: Frame[]) => boolean,
  timeoutMs = 5_000,
): Promise<Frame[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!enough(frames)) {
      if (Date.now() > deadline) assert.fail(`timed out; frames so far: ${JSON.stringify(frames)}`);
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame: Frame = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) frame.comment = line.slice(1).trim();
          else if (line.startsWith('id: ')) frame.id = line.slice(4);
          else if (line.startsWith('data: ')) frame.data = line.slice(6);
        }
        frames.push(frame);
      }
    }
  } finally {
    await reader.cancel();
  }
  return frames;
}

type Received = Record<string, unknown> & { id: string | undefined };

const events = (frames: Frame[]): Received[] =>
  frames
    .filter((f) => f.data !== undefined)
    .map((f) => ({ ...(JSON.parse(f.data as string) as Record<string, unknown>), id: f.id }));

describe('v1 event stream (single-user)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ eventStream: { pollMs: 20, heartbeatMs: 150 } });
  });
  after(() => t.close());

  it('streams new events from now, filtered by type, with ids that are the seq', async () => {
    const run = await t.tracking.createRun({ actor: 'local' }, { experimentId: '0' });
    const response = await t.call(
      'GET',
      '/api/v1/events/stream?types=tracking.batch.logged,tracking.run.updated',
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(response.headers.get('cache-control'), 'no-cache, no-transform');
    const reading = readFrames(response, (frames) => events(frames).length >= 1);
    await t.tracking.logBatch({ actor: 'local' }, run.info.runId, {
      metrics: [{ key: 'loss', value: 0.5, timestamp: 1, step: 0 }],
    });
    const got = events(await reading);
    assert.equal(got.length, 1);
    const event = got[0] as Received;
    assert.equal(event['type'], 'tracking.batch.logged');
    assert.equal(event['entityId'], run.info.runId);
    assert.equal(event['id'], String(event['seq']));
    // The run's creation happened before the stream opened: not replayed.
    assert.ok(got.every((e) => e['type'] !== 'tracking.run.created'));
  });

  it('resumes after Last-Event-ID and replays what followed it', async () => {
    const all = await t.store.events.listEvents(0, 10_000);
    const pivot = all[all.length - 3] as { seq: number };
    const response = await t.call('GET', '/api/v1/events/stream', {
      headers: { 'Last-Event-ID': String(pivot.seq) },
    });
    const got = events(await readFrames(response, (frames) => events(frames).length >= 2));
    assert.deepEqual(
      got.map((e) => e['seq']),
      all.slice(-2).map((e) => e.seq),
    );
  });

  it('sends heartbeat comments while idle', async () => {
    const response = await t.call('GET', '/api/v1/events/stream');
    const frames = await readFrames(response, (f) => f.some((x) => x.comment === 'heartbeat'));
    assert.ok(frames.some((f) => f.comment === 'heartbeat'));
    assert.equal(events(frames).length, 0);
  });

  it('ends open streams when the server closes', async () => {
    const closing = new AbortController();
    const app = await createTestApp({
      eventStream: { pollMs: 20, heartbeatMs: 60_000, closing: closing.signal },
    });
    try {
      const response = await app.call('GET', '/api/v1/events/stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      closing.abort();
      let done = false;
      while (!done) done = (await reader.read()).done;
      assert.equal(done, true);
    } finally {
      await app.close();
    }
  });

  it('refuses a malformed Last-Event-ID or type list', async () => {
    const bad = await t.call('GET', '/api/v1/events/stream', {
      headers: { 'Last-Event-ID': 'yesterday' },
    });
    assert.equal(bad.status, 400);
    assert.equal(
      ((await bad.json()) as { error: { code: string } }).error.code,
      'events.invalid_last_event_id',
    );
    const types = await t.call('GET', '/api/v1/events/stream?types=Not%20A%20Type');
    assert.equal(types.status, 400);
  });
});

describe('v1 event stream (auth on)', () => {
  let t: AuthTestApp;
  before(async () => {
    t = await createAuthTestApp({ defaultPermission: 'NO_PERMISSIONS' });
  });
  after(() => t.close());

  it('needs a login, and delivers only events about entities the caller may read', async () => {
    assert.equal((await t.call('GET', '/api/v1/events/stream')).status, 401);
    const reader = await t.user('reader');
    const admin = await t.user('boss', { isAdmin: true });
    const root = { actor: 'setup' };
    const seen = (await t.tracking.createExperiment(root, { name: 'seen' })).experimentId;
    const hidden = (await t.tracking.createExperiment(root, { name: 'hidden' })).experimentId;
    await t.grant('reader', seen, 'READ');
    const start = await t.store.events.lastSeq();
    const visibleRun = await t.tracking.createRun(root, { experimentId: seen });
    const hiddenRun = await t.tracking.createRun(root, { experimentId: hidden });
    await t.identity.createUser(root, { username: 'someone', password: 'a password 123' });

    const asReader = await t.call('GET', `/api/v1/events/stream?after=${start}`, {
      auth: reader,
    });
    assert.equal(asReader.status, 200);
    const readerEvents = events(await readFrames(asReader, (f) => events(f).length >= 1, 1_500));
    assert.deepEqual(
      readerEvents.map((e) => [e['type'], e['entityId']]),
      [['tracking.run.created', visibleRun.info.runId]],
    );

    const asAdmin = await t.call('GET', `/api/v1/events/stream?after=${start}`, { auth: admin });
    const adminEvents = events(await readFrames(asAdmin, (f) => events(f).length >= 3));
    const ids = adminEvents.map((e) => e['entityId']);
    assert.ok(ids.includes(hiddenRun.info.runId));
    assert.ok(adminEvents.some((e) => e['entityType'] === 'user'));
  });
});
