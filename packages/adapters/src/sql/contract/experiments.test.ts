import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import type { ExperimentSearchQuery } from '@cairn/core';
import type { MetadataStore } from '../index.ts';
import { experiment, storeTargets } from './contract-harness.ts';
import type { OpenedStore } from './contract-harness.ts';

const search = (overrides: Partial<ExperimentSearchQuery> = {}): ExperimentSearchQuery => ({
  filter: [],
  orderBy: [],
  viewType: 'ACTIVE_ONLY',
  offset: 0,
  limit: 100,
  ...overrides,
});

for (const target of await storeTargets()) {
  describe(`experiments and idempotency (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    const names = (list: { name: string }[]) => list.map((e) => e.name);

    it('allocates increasing ids and skips ids already taken', async () => {
      await store.tracking.write((w) => w.insertExperiment(experiment('0', 'Default')));
      const first = await store.tracking.write((w) => w.allocateExperimentId());
      const second = await store.tracking.write((w) => w.allocateExperimentId());
      assert.deepEqual([first, second], ['1', '2']);
      await store.tracking.write((w) => w.insertExperiment(experiment('7', 'imported')));
      assert.equal(await store.tracking.write((w) => w.allocateExperimentId()), '8');
    });

    it('allocates distinct ids to concurrent writers', async () => {
      const ids = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.tracking.write(async (w) => {
            const id = await w.allocateExperimentId();
            await w.insertExperiment(experiment(id, `concurrent-${i}`));
            return id;
          }),
        ),
      );
      assert.equal(new Set(ids).size, 12);
      assert.deepEqual(
        [...ids].map(Number).sort((a, b) => a - b),
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
    });

    it('stores and reads an experiment with its tags by id and by name', async () => {
      const created = experiment('3', 'vision', {
        tags: [
          { key: 'team', value: 'cv' },
          { key: 'area', value: 'x' },
        ],
        creationTime: 5,
        lastUpdateTime: 6,
      });
      await store.tracking.write((w) => w.insertExperiment(created));
      const expected = { ...created, tags: [created.tags[1], created.tags[0]] };
      assert.deepEqual(await store.tracking.read((r) => r.getExperiment('3')), expected);
      assert.deepEqual(await store.tracking.read((r) => r.getExperimentByName('vision')), expected);
      assert.equal(await store.tracking.read((r) => r.getExperiment('4')), undefined);
      assert.equal(await store.tracking.read((r) => r.getExperiment('abc')), undefined);
      assert.equal(await store.tracking.read((r) => r.getExperimentByName('Vision')), undefined);
    });

    it('rejects a taken name with ALREADY_EXISTS and leaves the first experiment intact', async () => {
      await store.tracking.write((w) => w.insertExperiment(experiment('1', 'same')));
      await assert.rejects(
        store.tracking.write((w) => w.insertExperiment(experiment('2', 'same'))),
        (error) =>
          isCairnError(error) &&
          error.category === 'ALREADY_EXISTS' &&
          error.code === 'tracking.experiment_name_taken',
      );
      await assert.rejects(
        store.tracking.write((w) => w.insertExperiment(experiment('1', 'other'))),
        (error) => isCairnError(error) && error.code === 'tracking.experiment_id_taken',
      );
      assert.equal((await store.tracking.read((r) => r.getExperiment('1')))?.name, 'same');
      assert.equal(await store.tracking.read((r) => r.getExperiment('2')), undefined);
    });

    it('keeps the transaction usable after a name conflict', async () => {
      const result = await store.tracking.write(async (w) => {
        await w.insertExperiment(experiment('1', 'taken'));
        const conflict = await w
          .insertExperiment(experiment('2', 'taken'))
          .catch((e: unknown) => e);
        await w.insertExperiment(experiment('2', 'fallback'));
        return conflict;
      });
      assert.ok(isCairnError(result));
      assert.equal((await store.tracking.read((r) => r.getExperiment('2')))?.name, 'fallback');
    });

    it('renames and soft-deletes; a rename onto a taken name fails', async () => {
      await store.tracking.write(async (w) => {
        await w.insertExperiment(experiment('1', 'a'));
        await w.insertExperiment(experiment('2', 'b'));
      });
      await store.tracking.write((w) =>
        w.updateExperiment('1', { name: 'a2', lastUpdateTime: 50 }),
      );
      await store.tracking.write((w) =>
        w.updateExperiment('2', { lifecycleStage: 'deleted', lastUpdateTime: 60 }),
      );
      const a = await store.tracking.read((r) => r.getExperiment('1'));
      const b = await store.tracking.read((r) => r.getExperiment('2'));
      assert.deepEqual([a?.name, a?.lastUpdateTime, b?.lifecycleStage], ['a2', 50, 'deleted']);
      await assert.rejects(
        store.tracking.write((w) => w.updateExperiment('1', { name: 'b', lastUpdateTime: 70 })),
        (error) => isCairnError(error) && error.code === 'tracking.experiment_name_taken',
      );
      assert.equal((await store.tracking.read((r) => r.getExperiment('1')))?.name, 'a2');
    });

    it('upserts and deletes experiment tags', async () => {
      await store.tracking.write(async (w) => {
        await w.insertExperiment(experiment('1', 'tagged'));
        await w.setExperimentTag('1', { key: 'k', value: 'v1' });
        await w.setExperimentTag('1', { key: 'k', value: 'v2' });
        await w.setExperimentTag('1', { key: 'gone', value: 'x' });
        await w.deleteExperimentTag('1', 'gone');
      });
      const tags = (await store.tracking.read((r) => r.getExperiment('1')))?.tags;
      assert.deepEqual(tags, [{ key: 'k', value: 'v2' }]);
    });

    describe('searchExperiments', () => {
      beforeEach(() =>
        store.tracking.write(async (w) => {
          await w.insertExperiment(
            experiment('1', 'Alpha', {
              creationTime: 10,
              lastUpdateTime: 30,
              tags: [{ key: 't', value: 'x' }],
            }),
          );
          await w.insertExperiment(
            experiment('2', 'beta', { creationTime: 20, lastUpdateTime: 20 }),
          );
          await w.insertExperiment(
            experiment('3', 'alphabet', {
              creationTime: 30,
              lastUpdateTime: 30,
              tags: [{ key: 't', value: 'y' }],
            }),
          );
          await w.insertExperiment(
            experiment('4', 'gone', {
              creationTime: 40,
              lastUpdateTime: 40,
              lifecycleStage: 'deleted',
            }),
          );
        }),
      );
      const run = (query: Partial<ExperimentSearchQuery>) =>
        store.tracking.read((r) => r.searchExperiments(search(query)));

      it('orders by last_update_time DESC then experiment_id by default, with tags', async () => {
        const found = await run({});
        assert.deepEqual(names(found), ['Alpha', 'alphabet', 'beta']);
        assert.deepEqual(found[0]?.tags, [{ key: 't', value: 'x' }]);
      });

      it('filters by view type', async () => {
        assert.deepEqual(names(await run({ viewType: 'DELETED_ONLY' })), ['gone']);
        assert.equal((await run({ viewType: 'ALL' })).length, 4);
      });

      it('filters names with = != LIKE (case-sensitive) and ILIKE', async () => {
        const byName = (comparator: '=' | '!=' | 'LIKE' | 'ILIKE', value: string) =>
          run({
            filter: [{ kind: 'attribute', key: 'name', comparator, value }],
            orderBy: [{ key: 'name', ascending: true }],
          });
        assert.deepEqual(names(await byName('=', 'beta')), ['beta']);
        assert.deepEqual(names(await byName('!=', 'beta')), ['Alpha', 'alphabet']);
        assert.deepEqual(names(await byName('LIKE', 'alpha%')), ['alphabet']);
        assert.deepEqual(names(await byName('ILIKE', 'ALPHA%')), ['Alpha', 'alphabet']);
        assert.deepEqual(names(await byName('LIKE', '_eta')), ['beta']);
      });

      it('filters numeric attributes and tags', async () => {
        const created = await run({
          filter: [{ kind: 'attribute', key: 'creation_time', comparator: '>=', value: 20 }],
        });
        assert.deepEqual(names(created), ['alphabet', 'beta']);
        const ids = await run({
          filter: [{ kind: 'attribute', key: 'experiment_id', comparator: '<', value: '3' }],
        });
        assert.deepEqual(names(ids), ['Alpha', 'beta']);
        const tagged = await run({
          filter: [{ kind: 'tag', key: 't', comparator: '!=', value: 'x' }],
        });
        assert.deepEqual(names(tagged), ['alphabet']);
      });

      it('orders by each attribute and pages with offset and limit', async () => {
        const order = (key: 'name' | 'experiment_id' | 'creation_time', ascending: boolean) =>
          run({ orderBy: [{ key, ascending }] });
        assert.deepEqual(names(await order('name', true)), ['Alpha', 'alphabet', 'beta']);
        assert.deepEqual(names(await order('experiment_id', false)), ['alphabet', 'beta', 'Alpha']);
        assert.deepEqual(names(await order('creation_time', true)), ['Alpha', 'beta', 'alphabet']);
        const page = await run({
          orderBy: [{ key: 'name', ascending: true }],
          offset: 1,
          limit: 1,
        });
        assert.deepEqual(names(page), ['alphabet']);
      });
    });

    it('remembers the first result for an idempotency key and prunes expired ones', async () => {
      const day = 24 * 60 * 60 * 1000;
      await store.tracking.write((w) => w.rememberResult('old', 'run-a', 1_000));
      await store.tracking.write((w) => w.rememberResult('old', 'run-b', 1_001));
      assert.equal(await store.tracking.read((r) => r.findRememberedResult('old')), 'run-a');
      assert.equal(await store.tracking.read((r) => r.findRememberedResult('never')), undefined);
      await store.tracking.write((w) => w.rememberResult('new', 'run-c', 1_000 + day + 1));
      assert.equal(await store.tracking.read((r) => r.findRememberedResult('old')), undefined);
      assert.equal(await store.tracking.read((r) => r.findRememberedResult('new')), 'run-c');
    });
  });
}
