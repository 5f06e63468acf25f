import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import type { NewEvent } from '@cairn/core';
import type { MetadataStore } from '../index.ts';
import { experiment, runInfo, seedRuns, storeTargets } from './contract-harness.ts';
import type { OpenedStore } from './contract-harness.ts';

const event = (
  type: string,
  entityId: string,
  payload: Record<string, unknown> = {},
): NewEvent => ({
  type,
  entityType: 'run',
  entityId,
  actor: 'alice',
  time: 1_000,
  payload,
});

for (const target of await storeTargets()) {
  describe(`runs, inputs, transactions and events (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    it('stores a run with its tags and reads it back whole', async () => {
      await seedRuns(store, []);
      const info = runInfo('r1', '1', { startTime: 5, userId: 'bob' });
      await store.tracking.write((w) =>
        w.insertRun(info, [
          { key: 'mlflow.runName', value: 'r1' },
          { key: 'b', value: '1' },
          { key: 'b', value: '2' },
        ]),
      );
      const run = await store.tracking.read((r) => r.getRun('r1'));
      assert.deepEqual(run, {
        info,
        data: {
          metrics: [],
          params: [],
          tags: [
            { key: 'b', value: '2' },
            { key: 'mlflow.runName', value: 'r1' },
          ],
        },
        inputs: { datasetInputs: [], modelInputs: [] },
        outputs: { modelOutputs: [] },
      });
      assert.deepEqual(await store.tracking.read((r) => r.getRunInfo('r1')), info);
      assert.equal(await store.tracking.read((r) => r.getRun('nope')), undefined);
      assert.equal(await store.tracking.read((r) => r.getRunInfo('nope')), undefined);
    });

    it('updates only the fields given', async () => {
      await seedRuns(store, [runInfo('r1', '1', { runName: 'first' })]);
      await store.tracking.write((w) => w.updateRunInfo('r1', { status: 'FINISHED', endTime: 9 }));
      await store.tracking.write((w) =>
        w.updateRunInfo('r1', { lifecycleStage: 'deleted', deletedTime: 10 }),
      );
      const info = await store.tracking.read((r) => r.getRunInfo('r1'));
      assert.deepEqual(
        [info?.status, info?.endTime, info?.runName, info?.lifecycleStage],
        ['FINISHED', 9, 'first', 'deleted'],
      );
      await store.tracking.write((w) =>
        w.updateRunInfo('r1', { runName: 'renamed', lifecycleStage: 'active', deletedTime: null }),
      );
      const restored = await store.tracking.read((r) => r.getRunInfo('r1'));
      assert.deepEqual([restored?.runName, restored?.lifecycleStage], ['renamed', 'active']);
    });

    it('keeps the first value of a param and reads selected keys', async () => {
      await seedRuns(store, [runInfo('r1', '1')]);
      await store.tracking.write((w) =>
        w.insertParams('r1', [
          { key: 'lr', value: '0.1' },
          { key: 'depth', value: '3' },
          { key: 'lr', value: 'ignored in the same batch' },
        ]),
      );
      await store.tracking.write((w) =>
        w.insertParams('r1', [
          { key: 'lr', value: '0.2' },
          { key: 'seed', value: '7' },
        ]),
      );
      const params = await store.tracking.read((r) => r.getParams('r1', ['lr', 'seed', 'absent']));
      assert.deepEqual(params, [
        { key: 'lr', value: '0.1' },
        { key: 'seed', value: '7' },
      ]);
      assert.equal((await store.tracking.read((r) => r.getRun('r1')))?.data.params.length, 3);
    });

    it('stores long param and tag values and still filters on them', async () => {
      await seedRuns(store, [runInfo('r1', '1')]);
      // Random text: a repeated character would compress below any index size limit.
      const long = randomBytes(6_000).toString('hex');
      await store.tracking.write(async (w) => {
        await w.insertParams('r1', [{ key: 'p', value: long.slice(0, 6_000) }]);
        await w.setRunTags('r1', [{ key: 'mlflow.note.content', value: long }]);
      });
      const run = await store.tracking.read((r) => r.getRun('r1'));
      assert.equal(run?.data.params[0]?.value.length, 6_000);
      assert.equal(run?.data.tags[0]?.value, long);
      const found = await store.tracking.read((r) =>
        r.searchRuns({
          experimentIds: ['1'],
          filter: [{ kind: 'tag', key: 'mlflow.note.content', comparator: '=', value: long }],
          orderBy: [],
          viewType: 'ACTIVE_ONLY',
          offset: 0,
          limit: 10,
        }),
      );
      assert.deepEqual(
        found.map((r) => r.info.runId),
        ['r1'],
      );
    });

    it('upserts and deletes run tags; writes to an unknown run fail with NOT_FOUND', async () => {
      await seedRuns(store, [runInfo('r1', '1')]);
      await store.tracking.write(async (w) => {
        await w.setRunTags('r1', [{ key: 'k', value: 'v1' }]);
        await w.setRunTags('r1', [
          { key: 'k', value: 'v2' },
          { key: 'x', value: 'y' },
        ]);
        await w.deleteRunTag('r1', 'x');
      });
      const tags = (await store.tracking.read((r) => r.getRun('r1')))?.data.tags;
      assert.deepEqual(tags, [{ key: 'k', value: 'v2' }]);
      await assert.rejects(
        store.tracking.write((w) => w.setRunTags('ghost', [{ key: 'k', value: 'v' }])),
        (error) => isCairnError(error) && error.code === 'tracking.run_not_found',
      );
    });

    it('links datasets once per experiment, with input tags, idempotently', async () => {
      await seedRuns(store, [runInfo('r1', '1'), runInfo('r2', '1')]);
      const train = {
        dataset: { name: 'iris', digest: 'abc', sourceType: 'local', source: '/d', schema: '{}' },
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      };
      const evalSet = {
        dataset: { name: 'iris', digest: 'def', sourceType: 'local', source: '/e' },
        tags: [],
      };
      await store.tracking.write((w) => w.insertDatasetInputs('r1', '1', [train, evalSet, train]));
      await store.tracking.write((w) => w.insertDatasetInputs('r1', '1', [train]));
      await store.tracking.write((w) => w.insertDatasetInputs('r2', '1', [train]));
      const r1 = await store.tracking.read((r) => r.getRun('r1'));
      assert.deepEqual(r1?.inputs.datasetInputs, [train, evalSet]);
      const r2 = await store.tracking.read((r) => r.getRun('r2'));
      assert.deepEqual(r2?.inputs.datasetInputs, [train]);
    });

    it('records model inputs and outputs idempotently', async () => {
      await seedRuns(store, [runInfo('r1', '1')]);
      await store.tracking.write(async (w) => {
        await w.insertModelInputs('r1', ['m-b', 'm-a', 'm-b']);
        await w.insertModelInputs('r1', ['m-a']);
        await w.insertModelOutputs('r1', [
          { modelId: 'm-x', step: 2 },
          { modelId: 'm-x', step: 2 },
          { modelId: 'm-x', step: 1 },
        ]);
      });
      const run = await store.tracking.read((r) => r.getRun('r1'));
      assert.deepEqual(run?.inputs.modelInputs, [{ modelId: 'm-a' }, { modelId: 'm-b' }]);
      assert.deepEqual(run?.outputs.modelOutputs, [
        { modelId: 'm-x', step: 1 },
        { modelId: 'm-x', step: 2 },
      ]);
    });

    it('commits a change together with its events, in order, with monotonic seq', async () => {
      await seedRuns(store, []);
      await store.tracking.write(async (w) => {
        await w.insertRun(runInfo('r1', '1'), []);
        await w.appendEvent(event('tracking.run.created', 'r1', { name: 'r1' }));
        await w.appendEvent(event('tracking.run.tagged', 'r1'));
      });
      await store.artifacts.write(async (w) => {
        await w.putArtifact({ path: 'a/f', digest: 'd', size: 1, createdAt: 1 });
        await w.appendEvent({ ...event('artifacts.uploaded', 'a/f'), entityType: 'artifact' });
      });
      const events = await store.events.listEvents(0, 10);
      assert.deepEqual(
        events.map((e) => [e.seq, e.type, e.entityId]),
        [
          [1, 'tracking.run.created', 'r1'],
          [2, 'tracking.run.tagged', 'r1'],
          [3, 'artifacts.uploaded', 'a/f'],
        ],
      );
      assert.deepEqual(events[0], {
        seq: 1,
        ...event('tracking.run.created', 'r1', { name: 'r1' }),
      });
      assert.deepEqual(
        (await store.events.listEvents(1, 1)).map((e) => e.seq),
        [2],
      );
      assert.deepEqual(await store.events.listEvents(3, 10), []);
    });

    it('rolls back the change and its events when the writer throws', async () => {
      await seedRuns(store, []);
      await assert.rejects(
        store.tracking.write(async (w) => {
          await w.insertRun(runInfo('r1', '1'), [{ key: 'k', value: 'v' }]);
          await w.insertMetrics('r1', [{ key: 'm', value: 1, timestamp: 1, step: 0 }]);
          await w.appendEvent(event('tracking.run.created', 'r1'));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.tracking.read((r) => r.getRun('r1')), undefined);
      assert.deepEqual(await store.events.listEvents(0, 10), []);
      // The store stays usable, and sequence numbers continue without a gap.
      await store.tracking.write(async (w) => {
        await w.insertRun(runInfo('r2', '1'), []);
        await w.appendEvent(event('tracking.run.created', 'r2'));
      });
      const events = await store.events.listEvents(0, 10);
      assert.deepEqual(
        events.map((e) => [e.seq, e.entityId]),
        [[1, 'r2']],
      );
    });

    it('serializes concurrent writers: no event lost, seq dense and in commit order', async () => {
      await seedRuns(store, []);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.tracking.write(async (w) => {
            await w.insertRun(runInfo(`r${i}`, '1'), []);
            await w.appendEvent(event('tracking.run.created', `r${i}`));
            await w.appendEvent(event('tracking.run.updated', `r${i}`));
          }),
        ),
      );
      const events = await store.events.listEvents(0, 100);
      assert.deepEqual(
        events.map((e) => e.seq),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      // Each transaction's two events are adjacent: sequence order is commit order.
      for (let i = 0; i < 20; i += 2) {
        assert.equal(events[i]?.entityId, events[i + 1]?.entityId);
        assert.equal(events[i]?.type, 'tracking.run.created');
      }
    });

    it('passes the integrity check', async () => {
      await seedRuns(store, [runInfo('r1', '1')]);
      await store.tracking.write((w) =>
        w.insertMetrics('r1', [{ key: 'm', value: 1, timestamp: 1, step: 0 }]),
      );
      assert.deepEqual(await store.checkIntegrity(), { ok: true, problems: [] });
    });

    it('closes idempotently', async () => {
      await store.tracking.write((w) => w.insertExperiment(experiment('1', 'e')));
      await store.close();
      await store.close();
    });
  });
}
