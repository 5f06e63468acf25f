/** The SDK against the real server (SQLite in a temporary directory), route by route. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnApiError } from './errors.ts';
import { apiErrorOf, useTestServer } from './testing/test-server.ts';

const server = useTestServer('cairn-sdk-');

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('system routes', () => {
  it('answers health and serves an OpenAPI 3.1 document', async () => {
    const health = await server.client.health();
    assert.equal(health.status, 'ok');
    assert.equal(typeof health.version, 'string');
    const document = await server.client.openapi();
    assert.match(String(document['openapi']), /^3\.1/);
  });
});

describe('experiments', () => {
  it('creates, reads, renames, tags, deletes and restores an experiment', async () => {
    const created = await server.client.experiments.create({
      name: 'sdk-exp',
      tags: [{ key: 'team', value: 'ml' }],
    });
    assert.equal(created.name, 'sdk-exp');
    assert.deepEqual(created.tags, [{ key: 'team', value: 'ml' }]);
    assert.deepEqual(await server.client.experiments.get(created.experimentId), created);
    assert.equal(
      (await server.client.experiments.getByName('sdk-exp')).experimentId,
      created.experimentId,
    );

    const renamed = await server.client.experiments.rename(created.experimentId, 'sdk-exp-2');
    assert.equal(renamed.name, 'sdk-exp-2');

    await server.client.experiments.setTag(created.experimentId, 'owner/name', 'ada');
    let tags = (await server.client.experiments.get(created.experimentId)).tags;
    assert.ok(tags.some((tag) => tag.key === 'owner/name' && tag.value === 'ada'));
    await server.client.experiments.deleteTag(created.experimentId, 'owner/name');
    tags = (await server.client.experiments.get(created.experimentId)).tags;
    assert.ok(!tags.some((tag) => tag.key === 'owner/name'));

    await server.client.experiments.delete(created.experimentId);
    assert.equal(
      (await server.client.experiments.get(created.experimentId)).lifecycleStage,
      'deleted',
    );
    const deleted = await server.client.experiments.list({ viewType: 'DELETED_ONLY' });
    assert.deepEqual(
      deleted.items.map((e) => e.experimentId),
      [created.experimentId],
    );
    const restored = await server.client.experiments.restore(created.experimentId);
    assert.equal(restored.lifecycleStage, 'active');
  });

  it('pages through a filtered, ordered list', async () => {
    for (const name of ['page-c', 'page-a', 'page-e', 'page-b', 'page-d']) {
      await server.client.experiments.create({ name });
    }
    const first = await server.client.experiments.list({
      filter: "name LIKE 'page-%'",
      orderBy: ['name ASC'],
      maxResults: 2,
    });
    assert.deepEqual(
      first.items.map((e) => e.name),
      ['page-a', 'page-b'],
    );
    assert.ok(first.nextPageToken);
    const names: string[] = [];
    for await (const experiment of server.client.experiments.listAll({
      filter: "name LIKE 'page-%'",
      orderBy: ['name DESC'],
      maxResults: 2,
    })) {
      names.push(experiment.name);
    }
    assert.deepEqual(names, ['page-e', 'page-d', 'page-c', 'page-b', 'page-a']);
  });

  it('reports a duplicate name and a missing experiment with stable codes', async () => {
    await server.client.experiments.create({ name: 'dup' });
    const duplicate = await apiErrorOf(server.client.experiments.create({ name: 'dup' }));
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.category, 'ALREADY_EXISTS');
    const missing = await apiErrorOf(server.client.experiments.get('987654'));
    assert.equal(missing.status, 404);
    assert.equal(missing.category, 'NOT_FOUND');
    assert.match(missing.code, /^tracking\./);
    const byName = await apiErrorOf(server.client.experiments.getByName('no such experiment'));
    assert.equal(byName.category, 'NOT_FOUND');
  });
});

describe('runs through startRun', () => {
  it('logs params, metrics (NaN and ±Infinity too) and tags, then finishes the run', async () => {
    const run = await server.client.startRun({
      experimentName: 'sdk-runs',
      runName: 'first',
      tags: { source: 'test' },
      flushIntervalMs: 10,
    });
    await run.logParams({ lr: 0.01, layers: 3, optimizer: 'adam' });
    for (let step = 0; step < 30; step++) {
      await run.logMetric('train/loss', 1 / (step + 1), { step, timestamp: 1000 + step });
    }
    await run.logMetrics({ weird: NaN, up: Infinity, down: -Infinity }, { step: 1 });
    await run.setTag('stage', 'dev');
    await run.end();

    const stored = await server.client.runs.get(run.id);
    assert.equal(stored.info.status, 'FINISHED');
    assert.equal(stored.info.runName, 'first');
    assert.ok(stored.info.endTime !== null);
    assert.equal(
      stored.info.experimentId,
      (await server.client.experiments.getByName('sdk-runs')).experimentId,
    );
    const params = Object.fromEntries(stored.data.params.map((p) => [p.key, p.value]));
    assert.deepEqual(params, { lr: '0.01', layers: '3', optimizer: 'adam' });
    const latest = Object.fromEntries(stored.data.metrics.map((m) => [m.key, m.value]));
    assert.equal(latest['train/loss'], 1 / 30);
    assert.ok(Number.isNaN(latest['weird']));
    assert.equal(latest['up'], Infinity);
    assert.equal(latest['down'], -Infinity);
    const tags = Object.fromEntries(stored.data.tags.map((t) => [t.key, t.value]));
    assert.equal(tags['source'], 'test');
    assert.equal(tags['stage'], 'dev');

    const page = await server.client.runs.metricHistory(run.id, 'train/loss', { maxResults: 7 });
    assert.equal(page.items.length, 7);
    assert.ok(page.nextPageToken);
    const steps: number[] = [];
    for await (const point of server.client.runs.metricHistoryAll(run.id, 'train/loss', {
      maxResults: 7,
    })) {
      steps.push(point.step);
    }
    assert.deepEqual(
      steps,
      Array.from({ length: 30 }, (_, i) => i),
    );
    const nan = await server.client.runs.metricHistory(run.id, 'weird');
    assert.ok(Number.isNaN(nan.items[0]?.value));
  });

  it('surfaces a server-side rejection of buffered data on end()', async () => {
    const run = await server.client.startRun({
      experimentName: 'sdk-runs',
      flushIntervalMs: 60_000,
    });
    await run.logParam('fixed', 'a');
    await run.flush();
    // Changing a logged param is refused by the server (params are immutable).
    await run.logParam('fixed', 'b');
    await assert.rejects(run.end(), (error: unknown) => {
      assert.ok(error instanceof Error && error.name === 'CairnFlushError');
      assert.ok(error.cause instanceof CairnApiError);
      assert.equal(error.cause.category, 'INVALID_ARGUMENT');
      return true;
    });
    assert.equal((await server.client.runs.get(run.id)).info.status, 'FINISHED');
  });
});

describe('runs through the plain client', () => {
  it('creates, updates, searches with filter and order, deletes and restores runs', async () => {
    const experiment = await server.client.experiments.create({ name: 'sdk-search' });
    const experimentIds = [experiment.experimentId];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const run = await server.client.runs.create({
        experimentId: experiment.experimentId,
        runName: `r${i}`,
        startTime: 1000 + i,
      });
      await server.client.runs.logBatch(run.info.runId, {
        metrics: [{ key: 'acc', value: i / 10, step: 0, timestamp: 1 }],
        params: [{ key: 'i', value: String(i) }],
      });
      ids.push(run.info.runId);
    }
    const info = await server.client.runs.update(ids[0] ?? '', { status: 'KILLED', endTime: 2000 });
    assert.equal(info.status, 'KILLED');

    const best = await server.client.runs.search({
      experimentIds,
      filter: 'metrics.acc >= 0.2',
      orderBy: ['metrics.acc DESC'],
      maxResults: 2,
    });
    assert.deepEqual(
      best.items.map((r) => r.info.runName),
      ['r4', 'r3'],
    );
    assert.ok(best.nextPageToken);
    const all: string[] = [];
    for await (const run of server.client.runs.searchAll({
      experimentIds,
      filter: 'metrics.acc >= 0.2',
      orderBy: ['metrics.acc DESC'],
      maxResults: 2,
    })) {
      all.push(run.info.runName);
    }
    assert.deepEqual(all, ['r4', 'r3', 'r2']);

    await server.client.runs.delete(ids[1] ?? '');
    const active = await server.client.runs.search({ experimentIds });
    assert.equal(active.items.length, 4);
    const restored = await server.client.runs.restore(ids[1] ?? '');
    assert.equal(restored.info.lifecycleStage, 'active');

    await server.client.runs.logBatch(ids[2] ?? '', { tags: [{ key: 'note', value: 'x' }] });
    await server.client.runs.deleteTag(ids[2] ?? '', 'note');
    const tags = (await server.client.runs.get(ids[2] ?? '')).data.tags;
    assert.ok(!tags.some((tag) => tag.key === 'note'));

    const missing = await apiErrorOf(server.client.runs.get('0'.repeat(32)));
    assert.equal(missing.category, 'NOT_FOUND');
    assert.equal(missing.status, 404);
  });
});

describe('artifacts', () => {
  it('uploads bytes, blobs and streams, lists them and downloads the same bytes', async () => {
    const run = await server.client.startRun({ experimentName: 'sdk-artifacts' });
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 256);
    const uploaded = await run.logArtifact('model/weights.bin', bytes);
    assert.equal(uploaded.size, bytes.length);
    assert.match(uploaded.digest, /^[0-9a-f]{64}$/);
    await server.client.artifacts.upload(run.id, 'model/config.json', new Blob(['{"a":1}']));
    await server.client.artifacts.upload(run.id, 'notes.txt', new Blob(['hello']).stream());
    await run.end();

    const root = await server.client.artifacts.list(run.id);
    assert.deepEqual(
      root.map((item) => [item.path, item.isDir]),
      [
        ['model', true],
        ['notes.txt', false],
      ],
    );
    const model = await server.client.artifacts.list(run.id, 'model');
    assert.deepEqual(
      model.map((item) => [item.path, item.size]),
      [
        ['model/config.json', 7],
        ['model/weights.bin', bytes.length],
      ],
    );

    const download = await server.client.artifacts.download(run.id, 'model/weights.bin');
    assert.equal(download.size, bytes.length);
    assert.deepEqual(await readAll(download.body), bytes);
    const notes = await server.client.artifacts.download(run.id, 'notes.txt');
    assert.equal(new TextDecoder().decode(await readAll(notes.body)), 'hello');

    const missing = await apiErrorOf(server.client.artifacts.download(run.id, 'nope.bin'));
    assert.equal(missing.category, 'NOT_FOUND');
    const unsafe = await apiErrorOf(
      server.client.artifacts.upload(run.id, '../escape', new Uint8Array(1)),
    );
    assert.equal(unsafe.category, 'INVALID_ARGUMENT');
  });
});

describe('events and logged models', () => {
  it('reads the event log in order after a sequence number', async () => {
    const events = await server.client.events.list({ limit: 1000 });
    assert.ok(events.length > 0);
    const seqs = events.map((event) => event.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    assert.ok(events.some((event) => event.type.startsWith('tracking.')));
    const later = await server.client.events.list({ afterSeq: seqs[0] ?? 0, limit: 2 });
    assert.deepEqual(
      later.map((event) => event.seq),
      seqs.slice(1, 3),
    );
  });

  it('answers NOT_FOUND for a missing logged model', async () => {
    const missing = await apiErrorOf(server.client.loggedModels.get(`m-${'0'.repeat(32)}`));
    assert.equal(missing.category, 'NOT_FOUND');
    // The route exists: the answer is the domain's, not a router's "no such path".
    assert.match(missing.code, /^tracking\./);
  });
});
