import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import {
  loggedModelSchema,
  metricSchema,
  pageOf,
  runInfoSchema,
  runSchema,
} from './entity-schemas.ts';

function assertShape(schema: { parse(value: unknown): unknown }, body: unknown): void {
  assert.deepEqual(schema.parse(body), body);
}

interface WireRun {
  info: {
    runId: string;
    experimentId: string;
    status: string;
    runName: string;
    lifecycleStage: string;
  };
  data: { metrics: { key: string; value: unknown }[]; params: unknown[]; tags: { key: string }[] };
}

describe('v1 runs', () => {
  let t: TestApp;
  let experimentId: string;
  before(async () => {
    t = await createTestApp();
    ({ experimentId } = (await expectJson(
      await t.call('POST', '/api/v1/experiments', { json: { name: 'runs' } }),
      201,
    )) as { experimentId: string });
  });
  after(() => t.close());

  async function createRun(body: Record<string, unknown> = {}): Promise<WireRun> {
    const run = (await expectJson(
      await t.call('POST', '/api/v1/runs', { json: { experimentId, ...body } }),
      201,
    )) as WireRun;
    assertShape(runSchema, run);
    return run;
  }

  it('creates a run (in the Default experiment without experimentId) and reads it', async () => {
    const inDefault = (await expectJson(
      await t.call('POST', '/api/v1/runs', { json: {} }),
      201,
    )) as WireRun;
    assert.equal(inDefault.info.experimentId, '0');
    assert.equal(inDefault.info.status, 'RUNNING');

    const run = await createRun({
      runName: 'first',
      startTime: 1_700_000_000_000,
      tags: [{ key: 't', value: '1' }],
    });
    assert.equal(run.info.runName, 'first');
    assert.ok(run.data.tags.some((tag) => tag.key === 't'));
    const read = (await expectJson(
      await t.call('GET', `/api/v1/runs/${run.info.runId}`),
      200,
    )) as WireRun;
    // Tag order is not part of the contract.
    const sortTags = (r: WireRun) => ({
      ...r,
      data: { ...r.data, tags: [...r.data.tags].sort((a, b) => a.key.localeCompare(b.key)) },
    });
    assert.deepEqual(sortTags(read), sortTags(run));
  });

  it('returns the first result for a create retried with the same Idempotency-Key', async () => {
    const create = (key?: string) =>
      t.call('POST', '/api/v1/runs', {
        json: { experimentId, runName: 'retried' },
        headers: key === undefined ? {} : { 'idempotency-key': key },
      });
    const first = (await expectJson(await create('key-1'), 201)) as WireRun;
    const retry = (await expectJson(await create('key-1'), 201)) as WireRun;
    assert.equal(retry.info.runId, first.info.runId);
    const other = (await expectJson(await create('key-2'), 201)) as WireRun;
    assert.notEqual(other.info.runId, first.info.runId);
    const unkeyed = [
      (await expectJson(await create(), 201)) as WireRun,
      (await expectJson(await create(), 201)) as WireRun,
    ];
    assert.notEqual(unkeyed[0]?.info.runId, unkeyed[1]?.info.runId);

    const experiment = () =>
      t.call('POST', '/api/v1/experiments', {
        json: { name: 'created-once' },
        headers: { 'idempotency-key': 'exp-1' },
      });
    const created = (await expectJson(await experiment(), 201)) as { experimentId: string };
    const again = (await expectJson(await experiment(), 201)) as { experimentId: string };
    assert.equal(again.experimentId, created.experimentId);

    const tooLong = await create('k'.repeat(201));
    assert.equal(tooLong.status, 400);
    assert.equal(
      ((await tooLong.json()) as { error: { code: string } }).error.code,
      'api.invalid_idempotency_key',
    );
  });

  it('logs a batch with non-finite values and a "/" key, and returns them as strings', async () => {
    const { info } = await createRun();
    const base = `/api/v1/runs/${info.runId}`;
    const response = await t.call('POST', `${base}/log-batch`, {
      json: {
        metrics: [
          { key: 'train/loss', value: 'NaN', timestamp: 1, step: 0 },
          { key: 'train/loss', value: 0.5, timestamp: 2, step: 1 },
          { key: 'train/loss', value: 'Infinity', timestamp: 3, step: 2 },
          { key: 'low', value: '-Infinity', timestamp: 3 },
        ],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [{ key: 'stage', value: 'dev' }],
      },
    });
    assert.equal(response.status, 204);
    assert.equal(await response.text(), '');

    const run = (await expectJson(await t.call('GET', base), 200)) as WireRun;
    assertShape(runSchema, run);
    const latest = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
    assert.deepEqual(latest, { 'train/loss': 'Infinity', low: '-Infinity' });
    assert.deepEqual(run.data.params, [{ key: 'lr', value: '0.1' }]);

    const history = (await expectJson(
      await t.call('GET', `${base}/metrics/${encodeURIComponent('train/loss')}/history`),
      200,
    )) as { items: { value: unknown; step: number }[] };
    assertShape(pageOf(metricSchema), history);
    assert.deepEqual(
      history.items.map((m) => [m.step, m.value]),
      [
        [0, 'NaN'],
        [1, 0.5],
        [2, 'Infinity'],
      ],
    );

    const firstPage = (await expectJson(
      await t.call(
        'GET',
        `${base}/metrics/${encodeURIComponent('train/loss')}/history?maxResults=2`,
      ),
      200,
    )) as { items: unknown[]; nextPageToken?: string };
    assert.equal(firstPage.items.length, 2);
    assert.ok(firstPage.nextPageToken);
    const secondPage = (await expectJson(
      await t.call(
        'GET',
        `${base}/metrics/${encodeURIComponent('train/loss')}/history?maxResults=2&pageToken=${encodeURIComponent(firstPage.nextPageToken)}`,
      ),
      200,
    )) as { items: unknown[] };
    assert.equal(secondPage.items.length, 1);

    const tooMany = await t.call('GET', `${base}/metrics/loss/history?maxResults=25001`);
    assert.equal(tooMany.status, 400);
  });

  it('refuses a metric that names another run, and a non-numeric metric value', async () => {
    const { info } = await createRun();
    const mismatch = await t.call('POST', `/api/v1/runs/${info.runId}/log-batch`, {
      json: { metrics: [{ key: 'm', value: 1, timestamp: 1, runId: 'f'.repeat(32) }] },
    });
    assert.equal(mismatch.status, 400);
    assert.equal(
      ((await mismatch.json()) as { error: { code: string } }).error.code,
      'api.metric_run_mismatch',
    );

    const text = await t.call('POST', `/api/v1/runs/${info.runId}/log-batch`, {
      json: { metrics: [{ key: 'm', value: 'lots', timestamp: 1 }] },
    });
    assert.equal(text.status, 400);
    assert.equal(
      ((await text.json()) as { error: { details: { field: string } } }).error.details.field,
      'metrics.0.value',
    );
    const run = (await expectJson(
      await t.call('GET', `/api/v1/runs/${info.runId}`),
      200,
    )) as WireRun;
    assert.deepEqual(run.data.metrics, []);
  });

  it('updates, deletes and restores a run, and deletes a run tag', async () => {
    const { info } = await createRun({ tags: [{ key: 'gone', value: 'soon' }] });
    const base = `/api/v1/runs/${info.runId}`;
    const updated = (await expectJson(
      await t.call('PATCH', base, {
        json: { status: 'FINISHED', endTime: 1_800_000_000_000, runName: 'done' },
      }),
      200,
    )) as { status: string; endTime: number; runName: string };
    assertShape(runInfoSchema, updated);
    assert.deepEqual(
      [updated.status, updated.endTime, updated.runName],
      ['FINISHED', 1_800_000_000_000, 'done'],
    );

    assert.equal((await t.call('DELETE', `${base}/tags/gone`)).status, 204);
    let run = (await expectJson(await t.call('GET', base), 200)) as WireRun;
    assert.ok(!run.data.tags.some((tag) => tag.key === 'gone'));

    assert.equal((await t.call('DELETE', base)).status, 204);
    run = (await expectJson(await t.call('GET', base), 200)) as WireRun;
    assert.equal(run.info.lifecycleStage, 'deleted');
    const restored = (await expectJson(
      await t.call('POST', `${base}/restore`, { json: {} }),
      200,
    )) as WireRun;
    assertShape(runSchema, restored);
    assert.equal(restored.info.lifecycleStage, 'active');

    const badStatus = await t.call('PATCH', base, { json: { status: 'DONE' } });
    assert.equal(badStatus.status, 400);
  });

  it('searches runs with a filter, order and pages', async () => {
    const { experimentId: searchExperiment } = (await expectJson(
      await t.call('POST', '/api/v1/experiments', { json: { name: 'search' } }),
      201,
    )) as { experimentId: string };
    for (const [name, acc] of [
      ['r1', 0.7],
      ['r2', 0.9],
      ['r3', 0.8],
    ] as const) {
      const run = (await expectJson(
        await t.call('POST', '/api/v1/runs', {
          json: { experimentId: searchExperiment, runName: name },
        }),
        201,
      )) as WireRun;
      await t.call('POST', `/api/v1/runs/${run.info.runId}/log-batch`, {
        json: { metrics: [{ key: 'acc', value: acc, timestamp: 1 }] },
      });
    }
    const search = (body: Record<string, unknown>) =>
      t.call('POST', '/api/v1/runs/search', {
        json: { experimentIds: [searchExperiment], ...body },
      });

    const filtered = (await expectJson(
      await search({ filter: 'metrics.acc > 0.75', orderBy: ['metrics.acc DESC'] }),
      200,
    )) as { items: WireRun[] };
    assertShape(pageOf(runSchema), filtered);
    assert.deepEqual(
      filtered.items.map((r) => r.info.runName),
      ['r2', 'r3'],
    );
    const first = (await expectJson(
      await search({ orderBy: ['attributes.run_name'], maxResults: 2 }),
      200,
    )) as {
      items: WireRun[];
      nextPageToken?: string;
    };
    assert.deepEqual(
      first.items.map((r) => r.info.runName),
      ['r1', 'r2'],
    );
    const second = (await expectJson(
      await search({
        orderBy: ['attributes.run_name'],
        maxResults: 2,
        pageToken: first.nextPageToken,
      }),
      200,
    )) as { items: WireRun[]; nextPageToken?: string };
    assert.deepEqual(
      second.items.map((r) => r.info.runName),
      ['r3'],
    );
    assert.equal((await search({ maxResults: 50_001 })).status, 400);
    assert.equal((await search({ filter: 'metrics.acc >>> 1' })).status, 400);
  });

  it('answers 404 for a missing run and a missing logged model', async () => {
    const run = await t.call('GET', `/api/v1/runs/${'0'.repeat(32)}`);
    assert.equal(run.status, 404);
    assert.equal(
      ((await run.json()) as { error: { category: string } }).error.category,
      'NOT_FOUND',
    );
    const model = await t.call('GET', `/api/v1/logged-models/m-${'0'.repeat(32)}`);
    assert.equal(model.status, 404);
  });

  it('reads a logged model with its metrics in wire form', async () => {
    const { info } = await createRun();
    const ctx = { actor: 'test' };
    const model = await t.tracking.createLoggedModel(ctx, {
      experimentId,
      name: 'clf',
      sourceRunId: info.runId,
      params: [{ key: 'depth', value: '3' }],
    });
    await t.tracking.logBatch(ctx, info.runId, {
      metrics: [{ key: 'auc', value: Number.NaN, timestamp: 5, step: 0, modelId: model.modelId }],
    });
    const body = (await expectJson(
      await t.call('GET', `/api/v1/logged-models/${model.modelId}`),
      200,
    )) as {
      modelId: string;
      params: unknown[];
      metrics: { value: unknown }[];
    };
    assertShape(loggedModelSchema, body);
    assert.equal(body.modelId, model.modelId);
    assert.deepEqual(body.params, [{ key: 'depth', value: '3' }]);
    assert.deepEqual(
      body.metrics.map((m) => m.value),
      ['NaN'],
    );
  });
});
