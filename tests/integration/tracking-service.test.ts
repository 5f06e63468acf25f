/**
 * The tracking service against the real SQLite metadata store: MLflow's rules as a client
 * sees them (names, artifact URIs, immutable params, deleted runs, paging, sampling) and
 * the outbox promise (one event per state change, none for a failed or no-op call).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';

import { openMetadataStore } from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  CairnError,
  createManualClock,
  createTrackingService,
  decodePageToken,
  ensureDefaultExperiment,
} from '@cairn/core';
import type { Metric, RequestContext, StoredEvent, TrackingApi } from '@cairn/core';

const ctx: RequestContext = { actor: 'alice' };
const dirs: string[] = [];

interface Harness {
  store: MetadataStore;
  tracking: TrackingApi;
  clock: ReturnType<typeof createManualClock>;
  events(): Promise<StoredEvent[]>;
}

let h: Harness;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-tracking-'));
  dirs.push(dir);
  const store = await openMetadataStore({ dataDir: dir });
  const clock = createManualClock(1_700_000_000_000);
  await ensureDefaultExperiment({ store: store.tracking, clock });
  h = {
    store,
    clock,
    tracking: createTrackingService({ store: store.tracking, clock }),
    events: () => store.events.listEvents(0, 10_000),
  };
});

afterEach(async () => {
  await h.store.close();
});

after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function rejectsWith(
  promise: Promise<unknown>,
  category: string,
  code: string,
  pattern?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, category);
    assert.equal(error.code, code);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

/** Runs `fn` and returns the events it appended. */
async function eventsOf(fn: () => Promise<unknown>): Promise<StoredEvent[]> {
  const before = (await h.events()).length;
  await fn();
  return (await h.events()).slice(before);
}

const point = (key: string, value: number, step: number, timestamp = 1000 + step): Metric => ({
  key,
  value,
  step,
  timestamp,
});

describe('default experiment', () => {
  it('exists as "0", "Default", at mlflow-artifacts:/0, and ensuring it again changes nothing', async () => {
    const experiment = await h.tracking.getExperiment(ctx, '0');
    assert.equal(experiment.name, 'Default');
    assert.equal(experiment.artifactLocation, 'mlflow-artifacts:/0');
    assert.equal(experiment.lifecycleStage, 'active');
    const added = await eventsOf(() =>
      ensureDefaultExperiment({ store: h.store.tracking, clock: h.clock }),
    );
    assert.deepEqual(added, []);
    const [created] = await h.events();
    assert.equal(created?.type, 'tracking.experiment.created');
    assert.equal(created?.entityId, '0');
  });
});

describe('experiments', () => {
  it('creates with a generated artifact location, or keeps an allowed one', async () => {
    const first = await h.tracking.createExperiment(ctx, {
      name: 'exp-a',
      tags: [{ key: 'team', value: 'ml' }],
    });
    assert.equal(first.artifactLocation, `mlflow-artifacts:/${first.experimentId}`);
    assert.deepEqual((await h.tracking.getExperiment(ctx, first.experimentId)).tags, [
      { key: 'team', value: 'ml' },
    ]);
    const second = await h.tracking.createExperiment(ctx, {
      name: 'exp-b',
      artifactLocation: 's3://bucket/exp-b',
    });
    assert.equal(second.artifactLocation, 's3://bucket/exp-b');
    assert.notEqual(first.experimentId, second.experimentId);
    assert.equal(
      (await h.tracking.getExperimentByName(ctx, 'exp-b')).experimentId,
      second.experimentId,
    );
  });

  it('refuses a duplicate name with ALREADY_EXISTS and unsafe artifact locations with INVALID_ARGUMENT', async () => {
    await h.tracking.createExperiment(ctx, { name: 'dup' });
    await rejectsWith(
      h.tracking.createExperiment(ctx, { name: 'dup' }),
      'ALREADY_EXISTS',
      'tracking.experiment_name_taken',
    );
    for (const artifactLocation of [
      'file:///etc/',
      '/tmp/x',
      'http:///?/../../etc',
      's3://b/%2e%2e/x',
    ]) {
      await rejectsWith(
        h.tracking.createExperiment(ctx, { name: `bad-${artifactLocation}`, artifactLocation }),
        'INVALID_ARGUMENT',
        'tracking.invalid_artifact_location',
      );
    }
  });

  it('answers a retried create with the first result instead of ALREADY_EXISTS', async () => {
    const options = { idempotencyKey: 'req-1' };
    const first = await h.tracking.createExperiment(ctx, { name: 'retried' }, options);
    const added = await eventsOf(async () => {
      const again = await h.tracking.createExperiment(ctx, { name: 'retried' }, options);
      assert.deepEqual(again, first);
    });
    assert.deepEqual(added, []);
  });

  it('treats the same request as a new create once the first experiment was renamed or deleted', async () => {
    const options = { idempotencyKey: 'req-renamed' };
    const first = await h.tracking.createExperiment(ctx, { name: 'recreated' }, options);
    await h.tracking.renameExperiment(ctx, first.experimentId, 'recreated-old');
    const second = await h.tracking.createExperiment(ctx, { name: 'recreated' }, options);
    assert.notEqual(second.experimentId, first.experimentId);
    assert.equal(second.name, 'recreated');
    // A deleted experiment keeps its name (as in MLflow), so the repeat is refused rather
    // than answered with the deleted experiment.
    await h.tracking.deleteExperiment(ctx, second.experimentId);
    await rejectsWith(
      h.tracking.createExperiment(ctx, { name: 'recreated' }, options),
      'ALREADY_EXISTS',
      'tracking.experiment_name_taken',
    );
  });

  it('reports missing experiments as NOT_FOUND', async () => {
    await rejectsWith(
      h.tracking.getExperiment(ctx, '999'),
      'NOT_FOUND',
      'tracking.experiment_not_found',
    );
    await rejectsWith(
      h.tracking.getExperimentByName(ctx, 'nope'),
      'NOT_FOUND',
      'tracking.experiment_not_found',
      /'nope'/,
    );
  });

  it('renames, refusing a taken name and a deleted experiment', async () => {
    const { experimentId } = await h.tracking.createExperiment(ctx, { name: 'old' });
    await h.tracking.createExperiment(ctx, { name: 'taken' });
    await h.tracking.renameExperiment(ctx, experimentId, 'new');
    assert.equal((await h.tracking.getExperiment(ctx, experimentId)).name, 'new');
    await rejectsWith(
      h.tracking.renameExperiment(ctx, experimentId, 'taken'),
      'ALREADY_EXISTS',
      'tracking.experiment_name_taken',
    );
    await h.tracking.deleteExperiment(ctx, experimentId);
    await rejectsWith(
      h.tracking.renameExperiment(ctx, experimentId, 'other'),
      'INVALID_ARGUMENT',
      'tracking.experiment_not_active',
    );
  });

  it('deletes and restores an experiment together with its runs', async () => {
    const { experimentId } = await h.tracking.createExperiment(ctx, { name: 'cascade' });
    const runA = await h.tracking.createRun(ctx, { experimentId });
    const runB = await h.tracking.createRun(ctx, { experimentId });
    const deletion = await eventsOf(() => h.tracking.deleteExperiment(ctx, experimentId));
    assert.deepEqual(
      deletion.map((e) => [e.type, e.payload]),
      [['tracking.experiment.deleted', { runsDeleted: 2 }]],
    );
    assert.equal((await h.tracking.getRun(ctx, runA.info.runId)).info.lifecycleStage, 'deleted');
    await rejectsWith(
      h.tracking.logBatch(ctx, runB.info.runId, { metrics: [point('m', 1, 0)] }),
      'INVALID_ARGUMENT',
      'tracking.run_not_active',
    );
    await rejectsWith(
      h.tracking.createRun(ctx, { experimentId }),
      'INVALID_ARGUMENT',
      'tracking.experiment_not_active',
    );
    await rejectsWith(
      h.tracking.deleteExperiment(ctx, experimentId),
      'NOT_FOUND',
      'tracking.experiment_not_found',
    );
    await h.tracking.restoreExperiment(ctx, experimentId);
    assert.equal((await h.tracking.getRun(ctx, runB.info.runId)).info.lifecycleStage, 'active');
    await rejectsWith(
      h.tracking.restoreExperiment(ctx, experimentId),
      'NOT_FOUND',
      'tracking.experiment_not_found',
    );
  });

  it('sets and deletes experiment tags, with NOT_FOUND for a missing tag', async () => {
    const { experimentId } = await h.tracking.createExperiment(ctx, { name: 'tagged' });
    await h.tracking.setExperimentTag(ctx, experimentId, { key: 'k', value: 'v1' });
    await h.tracking.setExperimentTag(ctx, experimentId, { key: 'k', value: 'v2' });
    assert.deepEqual((await h.tracking.getExperiment(ctx, experimentId)).tags, [
      { key: 'k', value: 'v2' },
    ]);
    await h.tracking.deleteExperimentTag(ctx, experimentId, 'k');
    assert.deepEqual((await h.tracking.getExperiment(ctx, experimentId)).tags, []);
    await rejectsWith(
      h.tracking.deleteExperimentTag(ctx, experimentId, 'k'),
      'NOT_FOUND',
      'tracking.tag_not_found',
    );
    await rejectsWith(
      h.tracking.setExperimentTag(ctx, experimentId, { key: 'k', value: 'v'.repeat(5001) }),
      'INVALID_ARGUMENT',
      'tracking.value_too_long',
    );
  });

  it('searches with a filter, an order and page tokens', async () => {
    for (const name of ['s-1', 's-2', 's-3']) {
      await h.tracking.createExperiment(ctx, { name });
      h.clock.advance(10);
    }
    const first = await h.tracking.searchExperiments(ctx, {
      filter: "name LIKE 's-%'",
      orderBy: ['name DESC'],
      maxResults: 2,
    });
    assert.deepEqual(
      first.items.map((e) => e.name),
      ['s-3', 's-2'],
    );
    assert.equal(decodePageToken(first.nextPageToken), 2);
    const second = await h.tracking.searchExperiments(ctx, {
      filter: "name LIKE 's-%'",
      orderBy: ['name DESC'],
      maxResults: 2,
      pageToken: first.nextPageToken,
    });
    assert.deepEqual(
      second.items.map((e) => e.name),
      ['s-1'],
    );
    assert.equal(second.nextPageToken, undefined);
    await rejectsWith(
      h.tracking.searchExperiments(ctx, { maxResults: 50_001 }),
      'INVALID_ARGUMENT',
      'tracking.invalid_max_results',
    );
    await rejectsWith(
      h.tracking.searchExperiments(ctx, { pageToken: 'garbage!' }),
      'INVALID_ARGUMENT',
      'tracking.invalid_page_token',
    );
    await rejectsWith(
      h.tracking.searchExperiments(ctx, { filter: 'name = 1 OR x' }),
      'INVALID_ARGUMENT',
      'tracking.invalid_filter',
    );
  });
});

describe('runs', () => {
  it('creates in the Default experiment with a generated name mirrored into mlflow.runName', async () => {
    const run = await h.tracking.createRun(ctx, {});
    assert.equal(run.info.experimentId, '0');
    assert.match(run.info.runId, /^[0-9a-f]{32}$/);
    assert.match(run.info.runName, /^[a-z]+-[a-z]+-\d+$/);
    assert.equal(run.info.userId, 'alice');
    assert.equal(run.info.status, 'RUNNING');
    assert.equal(run.info.startTime, h.clock.now());
    assert.equal(run.info.artifactUri, `mlflow-artifacts:/0/${run.info.runId}/artifacts`);
    const stored = await h.tracking.getRun(ctx, run.info.runId);
    assert.deepEqual(stored.data.tags, [{ key: 'mlflow.runName', value: run.info.runName }]);
    assert.equal(stored.info.runName, run.info.runName);
  });

  it('takes the name from a mlflow.runName tag, and refuses a conflicting name', async () => {
    const run = await h.tracking.createRun(ctx, {
      userId: 'bob',
      startTime: 5,
      tags: [{ key: 'mlflow.runName', value: 'from-tag' }],
    });
    assert.equal(run.info.runName, 'from-tag');
    assert.equal(run.info.userId, 'bob');
    assert.equal(run.info.startTime, 5);
    await rejectsWith(
      h.tracking.createRun(ctx, { runName: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] }),
      'INVALID_ARGUMENT',
      'tracking.run_name_conflict',
    );
    await rejectsWith(
      h.tracking.createRun(ctx, { experimentId: '4242' }),
      'NOT_FOUND',
      'tracking.experiment_not_found',
    );
  });

  it('answers a retried create with the same run', async () => {
    const first = await h.tracking.createRun(
      ctx,
      { runName: 'once' },
      { idempotencyKey: 'run-req' },
    );
    const again = await h.tracking.createRun(
      ctx,
      { runName: 'once' },
      { idempotencyKey: 'run-req' },
    );
    assert.equal(again.info.runId, first.info.runId);
    const runs = await h.tracking.searchRuns(ctx, { experimentIds: ['0'] });
    assert.equal(runs.items.length, 1);
  });

  it('logs a batch: latest metric per key, params once, tags upserted, one event with counts', async () => {
    const { info } = await h.tracking.createRun(ctx, { runName: 'batch' });
    const added = await eventsOf(() =>
      h.tracking.logBatch(ctx, info.runId, {
        metrics: [
          point('loss', 0.9, 0),
          point('loss', 0.5, 1),
          point('acc', Number.NaN, 0),
          point('inf', Infinity, 0),
        ],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [
          { key: 'team', value: 'a' },
          { key: 'team', value: 'b' },
        ],
      }),
    );
    assert.deepEqual(
      added.map((e) => [e.type, e.entityType, e.entityId, e.actor, e.payload]),
      [['tracking.batch.logged', 'run', info.runId, 'alice', { metrics: 4, params: 1, tags: 1 }]],
    );
    const run = await h.tracking.getRun(ctx, info.runId);
    const latest = Object.fromEntries(run.data.metrics.map((m) => [m.key, m]));
    assert.equal(latest['loss']?.value, 0.5);
    assert.equal(latest['loss']?.step, 1);
    assert.ok(Number.isNaN(latest['acc']?.value));
    assert.equal(latest['inf']?.value, Infinity);
    assert.deepEqual(run.data.params, [{ key: 'lr', value: '0.1' }]);
    assert.equal(run.data.tags.find((t) => t.key === 'team')?.value, 'b');
  });

  it('treats an identical param as a no-op and a changed param as INVALID_ARGUMENT', async () => {
    const { info } = await h.tracking.createRun(ctx, {});
    await h.tracking.logBatch(ctx, info.runId, { params: [{ key: 'lr', value: '0.1' }] });
    await h.tracking.logBatch(ctx, info.runId, {
      params: [
        { key: 'lr', value: '0.1' },
        { key: 'depth', value: '3' },
      ],
    });
    await rejectsWith(
      h.tracking.logBatch(ctx, info.runId, {
        params: [{ key: 'lr', value: '0.2' }],
        metrics: [point('m', 1, 0)],
      }),
      'INVALID_ARGUMENT',
      'tracking.param_value_changed',
      /Changing param values is not allowed/,
    );
    const run = await h.tracking.getRun(ctx, info.runId);
    assert.deepEqual(run.data.params.map((p) => [p.key, p.value]).sort(), [
      ['depth', '3'],
      ['lr', '0.1'],
    ]);
    assert.deepEqual(run.data.metrics, [], 'a rejected batch writes nothing');
  });

  it('validates the whole batch before writing anything', async () => {
    const { info } = await h.tracking.createRun(ctx, {});
    const added = await eventsOf(() =>
      rejectsWith(
        h.tracking.logBatch(ctx, info.runId, {
          metrics: [point('ok', 1, 0), point('bad/../key', 1, 0)],
        }),
        'INVALID_ARGUMENT',
        'tracking.invalid_key',
        /metrics\[1\]\.name/,
      ),
    );
    assert.deepEqual(added, []);
    await rejectsWith(
      h.tracking.logBatch(ctx, info.runId, {
        metrics: Array.from({ length: 1001 }, (_, i) => point('m', i, i)),
      }),
      'INVALID_ARGUMENT',
      'tracking.batch_too_large',
    );
    await rejectsWith(
      h.tracking.logBatch(ctx, 'no such run', {}),
      'INVALID_ARGUMENT',
      'tracking.invalid_run_id',
    );
    await rejectsWith(
      h.tracking.logBatch(ctx, 'a'.repeat(32), {}),
      'NOT_FOUND',
      'tracking.run_not_found',
    );
    assert.deepEqual((await h.tracking.getRun(ctx, info.runId)).data.metrics, []);
  });

  it('logs a full batch of 1000 points across keys', async () => {
    const { info } = await h.tracking.createRun(ctx, {});
    const metrics = Array.from({ length: 1000 }, (_, i) => point(`m${i % 10}`, i / 7, i));
    await h.tracking.logBatch(ctx, info.runId, { metrics: metrics.slice(0, 10) });
    await h.tracking.logBatch(ctx, info.runId, { metrics });
    const history = await h.tracking.getMetricHistory(ctx, info.runId, 'm3', {});
    assert.equal(history.items.length, 100);
    const latest = (await h.tracking.getRun(ctx, info.runId)).data.metrics;
    assert.equal(latest.length, 10);
    assert.equal(latest.find((m) => m.key === 'm9')?.step, 999);
  });

  it('keeps the run name and the mlflow.runName tag in sync both ways', async () => {
    const { info } = await h.tracking.createRun(ctx, { runName: 'first' });
    await h.tracking.logBatch(ctx, info.runId, {
      tags: [{ key: 'mlflow.runName', value: 'second' }],
    });
    assert.equal((await h.tracking.getRun(ctx, info.runId)).info.runName, 'second');
    const updated = await h.tracking.updateRun(ctx, info.runId, {
      runName: 'third',
      status: 'FINISHED',
      endTime: 99,
    });
    assert.equal(updated.runName, 'third');
    assert.equal(updated.status, 'FINISHED');
    assert.equal(updated.endTime, 99);
    const run = await h.tracking.getRun(ctx, info.runId);
    assert.equal(run.info.runName, 'third');
    assert.equal(run.data.tags.find((t) => t.key === 'mlflow.runName')?.value, 'third');
    await rejectsWith(
      h.tracking.updateRun(ctx, info.runId, { status: 'DONE' as 'FINISHED' }),
      'INVALID_ARGUMENT',
      'tracking.invalid_run_status',
    );
  });

  it('deletes and restores runs; writes to a deleted run are INVALID_ARGUMENT; repeats append nothing', async () => {
    const { info } = await h.tracking.createRun(ctx, {});
    await h.tracking.deleteRun(ctx, info.runId);
    assert.deepEqual(await eventsOf(() => h.tracking.deleteRun(ctx, info.runId)), []);
    await rejectsWith(
      h.tracking.updateRun(ctx, info.runId, { status: 'KILLED' }),
      'INVALID_ARGUMENT',
      'tracking.run_not_active',
    );
    await rejectsWith(
      h.tracking.logBatch(ctx, info.runId, { params: [{ key: 'p', value: '1' }] }),
      'INVALID_ARGUMENT',
      'tracking.run_not_active',
      /must be in the 'active' state/,
    );
    const active = await h.tracking.searchRuns(ctx, { experimentIds: ['0'] });
    const deleted = await h.tracking.searchRuns(ctx, {
      experimentIds: ['0'],
      viewType: 'DELETED_ONLY',
    });
    assert.deepEqual([active.items.length, deleted.items.length], [0, 1]);
    await h.tracking.restoreRun(ctx, info.runId);
    await h.tracking.logBatch(ctx, info.runId, { params: [{ key: 'p', value: '1' }] });
    await rejectsWith(
      h.tracking.deleteRun(ctx, 'f'.repeat(32)),
      'NOT_FOUND',
      'tracking.run_not_found',
    );
  });

  it('deletes a run tag, NOT_FOUND when it is missing', async () => {
    const { info } = await h.tracking.createRun(ctx, { tags: [{ key: 'x', value: '1' }] });
    await h.tracking.deleteRunTag(ctx, info.runId, 'x');
    assert.equal(
      (await h.tracking.getRun(ctx, info.runId)).data.tags.some((t) => t.key === 'x'),
      false,
    );
    await rejectsWith(
      h.tracking.deleteRunTag(ctx, info.runId, 'x'),
      'NOT_FOUND',
      'tracking.tag_not_found',
    );
  });

  it('searches with metric, param and attribute filters, orders, and pages', async () => {
    const ids: string[] = [];
    for (const [i, acc] of [0.7, 0.9, 0.8].entries()) {
      const { info } = await h.tracking.createRun(ctx, { runName: `r${i}` });
      await h.tracking.logBatch(ctx, info.runId, {
        metrics: [point('acc', acc, 0)],
        params: [{ key: 'model', value: i === 0 ? 'lin' : 'xgb' }],
      });
      ids.push(info.runId);
      h.clock.advance(1000);
    }
    const byAcc = await h.tracking.searchRuns(ctx, {
      experimentIds: ['0'],
      orderBy: ['metrics.acc DESC'],
      maxResults: 2,
    });
    assert.deepEqual(
      byAcc.items.map((r) => r.info.runName),
      ['r1', 'r2'],
    );
    const rest = await h.tracking.searchRuns(ctx, {
      experimentIds: ['0'],
      orderBy: ['metrics.acc DESC'],
      maxResults: 2,
      pageToken: byAcc.nextPageToken,
    });
    assert.deepEqual(
      rest.items.map((r) => r.info.runName),
      ['r0'],
    );
    assert.equal(rest.nextPageToken, undefined);

    const filtered = await h.tracking.searchRuns(ctx, {
      experimentIds: ['0'],
      filter: "metrics.acc > 0.75 and params.model = 'xgb'",
    });
    assert.deepEqual(filtered.items.map((r) => r.info.runName).sort(), ['r1', 'r2']);
    const byId = await h.tracking.searchRuns(ctx, {
      experimentIds: ['0'],
      filter: `attributes.run_id IN ('${ids[0]}', '${ids[2]}')`,
    });
    assert.deepEqual(byId.items.map((r) => r.info.runName).sort(), ['r0', 'r2']);
    const newestFirst = await h.tracking.searchRuns(ctx, { experimentIds: ['0'] });
    assert.deepEqual(
      newestFirst.items.map((r) => r.info.runName),
      ['r2', 'r1', 'r0'],
    );
    assert.deepEqual((await h.tracking.searchRuns(ctx, { experimentIds: [] })).items, []);
    await rejectsWith(
      h.tracking.searchRuns(ctx, {
        experimentIds: ['0'],
        orderBy: ['metrics.acc', 'metrics.acc DESC'],
      }),
      'INVALID_ARGUMENT',
      'tracking.invalid_order_by',
    );
  });

  it('logs dataset inputs and model inputs and outputs', async () => {
    const { info } = await h.tracking.createRun(ctx, {});
    const model = await h.tracking.createLoggedModel(ctx, {
      experimentId: '0',
      name: 'clf',
      sourceRunId: info.runId,
    });
    const dataset = { name: 'iris', digest: 'd1', sourceType: 'local', source: '{}' };
    await h.tracking.logInputs(ctx, info.runId, {
      datasets: [
        { dataset, tags: [{ key: 'mlflow.data.context', value: 'train' }] },
        { dataset, tags: [] },
      ],
      modelIds: [model.modelId],
    });
    await h.tracking.logOutputs(ctx, info.runId, [{ modelId: model.modelId, step: 3 }]);
    const run = await h.tracking.getRun(ctx, info.runId);
    assert.equal(run.inputs.datasetInputs.length, 1);
    assert.equal(run.inputs.datasetInputs[0]?.dataset.name, 'iris');
    assert.deepEqual(run.inputs.modelInputs, [{ modelId: model.modelId }]);
    assert.deepEqual(run.outputs.modelOutputs, [{ modelId: model.modelId, step: 3 }]);
    const filtered = await h.tracking.searchRuns(ctx, {
      experimentIds: ['0'],
      filter: "datasets.context = 'train'",
    });
    assert.equal(filtered.items.length, 1);
  });
});

describe('metric history', () => {
  it('pages the full history in (step, timestamp) order', async () => {
    const { info } = await h.tracking.createRun(ctx, {});
    await h.tracking.logBatch(ctx, info.runId, {
      metrics: Array.from({ length: 5 }, (_, i) => point('loss', 1 / (i + 1), i)),
    });
    const first = await h.tracking.getMetricHistory(ctx, info.runId, 'loss', { maxResults: 3 });
    assert.deepEqual(
      first.items.map((m) => m.step),
      [0, 1, 2],
    );
    const second = await h.tracking.getMetricHistory(ctx, info.runId, 'loss', {
      maxResults: 3,
      pageToken: first.nextPageToken,
    });
    assert.deepEqual(
      second.items.map((m) => m.step),
      [3, 4],
    );
    assert.equal(second.nextPageToken, undefined);
    await rejectsWith(
      h.tracking.getMetricHistory(ctx, info.runId, 'loss', { maxResults: 25_001 }),
      'INVALID_ARGUMENT',
      'tracking.invalid_max_results',
    );
  });

  it('samples history across runs keeping each run’s ends', async () => {
    const a = await h.tracking.createRun(ctx, {});
    const b = await h.tracking.createRun(ctx, {});
    await h.tracking.logBatch(ctx, a.info.runId, {
      metrics: Array.from({ length: 100 }, (_, i) => point('loss', i, i)),
    });
    await h.tracking.logBatch(ctx, b.info.runId, {
      metrics: [3, 10, 17, 24, 31, 38, 45].map((s) => point('loss', s, s)),
    });
    const sampled = await h.tracking.getMetricHistoryBulkInterval(ctx, {
      runIds: [a.info.runId, b.info.runId],
      key: 'loss',
      maxResults: 10,
    });
    const stepsOf = (runId: string) => sampled.filter((m) => m.runId === runId).map((m) => m.step);
    assert.deepEqual(stepsOf(a.info.runId), [0, 3, 10, 20, 30, 40, 45, 50, 60, 70, 80, 90, 99]);
    assert.deepEqual(stepsOf(b.info.runId), [3, 10, 45]);
    const ranged = await h.tracking.getMetricHistoryBulkInterval(ctx, {
      runIds: [a.info.runId],
      key: 'loss',
      startStep: 10,
      endStep: 12,
    });
    assert.deepEqual(
      ranged.map((m) => m.step),
      [10, 11, 12],
    );
    await rejectsWith(
      h.tracking.getMetricHistoryBulkInterval(ctx, {
        runIds: [a.info.runId],
        key: 'loss',
        startStep: 1,
      }),
      'INVALID_ARGUMENT',
      'tracking.invalid_step_range',
    );
    await rejectsWith(
      h.tracking.getMetricHistoryBulkInterval(ctx, {
        runIds: Array.from({ length: 101 }, (_, i) => `r${i}`),
        key: 'loss',
      }),
      'INVALID_ARGUMENT',
      'tracking.too_many_run_ids',
    );
    await rejectsWith(
      h.tracking.getMetricHistoryBulkInterval(ctx, {
        runIds: [a.info.runId],
        key: 'loss',
        maxResults: 2501,
      }),
      'INVALID_ARGUMENT',
      'tracking.invalid_max_results',
    );
  });
});

describe('logged models', () => {
  it('creates under the experiment’s artifact location, pending until finalized', async () => {
    const { experimentId } = await h.tracking.createExperiment(ctx, { name: 'models' });
    const model = await h.tracking.createLoggedModel(ctx, {
      experimentId,
      modelType: 'sklearn',
      params: [{ key: 'alpha', value: '0.5' }],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    assert.match(model.modelId, /^m-[0-9a-f]{32}$/);
    assert.equal(
      model.artifactLocation,
      `mlflow-artifacts:/${experimentId}/models/${model.modelId}/artifacts`,
    );
    assert.match(model.name, /^[a-z]+-[a-z]+-\d+$/);
    assert.equal(model.status, 'LOGGED_MODEL_PENDING');
    const ready = await h.tracking.finalizeLoggedModel(ctx, model.modelId, 'LOGGED_MODEL_READY');
    assert.equal(ready.status, 'LOGGED_MODEL_READY');
    const stored = await h.tracking.getLoggedModel(ctx, model.modelId);
    assert.equal(stored.status, 'LOGGED_MODEL_READY');
    assert.deepEqual(stored.params, [{ key: 'alpha', value: '0.5' }]);
    await rejectsWith(
      h.tracking.createLoggedModel(ctx, { experimentId, name: 'a/b' }),
      'INVALID_ARGUMENT',
      'tracking.invalid_logged_model_name',
    );
  });

  it('applies the param rule, manages tags, attaches metrics logged with its id, and deletes', async () => {
    const model = await h.tracking.createLoggedModel(ctx, { experimentId: '0', name: 'm1' });
    await h.tracking.logLoggedModelParams(ctx, model.modelId, [{ key: 'p', value: '1' }]);
    assert.deepEqual(
      await eventsOf(() =>
        h.tracking.logLoggedModelParams(ctx, model.modelId, [{ key: 'p', value: '1' }]),
      ),
      [],
    );
    await rejectsWith(
      h.tracking.logLoggedModelParams(ctx, model.modelId, [{ key: 'p', value: '2' }]),
      'INVALID_ARGUMENT',
      'tracking.param_value_changed',
    );
    await h.tracking.setLoggedModelTags(ctx, model.modelId, [{ key: 't', value: 'x' }]);
    await h.tracking.deleteLoggedModelTag(ctx, model.modelId, 't');
    await rejectsWith(
      h.tracking.deleteLoggedModelTag(ctx, model.modelId, 't'),
      'NOT_FOUND',
      'tracking.tag_not_found',
    );

    const { info } = await h.tracking.createRun(ctx, {});
    await h.tracking.logBatch(ctx, info.runId, {
      metrics: [{ ...point('acc', 0.93, 1), modelId: model.modelId }],
    });
    const withMetric = await h.tracking.getLoggedModel(ctx, model.modelId);
    assert.deepEqual(
      withMetric.metrics.map((m) => [m.key, m.value]),
      [['acc', 0.93]],
    );

    await h.tracking.deleteLoggedModel(ctx, model.modelId);
    await rejectsWith(
      h.tracking.getLoggedModel(ctx, model.modelId),
      'NOT_FOUND',
      'tracking.logged_model_not_found',
    );
  });

  it('searches by filter and metric order, with paging', async () => {
    for (const [name, acc] of [
      ['a', 0.5],
      ['b', 0.9],
      ['c', 0.7],
    ] as const) {
      const model = await h.tracking.createLoggedModel(ctx, { experimentId: '0', name });
      const { info } = await h.tracking.createRun(ctx, {});
      await h.tracking.logBatch(ctx, info.runId, {
        metrics: [{ ...point('acc', acc, 0), modelId: model.modelId }],
      });
      h.clock.advance(5);
    }
    const page = await h.tracking.searchLoggedModels(ctx, {
      experimentIds: ['0'],
      orderBy: [{ fieldName: 'metrics.acc', ascending: false }],
      maxResults: 2,
    });
    assert.deepEqual(
      page.items.map((m) => m.name),
      ['b', 'c'],
    );
    const rest = await h.tracking.searchLoggedModels(ctx, {
      experimentIds: ['0'],
      orderBy: [{ fieldName: 'metrics.acc', ascending: false }],
      maxResults: 2,
      pageToken: page.nextPageToken,
    });
    assert.deepEqual(
      rest.items.map((m) => m.name),
      ['a'],
    );
    const filtered = await h.tracking.searchLoggedModels(ctx, {
      experimentIds: ['0'],
      filter: 'metrics.acc >= 0.7',
    });
    assert.deepEqual(filtered.items.map((m) => m.name).sort(), ['b', 'c']);
    await rejectsWith(
      h.tracking.searchLoggedModels(ctx, { experimentIds: [] }),
      'INVALID_ARGUMENT',
      'tracking.missing_value',
    );
  });
});

describe('events', () => {
  it('appends exactly one event per state change and none for failures', async () => {
    const start = (await h.events()).length;
    const { experimentId } = await h.tracking.createExperiment(ctx, { name: 'ev' });
    const { info } = await h.tracking.createRun(ctx, { experimentId });
    await h.tracking.logBatch(ctx, info.runId, { metrics: [point('m', 1, 0)] });
    await h.tracking.updateRun(ctx, info.runId, { status: 'FINISHED' });
    await h.tracking.setExperimentTag(ctx, experimentId, { key: 'k', value: 'v' });
    await h.tracking.createExperiment(ctx, { name: 'ev' }).catch(() => undefined);
    await h.tracking
      .logBatch(ctx, info.runId, { params: [{ key: 'bad key?', value: '1' }] })
      .catch(() => undefined);
    const types = (await h.events()).slice(start).map((e) => e.type);
    assert.deepEqual(types, [
      'tracking.experiment.created',
      'tracking.run.created',
      'tracking.batch.logged',
      'tracking.run.updated',
      'tracking.experiment.tag_set',
    ]);
  });
});
