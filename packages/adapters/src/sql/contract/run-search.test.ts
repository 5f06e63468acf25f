import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DatasetInput, RunFilterClause, RunOrderClause, RunSearchQuery } from '@cairn/core';
import type { MetadataStore } from '../index.ts';
import { experiment, runInfo, storeTargets } from './contract-harness.ts';
import type { OpenedStore } from './contract-harness.ts';

const dataset = (name: string, digest: string, context: string): DatasetInput => ({
  dataset: { name, digest, sourceType: 'local', source: `/data/${name}` },
  tags: [{ key: 'mlflow.data.context', value: context }],
});

/**
 * Experiment 1: a (FINISHED, start 100), b (RUNNING, start 300), c (FAILED, start 200),
 * d (FINISHED, no start time, nothing logged) and e (deleted); experiment 2: f.
 */
async function seed(store: MetadataStore): Promise<void> {
  await store.tracking.write(async (w) => {
    await w.insertExperiment(experiment('1', 'one'));
    await w.insertExperiment(experiment('2', 'two'));
    const runs = [
      runInfo('r-a', '1', { runName: 'alpha', status: 'FINISHED', startTime: 100, endTime: 200 }),
      runInfo('r-b', '1', { runName: 'beta', userId: 'bob', startTime: 300 }),
      runInfo('r-c', '1', { runName: 'Gamma', status: 'FAILED', startTime: 200, endTime: 250 }),
      runInfo('r-d', '1', {
        runName: 'delta',
        userId: 'carol',
        status: 'FINISHED',
        startTime: null,
      }),
      runInfo('r-e', '1', { runName: 'epsilon', startTime: 400, lifecycleStage: 'deleted' }),
      runInfo('r-f', '2', { runName: 'zeta', startTime: 50 }),
    ];
    for (const run of runs) await w.insertRun(run, []);
    const m = (key: string, value: number) => ({ key, value, timestamp: 1, step: 0 });
    await w.insertMetrics('r-a', [m('acc', 0.9), m('loss', 0.1)]);
    await w.insertMetrics('r-b', [m('acc', 0.5), m('loss', Number.NaN)]);
    await w.insertMetrics('r-c', [m('acc', Number.NaN)]);
    await w.insertMetrics('r-e', [m('acc', 1)]);
    await w.insertMetrics('r-f', [m('acc', 0.7)]);
    await w.insertParams('r-a', [
      { key: 'lr', value: '0.1' },
      { key: 'opt', value: 'Adam' },
    ]);
    await w.insertParams('r-b', [{ key: 'lr', value: '0.01' }]);
    await w.insertParams('r-c', [{ key: 'opt', value: 'adam' }]);
    await w.setRunTags('r-a', [
      { key: 'team', value: 'vision' },
      { key: 'env', value: 'Prod' },
      { key: 'note', value: '50%' },
    ]);
    await w.setRunTags('r-b', [
      { key: 'team', value: 'nlp' },
      { key: 'note', value: '50x' },
    ]);
    await w.setRunTags('r-c', [{ key: 'env', value: 'prod' }]);
    await w.insertDatasetInputs('r-a', '1', [
      dataset('iris', 'abc', 'training'),
      dataset('iris', 'xyz', 'training'),
    ]);
    await w.insertDatasetInputs('r-b', '1', [dataset('wine', 'def', 'eval')]);
  });
}

for (const target of await storeTargets()) {
  describe(`searchRuns (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    before(async () => {
      opened = await target.open();
      store = opened.store;
      await seed(store);
    });
    after(() => opened.dispose());

    const query = (overrides: Partial<RunSearchQuery>): RunSearchQuery => ({
      experimentIds: ['1'],
      filter: [],
      orderBy: [],
      viewType: 'ACTIVE_ONLY',
      offset: 0,
      limit: 100,
      ...overrides,
    });
    const ids = async (overrides: Partial<RunSearchQuery>) =>
      (await store.tracking.read((r) => r.searchRuns(query(overrides)))).map((run) =>
        run.info.runId.slice(2),
      );
    const where = (...filter: RunFilterClause[]) => ids({ filter });
    const orderedBy = (...orderBy: RunOrderClause[]) => ids({ orderBy });
    const sorted = async (pending: Promise<string[]>) => (await pending).sort();

    it('orders by start_time DESC (missing last) then run id by default', async () => {
      assert.deepEqual(await ids({}), ['b', 'c', 'a', 'd']);
    });

    it('selects lifecycle stages and experiments', async () => {
      assert.deepEqual(await ids({ viewType: 'DELETED_ONLY' }), ['e']);
      assert.deepEqual(await ids({ viewType: 'ALL' }), ['e', 'b', 'c', 'a', 'd']);
      assert.deepEqual(await ids({ experimentIds: ['1', '2'] }), ['b', 'c', 'a', 'f', 'd']);
      assert.deepEqual(await ids({ experimentIds: ['9', 'not-an-id'] }), []);
      assert.deepEqual(await ids({ experimentIds: [] }), []);
    });

    it('filters metrics on their latest value with every numeric comparator', async () => {
      const acc = (comparator: RunFilterClause['comparator'], value: number) =>
        sorted(where({ kind: 'metric', key: 'acc', comparator, value }));
      assert.deepEqual(await acc('>', 0.5), ['a']);
      assert.deepEqual(await acc('>=', 0.5), ['a', 'b']);
      assert.deepEqual(await acc('=', 0.5), ['b']);
      assert.deepEqual(await acc('<', 0.9), ['b']);
      assert.deepEqual(await acc('<=', 0.9), ['a', 'b']);
      // NaN is unequal to everything; a run without the metric never matches.
      assert.deepEqual(await acc('!=', 0.5), ['a', 'c']);
      assert.deepEqual(await acc('>', -Infinity), ['a', 'b']);
      assert.deepEqual(
        await sorted(where({ kind: 'metric', key: 'loss', comparator: '<', value: 1 })),
        ['a'],
      );
    });

    it('filters params and tags with = != LIKE ILIKE', async () => {
      const param = (comparator: RunFilterClause['comparator'], key: string, value: string) =>
        sorted(where({ kind: 'param', key, comparator, value }));
      const tag = (comparator: RunFilterClause['comparator'], key: string, value: string) =>
        sorted(where({ kind: 'tag', key, comparator, value }));
      assert.deepEqual(await param('=', 'lr', '0.1'), ['a']);
      assert.deepEqual(await param('!=', 'lr', '0.1'), ['b']);
      assert.deepEqual(await param('LIKE', 'opt', 'A%'), ['a']);
      assert.deepEqual(await param('ILIKE', 'opt', 'ADAM'), ['a', 'c']);
      assert.deepEqual(await tag('=', 'team', 'vision'), ['a']);
      assert.deepEqual(await tag('!=', 'team', 'vision'), ['b']);
      assert.deepEqual(await tag('LIKE', 'env', 'prod'), ['c']);
      assert.deepEqual(await tag('ILIKE', 'env', 'pRoD'), ['a', 'c']);
      assert.deepEqual(await tag('LIKE', 'note', '50_'), ['a', 'b']);
      assert.deepEqual(await tag('LIKE', 'note', '50\\%'), ['a']);
    });

    it('filters string and numeric attributes', async () => {
      const attr = (
        key: Extract<RunFilterClause, { kind: 'attribute' }>['key'],
        comparator: RunFilterClause['comparator'],
        value: string | number | string[],
      ) => sorted(where({ kind: 'attribute', key, comparator, value }));
      assert.deepEqual(await attr('run_name', '=', 'alpha'), ['a']);
      assert.deepEqual(await attr('run_name', 'LIKE', 'g%'), []);
      assert.deepEqual(await attr('run_name', 'LIKE', 'G%'), ['c']);
      assert.deepEqual(await attr('run_name', 'ILIKE', 'g%'), ['c']);
      assert.deepEqual(await attr('user_id', '!=', 'alice'), ['b', 'd']);
      assert.deepEqual(await attr('status', 'IN', ['FINISHED', 'FAILED']), ['a', 'c', 'd']);
      assert.deepEqual(await attr('status', 'NOT IN', ['RUNNING']), ['a', 'c', 'd']);
      assert.deepEqual(await attr('run_id', 'IN', ['r-a', 'r-c', 'r-e']), ['a', 'c']);
      assert.deepEqual(await attr('run_id', 'NOT IN', ['r-a']), ['b', 'c', 'd']);
      assert.deepEqual(await attr('run_id', 'IN', []), []);
      assert.deepEqual(await attr('run_id', 'NOT IN', []), ['a', 'b', 'c', 'd']);
      assert.deepEqual(await attr('artifact_uri', 'LIKE', '%/r-b/%'), ['b']);
      assert.deepEqual(await attr('start_time', '>', 150), ['b', 'c']);
      assert.deepEqual(await attr('start_time', '<=', 100), ['a']);
      assert.deepEqual(await attr('start_time', '!=', 100), ['b', 'c']);
      assert.deepEqual(await attr('start_time', '>', 99.5), ['a', 'b', 'c']);
      assert.deepEqual(await attr('end_time', '>=', 200), ['a', 'c']);
      assert.deepEqual(await attr('end_time', '=', 250), ['c']);
      assert.deepEqual(await attr('end_time', '<', 250), ['a']);
    });

    it('filters datasets by name, digest and context without duplicating runs', async () => {
      const ds = (
        key: 'name' | 'digest' | 'context',
        comparator: RunFilterClause['comparator'],
        value: string | string[],
      ) => where({ kind: 'dataset', key, comparator, value });
      assert.deepEqual(await ds('name', '=', 'iris'), ['a']);
      assert.deepEqual(await ds('name', 'ILIKE', 'IRIS'), ['a']);
      assert.deepEqual(await sorted(ds('name', 'IN', ['iris', 'wine'])), ['a', 'b']);
      assert.deepEqual(await ds('name', 'NOT IN', ['iris']), ['b']);
      assert.deepEqual(await sorted(ds('digest', '!=', 'abc')), ['a', 'b']);
      assert.deepEqual(await ds('digest', 'LIKE', 'd%'), ['b']);
      assert.deepEqual(await ds('context', '=', 'training'), ['a']);
      assert.deepEqual(await ds('context', 'LIKE', 'ev%'), ['b']);
    });

    it('combines clauses with AND', async () => {
      const found = await where(
        { kind: 'metric', key: 'acc', comparator: '>', value: 0.4 },
        { kind: 'tag', key: 'team', comparator: '=', value: 'nlp' },
        { kind: 'attribute', key: 'status', comparator: '=', value: 'RUNNING' },
      );
      assert.deepEqual(found, ['b']);
      const none = await where(
        { kind: 'metric', key: 'acc', comparator: '>', value: 0.4 },
        { kind: 'param', key: 'opt', comparator: '=', value: 'adam' },
      );
      assert.deepEqual(none, []);
    });

    it('orders by a metric with NaN and then missing values last, either way', async () => {
      assert.deepEqual(await orderedBy({ kind: 'metric', key: 'acc', ascending: false }), [
        'a',
        'b',
        'c',
        'd',
      ]);
      assert.deepEqual(await orderedBy({ kind: 'metric', key: 'acc', ascending: true }), [
        'b',
        'a',
        'c',
        'd',
      ]);
      // b's loss is NaN; c and d have none and fall back to start_time DESC.
      assert.deepEqual(await orderedBy({ kind: 'metric', key: 'loss', ascending: true }), [
        'a',
        'b',
        'c',
        'd',
      ]);
    });

    it('orders by params, tags and attributes with missing values last', async () => {
      assert.deepEqual(await orderedBy({ kind: 'param', key: 'lr', ascending: true }), [
        'b',
        'a',
        'c',
        'd',
      ]);
      assert.deepEqual(await orderedBy({ kind: 'param', key: 'lr', ascending: false }), [
        'a',
        'b',
        'c',
        'd',
      ]);
      assert.deepEqual(await orderedBy({ kind: 'tag', key: 'team', ascending: false }), [
        'a',
        'b',
        'c',
        'd',
      ]);
      assert.deepEqual(await orderedBy({ kind: 'attribute', key: 'start_time', ascending: true }), [
        'a',
        'c',
        'b',
        'd',
      ]);
      // Byte-wise on both stores: upper case sorts before lower case.
      assert.deepEqual(await orderedBy({ kind: 'attribute', key: 'run_name', ascending: true }), [
        'c',
        'a',
        'b',
        'd',
      ]);
      assert.deepEqual(await orderedBy({ kind: 'attribute', key: 'end_time', ascending: false }), [
        'c',
        'a',
        'b',
        'd',
      ]);
      assert.deepEqual(
        await orderedBy(
          { kind: 'param', key: 'opt', ascending: true },
          { kind: 'metric', key: 'acc', ascending: true },
        ),
        ['a', 'c', 'b', 'd'],
      );
    });

    it('pages with offset and limit over the ordered result', async () => {
      const byAcc = { orderBy: [{ kind: 'metric' as const, key: 'acc', ascending: false }] };
      assert.deepEqual(await ids({ ...byAcc, offset: 0, limit: 2 }), ['a', 'b']);
      assert.deepEqual(await ids({ ...byAcc, offset: 2, limit: 2 }), ['c', 'd']);
      assert.deepEqual(await ids({ ...byAcc, offset: 4, limit: 2 }), []);
      assert.deepEqual(await ids({ limit: 0 }), []);
    });

    it('returns whole runs, as getRun does', async () => {
      const [found] = await store.tracking.read((r) =>
        r.searchRuns(
          query({ filter: [{ kind: 'attribute', key: 'run_id', comparator: '=', value: 'r-a' }] }),
        ),
      );
      const direct = await store.tracking.read((r) => r.getRun('r-a'));
      assert.deepEqual(found, direct);
      assert.equal(found?.inputs.datasetInputs.length, 2);
      assert.deepEqual(found?.data.params, [
        { key: 'lr', value: '0.1' },
        { key: 'opt', value: 'Adam' },
      ]);
      const [nan] = await store.tracking.read((r) =>
        r.searchRuns(
          query({ filter: [{ kind: 'attribute', key: 'run_id', comparator: '=', value: 'r-c' }] }),
        ),
      );
      assert.ok(Number.isNaN(nan?.data.metrics[0]?.value));
    });

    it('breaks ties by run id', async () => {
      await store.tracking.write(async (w) => {
        await w.insertExperiment(experiment('3', 'ties'));
        for (const id of ['t-3', 't-1', 't-2'])
          await w.insertRun(runInfo(id, '3', { startTime: 7 }), []);
      });
      assert.deepEqual(await ids({ experimentIds: ['3'] }), ['1', '2', '3']);
      assert.deepEqual(
        await ids({
          experimentIds: ['3'],
          orderBy: [{ kind: 'metric', key: 'none', ascending: false }],
        }),
        ['1', '2', '3'],
      );
    });
  });
}
