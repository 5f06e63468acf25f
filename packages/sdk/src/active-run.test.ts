/**
 * The buffered run logger against a scripted HTTP listener: batching limits, background
 * flushing, and failures that must surface instead of disappearing.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { createClient } from './client.ts';
import { CairnFlushError } from './errors.ts';

interface Batch {
  metrics?: { key: string; value: number | string; step: number; timestamp: number }[];
  params?: { key: string; value: string }[];
  tags?: { key: string; value: string }[];
}

interface FakeTracking {
  url: string;
  batches: Batch[];
  patches: unknown[];
  createdExperiments: string[];
  createdRuns: unknown[];
  /** Status to answer log-batch with (204 when undefined). */
  failBatchesWith: number | undefined;
  /** Answer `experiments/by-name` with 404 this many times before finding it. */
  experimentMissing: boolean;
  close(): Promise<void>;
}

const error = (status: number, code: string, category: string) => ({
  status,
  body: { error: { code, category, message: `${code} (status ${status})` } },
});

/** Speaks just enough of v1 for startRun, log-batch and end. */
async function startFakeTracking(): Promise<FakeTracking> {
  const state = {
    batches: [] as Batch[],
    patches: [] as unknown[],
    createdExperiments: [] as string[],
    createdRuns: [] as unknown[],
    failBatchesWith: undefined as number | undefined,
    experimentMissing: true,
  };
  const route = (
    method: string,
    url: string,
    body: unknown,
  ): { status: number; body?: unknown } => {
    if (method === 'GET' && url.startsWith('/api/v1/experiments/by-name/')) {
      return state.experimentMissing
        ? error(404, 'tracking.experiment_not_found', 'NOT_FOUND')
        : { status: 200, body: { experimentId: '5' } };
    }
    if (method === 'POST' && url === '/api/v1/experiments') {
      state.createdExperiments.push((body as { name: string }).name);
      return { status: 201, body: { experimentId: '5' } };
    }
    if (method === 'POST' && url === '/api/v1/runs') {
      state.createdRuns.push(body);
      const experimentId = (body as { experimentId?: string }).experimentId ?? '0';
      return {
        status: 201,
        body: {
          info: { runId: 'r1', experimentId, status: 'RUNNING', runName: 'run' },
          data: { metrics: [], params: [], tags: [] },
          inputs: { datasetInputs: [], modelInputs: [] },
          outputs: { modelOutputs: [] },
        },
      };
    }
    if (method === 'POST' && url === '/api/v1/runs/r1/log-batch') {
      if (state.failBatchesWith !== undefined) {
        return error(state.failBatchesWith, 'tracking.rejected', 'INVALID_ARGUMENT');
      }
      state.batches.push(body as Batch);
      return { status: 204 };
    }
    if (method === 'PATCH' && url === '/api/v1/runs/r1') {
      state.patches.push(body);
      return { status: 200, body: { runId: 'r1' } };
    }
    return error(404, 'http.not_found', 'NOT_FOUND');
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const reply = route(
        req.method ?? '',
        req.url ?? '',
        text === '' ? undefined : JSON.parse(text),
      );
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startRun', () => {
  let fake: FakeTracking;
  afterEach(() => fake.close());

  it('creates a missing experiment by name, then the run in it with its tags', async () => {
    fake = await startFakeTracking();
    const client = createClient({ url: fake.url });
    const run = await client.startRun({
      experimentName: 'mnist',
      runName: 'first',
      tags: { team: 'ml' },
    });
    assert.equal(run.id, 'r1');
    assert.equal(run.experimentId, '5');
    assert.deepEqual(fake.createdExperiments, ['mnist']);
    assert.deepEqual(fake.createdRuns, [
      { experimentId: '5', runName: 'first', tags: [{ key: 'team', value: 'ml' }] },
    ]);
  });

  it('uses an existing experiment without creating one', async () => {
    fake = await startFakeTracking();
    fake.experimentMissing = false;
    const run = await createClient({ url: fake.url }).startRun({ experimentName: 'mnist' });
    assert.equal(run.experimentId, '5');
    assert.deepEqual(fake.createdExperiments, []);
  });
});

describe('ActiveRun buffering', () => {
  let fake: FakeTracking;
  afterEach(() => fake.close());

  it('delivers everything on end() in order, within the per-request limits', async () => {
    fake = await startFakeTracking();
    const run = await createClient({ url: fake.url }).startRun({ flushIntervalMs: 60_000 });
    await run.logParams(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i])));
    for (let step = 0; step < 2500; step++) await run.logMetric('loss', 1 / (step + 1), { step });
    await run.setTags(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`t${i}`, 'x'])));
    await run.logMetrics({ acc: NaN, best: Infinity }, { step: 7, timestamp: 42 });
    await run.end();

    for (const batch of fake.batches) {
      const metrics = batch.metrics?.length ?? 0;
      const params = batch.params?.length ?? 0;
      const tags = batch.tags?.length ?? 0;
      assert.ok(metrics <= 1000 && params <= 100 && tags <= 100, JSON.stringify([metrics, params]));
      assert.ok(metrics + params + tags <= 1000);
    }
    const metrics = fake.batches.flatMap((b) => b.metrics ?? []);
    assert.equal(metrics.length, 2502);
    assert.deepEqual(
      metrics.slice(0, 2500).map((m) => m.step),
      Array.from({ length: 2500 }, (_, i) => i),
    );
    assert.deepEqual(metrics.slice(2500), [
      { key: 'acc', value: 'NaN', step: 7, timestamp: 42 },
      { key: 'best', value: 'Infinity', step: 7, timestamp: 42 },
    ]);
    assert.equal(fake.batches.flatMap((b) => b.params ?? []).length, 150);
    assert.equal(fake.batches.flatMap((b) => b.params ?? [])[149]?.value, '149');
    assert.equal(fake.batches.flatMap((b) => b.tags ?? []).length, 120);
    assert.equal(fake.patches.length, 1);
    assert.equal((fake.patches[0] as { status: string }).status, 'FINISHED');
    await assert.rejects(run.logMetric('late', 1), /has ended/);
  });

  it('flushes in the background after the interval, without end()', async () => {
    fake = await startFakeTracking();
    const run = await createClient({ url: fake.url }).startRun({ flushIntervalMs: 20 });
    await run.logMetric('loss', 0.5, { step: 1, timestamp: 10 });
    await run.logParam('lr', 0.01);
    assert.equal(fake.batches.length, 0);
    await delay(200);
    assert.deepEqual(fake.batches, [
      {
        metrics: [{ key: 'loss', value: 0.5, step: 1, timestamp: 10 }],
        params: [{ key: 'lr', value: '0.01' }],
      },
    ]);
    await run.end('FAILED');
    assert.equal((fake.patches[0] as { status: string }).status, 'FAILED');
  });

  it('flushes as soon as a full request is queued', async () => {
    fake = await startFakeTracking();
    const run = await createClient({ url: fake.url }).startRun({ flushIntervalMs: 60_000 });
    await run.logMetrics(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`m${i}`, i])));
    await delay(200);
    assert.equal(fake.batches.length, 1);
    assert.equal(fake.batches[0]?.metrics?.length, 1000);
    await run.end();
  });

  it('raises a rejected background flush on the next call, once', async () => {
    fake = await startFakeTracking();
    const run = await createClient({ url: fake.url }).startRun({ flushIntervalMs: 10 });
    fake.failBatchesWith = 400;
    await run.logMetric('loss', 1);
    await delay(150);
    const error = await run.logMetric('loss', 2).catch((e: unknown) => e);
    assert.ok(error instanceof CairnFlushError, String(error));
    assert.equal(error.droppedEntries, 1);
    assert.match(error.message, /tracking\.rejected/);
    fake.failBatchesWith = undefined;
    await run.logMetric('loss', 3, { step: 3 });
    await run.end();
    assert.deepEqual(
      fake.batches.flatMap((b) => b.metrics ?? []).map((m) => m.value),
      [3],
    );
  });

  it('raises a failure from end() when nothing else called after it, and still ends the run', async () => {
    fake = await startFakeTracking();
    const run = await createClient({ url: fake.url }).startRun({ flushIntervalMs: 60_000 });
    fake.failBatchesWith = 400;
    await run.setTag('k', 'v');
    await assert.rejects(run.end(), CairnFlushError);
    assert.equal(fake.patches.length, 1);
  });

  it('keeps entries after a transient failure and delivers them on the next flush', async () => {
    fake = await startFakeTracking();
    const client = createClient({ url: fake.url, retry: { maxRetries: 0 } });
    const run = await client.startRun({ flushIntervalMs: 60_000 });
    fake.failBatchesWith = 503;
    await run.logMetric('loss', 1, { step: 1 });
    const error = await run.flush().catch((e: unknown) => e);
    assert.ok(error instanceof CairnFlushError);
    assert.equal(error.retainedEntries, 1);
    assert.equal(error.droppedEntries, 0);
    fake.failBatchesWith = undefined;
    await run.end();
    assert.deepEqual(
      fake.batches.flatMap((b) => b.metrics ?? []).map((m) => m.step),
      [1],
    );
  });

  it('makes a fast producer wait once the buffer is full', async () => {
    fake = await startFakeTracking();
    const run = await createClient({ url: fake.url }).startRun({
      flushIntervalMs: 60_000,
      maxBufferedEntries: 50,
    });
    for (let step = 0; step < 120; step++) await run.logMetric('x', step, { step });
    // Each time 50 were queued the call waited for them to be sent.
    assert.equal(fake.batches.flatMap((b) => b.metrics ?? []).length, 100);
    await run.end();
    assert.equal(fake.batches.flatMap((b) => b.metrics ?? []).length, 120);
  });

  it('rejects a non-number metric value without queuing it', async () => {
    fake = await startFakeTracking();
    const run = await createClient({ url: fake.url }).startRun();
    await assert.rejects(run.logMetric('loss', '0.5' as unknown as number), TypeError);
    await run.end();
    assert.deepEqual(fake.batches, []);
  });
});
