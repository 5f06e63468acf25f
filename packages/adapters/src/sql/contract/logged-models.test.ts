import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { LoggedModel, LoggedModelSearchQuery } from '@cairn/core';
import type { MetadataStore } from '../index.ts';
import { runInfo, seedRuns, storeTargets } from './contract-harness.ts';
import type { OpenedStore } from './contract-harness.ts';

const model = (modelId: string, overrides: Partial<LoggedModel> = {}): LoggedModel => ({
  modelId,
  experimentId: '1',
  name: modelId,
  artifactLocation: `mlflow-artifacts:/1/models/${modelId}/artifacts`,
  creationTimestamp: 100,
  lastUpdatedTimestamp: 100,
  modelType: null,
  sourceRunId: null,
  status: 'LOGGED_MODEL_PENDING',
  statusMessage: null,
  tags: [],
  params: [],
  metrics: [],
  ...overrides,
});

for (const target of await storeTargets()) {
  describe(`logged models (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
      await seedRuns(store, [runInfo('r1', '1')]);
    });
    afterEach(() => opened.dispose());

    const get = (id: string) => store.tracking.read((r) => r.getLoggedModel(id));

    it('stores a model with tags and params and reads it back', async () => {
      const created = model('m-1', {
        modelType: 'sklearn',
        sourceRunId: 'r1',
        tags: [{ key: 't', value: '1' }],
        params: [
          { key: 'b', value: '2' },
          { key: 'a', value: '1' },
        ],
      });
      await store.tracking.write((w) => w.insertLoggedModel(created));
      assert.deepEqual(await get('m-1'), {
        ...created,
        params: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      });
      assert.equal(await get('m-none'), undefined);
    });

    it('updates status, upserts and deletes tags, keeps first params, deletes softly', async () => {
      await store.tracking.write((w) => w.insertLoggedModel(model('m-1')));
      await store.tracking.write(async (w) => {
        await w.updateLoggedModel('m-1', {
          status: 'LOGGED_MODEL_READY',
          lastUpdatedTimestamp: 200,
        });
        await w.setLoggedModelTags('m-1', [
          { key: 'k', value: 'v1' },
          { key: 'x', value: 'y' },
        ]);
        await w.setLoggedModelTags('m-1', [{ key: 'k', value: 'v2' }]);
        await w.deleteLoggedModelTag('m-1', 'x');
        await w.insertLoggedModelParams('m-1', [{ key: 'p', value: '1' }]);
        await w.insertLoggedModelParams('m-1', [{ key: 'p', value: '2' }]);
      });
      const updated = await get('m-1');
      assert.equal(updated?.status, 'LOGGED_MODEL_READY');
      assert.equal(updated?.lastUpdatedTimestamp, 200);
      assert.equal(updated?.statusMessage, null);
      assert.deepEqual(updated?.tags, [{ key: 'k', value: 'v2' }]);
      assert.deepEqual(updated?.params, [{ key: 'p', value: '1' }]);
      await store.tracking.write((w) =>
        w.updateLoggedModel('m-1', {
          status: 'LOGGED_MODEL_UPLOAD_FAILED',
          statusMessage: 'disk full',
          lastUpdatedTimestamp: 300,
        }),
      );
      assert.equal((await get('m-1'))?.statusMessage, 'disk full');
      await store.tracking.write((w) => w.deleteLoggedModel('m-1'));
      assert.equal(await get('m-1'), undefined);
    });

    describe('searchLoggedModels', () => {
      beforeEach(() =>
        store.tracking.write(async (w) => {
          await w.insertLoggedModel(
            model('m-a', {
              name: 'alpha',
              creationTimestamp: 100,
              modelType: 'sklearn',
              params: [{ key: 'depth', value: '3' }],
            }),
          );
          await w.insertLoggedModel(
            model('m-b', {
              name: 'beta',
              creationTimestamp: 300,
              tags: [{ key: 'stage', value: 'prod' }],
            }),
          );
          await w.insertLoggedModel(model('m-c', { name: 'gamma', creationTimestamp: 200 }));
          await w.insertLoggedModel(model('m-d', { name: 'deleted', creationTimestamp: 400 }));
          await w.deleteLoggedModel('m-d');
          const point = (modelId: string, value: number, step: number, timestamp: number) => ({
            key: 'acc',
            value,
            step,
            timestamp,
            modelId,
          });
          await w.insertMetrics('r1', [
            point('m-a', 0.2, 1, 10),
            point('m-a', 0.8, 2, 20),
            point('m-b', 0.6, 1, 30),
            point('m-c', Number.NaN, 1, 10),
          ]);
        }),
      );
      const search = async (overrides: Partial<LoggedModelSearchQuery>) =>
        (
          await store.tracking.read((r) =>
            r.searchLoggedModels({
              experimentIds: ['1'],
              filter: [],
              orderBy: [],
              offset: 0,
              limit: 100,
              ...overrides,
            }),
          )
        ).map((m) => m.name);

      it('orders by creation time DESC by default and hides deleted models', async () => {
        assert.deepEqual(await search({}), ['beta', 'gamma', 'alpha']);
        assert.deepEqual(await search({ experimentIds: ['2'] }), []);
      });

      it('filters attributes, params, tags and metrics (any point matches)', async () => {
        assert.deepEqual(
          await search({
            filter: [{ kind: 'attribute', key: 'name', comparator: 'LIKE', value: '%a' }],
          }),
          ['beta', 'gamma', 'alpha'],
        );
        assert.deepEqual(
          await search({
            filter: [{ kind: 'attribute', key: 'model_type', comparator: '=', value: 'sklearn' }],
          }),
          ['alpha'],
        );
        assert.deepEqual(
          await search({
            filter: [{ kind: 'attribute', key: 'creation_timestamp', comparator: '<', value: 250 }],
          }),
          ['gamma', 'alpha'],
        );
        assert.deepEqual(
          await search({ filter: [{ kind: 'param', key: 'depth', comparator: '=', value: '3' }] }),
          ['alpha'],
        );
        assert.deepEqual(
          await search({
            filter: [{ kind: 'tag', key: 'stage', comparator: 'ILIKE', value: 'PROD' }],
          }),
          ['beta'],
        );
        assert.deepEqual(
          await search({ filter: [{ kind: 'metric', key: 'acc', comparator: '<', value: 0.5 }] }),
          ['alpha'],
        );
        assert.deepEqual(
          await search({ filter: [{ kind: 'metric', key: 'acc', comparator: '!=', value: 0.6 }] }),
          ['gamma', 'alpha'],
        );
      });

      it('orders by the latest metric value with NaN last, and by attributes; pages', async () => {
        assert.deepEqual(
          await search({ orderBy: [{ kind: 'metric', key: 'acc', ascending: false }] }),
          ['alpha', 'beta', 'gamma'],
        );
        assert.deepEqual(
          await search({ orderBy: [{ kind: 'metric', key: 'acc', ascending: true }] }),
          ['beta', 'alpha', 'gamma'],
        );
        assert.deepEqual(
          await search({ orderBy: [{ kind: 'attribute', key: 'name', ascending: true }] }),
          ['alpha', 'beta', 'gamma'],
        );
        assert.deepEqual(await search({ offset: 1, limit: 1 }), ['gamma']);
      });

      it('returns each model with its metric points', async () => {
        const [alpha] = await store.tracking.read((r) =>
          r.searchLoggedModels({
            experimentIds: ['1'],
            filter: [{ kind: 'attribute', key: 'model_id', comparator: '=', value: 'm-a' }],
            orderBy: [],
            offset: 0,
            limit: 10,
          }),
        );
        assert.deepEqual(
          alpha?.metrics.map((m) => [m.step, m.value, m.runId]),
          [
            [1, 0.2, 'r1'],
            [2, 0.8, 'r1'],
          ],
        );
        assert.deepEqual(alpha, await get('m-a'));
      });
    });
  });
}
