import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { LoggedModel, Metric } from '@cairn/core';
import type { MetadataStore } from '../index.ts';
import { runInfo, seedRuns, storeTargets } from './contract-harness.ts';
import type { OpenedStore } from './contract-harness.ts';

const point = (key: string, value: number, step: number, timestamp = 1): Metric => ({
  key,
  value,
  step,
  timestamp,
});

for (const target of await storeTargets()) {
  describe(`metrics (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
      await seedRuns(store, [runInfo('r1', '1'), runInfo('r2', '1')]);
    });
    afterEach(() => opened.dispose());

    const log = (runId: string, metrics: Metric[]) =>
      store.tracking.write((w) => w.insertMetrics(runId, metrics));
    const history = (runId: string, key: string, offset = 0, limit = 1000) =>
      store.tracking.read((r) => r.getMetricHistory(runId, key, { offset, limit }));
    const latest = async (runId: string) => {
      const run = await store.tracking.read((r) => r.getRun(runId));
      return Object.fromEntries((run?.data.metrics ?? []).map((m) => [m.key, m]));
    };

    it('round-trips NaN, Infinity and -Infinity in history and latest values', async () => {
      await log('r1', [
        point('nan', Number.NaN, 0),
        point('inf', Infinity, 0),
        point('neg', -Infinity, 0),
      ]);
      const [nan] = await history('r1', 'nan');
      assert.ok(Number.isNaN(nan?.value));
      assert.deepEqual(await history('r1', 'inf'), [point('inf', Infinity, 0)]);
      assert.deepEqual(await history('r1', 'neg'), [point('neg', -Infinity, 0)]);
      const values = await latest('r1');
      assert.ok(Number.isNaN(values.nan?.value));
      assert.equal(values.inf?.value, Infinity);
      assert.equal(values.neg?.value, -Infinity);
    });

    it('stores an identical point once, so a retried batch never duplicates', async () => {
      const batch = [
        point('m', 1, 0),
        point('m', 1, 0),
        point('m', 2, 0),
        point('m', Number.NaN, 0),
        point('m', 0, 0),
      ];
      await log('r1', batch);
      await log('r1', batch);
      const stored = await history('r1', 'm');
      assert.equal(stored.length, 4);
      assert.deepEqual(
        stored.filter((m) => !Number.isNaN(m.value)).map((m) => m.value),
        [0, 1, 2],
      );
      assert.equal(stored.filter((m) => Number.isNaN(m.value)).length, 1);
    });

    it('keeps the latest value as the maximum of (step, timestamp, value)', async () => {
      await log('r1', [point('a', 5, 1, 100), point('a', 1, 2, 50)]);
      assert.equal((await latest('r1')).a?.value, 1, 'a higher step wins over a later timestamp');
      await log('r1', [point('a', 9, 1, 999)]);
      assert.equal((await latest('r1')).a?.value, 1, 'an older step never replaces the latest');
      await log('r1', [point('a', 3, 2, 60)]);
      assert.equal((await latest('r1')).a?.value, 3, 'same step, later timestamp wins');
      await log('r1', [point('a', 4, 2, 60), point('a', 2, 2, 60)]);
      assert.deepEqual(
        (await latest('r1')).a,
        point('a', 4, 2, 60),
        'same step and time: larger value',
      );
    });

    it('compares NaN as 0 for the latest value, and keeps the first of equal points', async () => {
      await log('r1', [point('n', -1, 0), point('n', Number.NaN, 0)]);
      assert.ok(Number.isNaN((await latest('r1')).n?.value), 'NaN (as 0) beats -1');
      await log('r1', [point('n', 1, 0)]);
      assert.equal((await latest('r1')).n?.value, 1, '1 beats NaN (as 0)');
      await log('r1', [point('z', 0, 0), point('z', Number.NaN, 0)]);
      assert.equal((await latest('r1')).z?.value, 0, 'first of equal points stays');
      await log('r2', [point('z', Number.NaN, 0)]);
      await log('r2', [point('z', 0, 0)]);
      assert.ok(
        Number.isNaN((await latest('r2')).z?.value),
        'an equal later batch does not replace',
      );
    });

    it('orders history by step, timestamp and value, and pages it', async () => {
      await log('r1', [
        point('h', 3, 2, 1),
        point('h', 1, 1, 2),
        point('h', 2, 1, 1),
        point('h', 0, 1, 1),
      ]);
      const all = await history('r1', 'h');
      assert.deepEqual(
        all.map((m) => [m.step, m.timestamp, m.value]),
        [
          [1, 1, 0],
          [1, 1, 2],
          [1, 2, 1],
          [2, 1, 3],
        ],
      );
      assert.deepEqual(await history('r1', 'h', 1, 2), all.slice(1, 3));
      assert.deepEqual(await history('r1', 'absent'), []);
      assert.deepEqual(await history('ghost', 'h'), []);
    });

    const series = async (runId: string, key: string) => {
      const c = await store.tracking.read((r) => r.readMetricSeries(runId, key));
      return Array.from(c.values, (value, i) => [c.steps[i], c.timestamps[i], value]);
    };
    const historyPoints = async (runId: string, key: string) =>
      (await history(runId, key, 0, 100_000)).map((m) => [m.step, m.timestamp, m.value]);

    it('reads a series as columns in stored order, exact across equal steps, NaN and infinities', async () => {
      await log('r1', [
        point('m', 5, 2),
        point('m', Number.NaN, 1, 7),
        point('m', 0, 1, 7),
        point('m', -Infinity, 1, 7),
        point('m', Infinity, 1, 7),
        point('m', 3, 0),
        point('other', 9, 0),
      ]);
      await log('r2', [point('m', 1, 0)]);
      // Stored order: (step, timestamp, value, is_nan), NaN stored as (0, 1).
      assert.deepEqual(await series('r1', 'm'), [
        [0, 1, 3],
        [1, 7, -Infinity],
        [1, 7, 0],
        [1, 7, Number.NaN],
        [1, 7, Infinity],
        [2, 1, 5],
      ]);
      assert.deepEqual(await series('r1', 'none'), []);
      assert.deepEqual(await series('missing-run', 'm'), []);
      const count = (run: string, key: string) =>
        store.tracking.read((r) => r.countMetricPoints(run, key));
      assert.deepEqual(
        [await count('r1', 'm'), await count('r1', 'other'), await count('r2', 'm')],
        [6, 1, 1],
      );
      assert.deepEqual([await count('r1', 'none'), await count('missing-run', 'm')], [0, 0]);
    });

    it('keeps the packed series equal to the stored points across blocks, retries and any order', async () => {
      // 3,000 points per key in batches of 1 to 700: several 256-point blocks, partly
      // filled tails, steps logged backwards and repeated, retried batches, NaN and ±Infinity.
      let seed = 7;
      const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const special = [Number.NaN, Infinity, -Infinity, 0];
      const all: Metric[] = [];
      for (let i = 0; i < 3000; i += 1) {
        for (const key of ['a', 'b']) {
          const step = key === 'a' ? 3000 - i : Math.floor(random() * 500);
          const value = i % 97 === 0 ? (special[i % 4] as number) : random();
          all.push(point(key, value, step, 1000 + Math.floor(random() * 3)));
        }
      }
      for (let start = 0; start < all.length;) {
        const size = 1 + Math.floor(random() * 700);
        const batch = all.slice(start, start + size);
        await log('r1', batch);
        if (random() < 0.3) await log('r1', batch); // a retried request adds nothing
        start += size;
      }
      for (const key of ['a', 'b']) {
        const expected = await historyPoints('r1', key);
        assert.ok(expected.length > 1024, `key ${key} spans several blocks`);
        assert.deepEqual(await series('r1', key), expected);
        assert.equal(
          await store.tracking.read((r) => r.countMetricPoints('r1', key)),
          expected.length,
        );
      }
    });

    it('packs a series again when a batch overlaps points already stored', async () => {
      await log('r1', [point('m', 1, 0), point('m', 2, 1)]);
      // One point new, one stored before, one repeated within the batch.
      await log('r1', [point('m', 2, 1), point('m', 3, 2), point('m', 3, 2)]);
      assert.deepEqual(await series('r1', 'm'), [
        [0, 1, 1],
        [1, 1, 2],
        [2, 1, 3],
      ]);
      await log('r1', [point('m', 4, 3)]);
      assert.deepEqual((await series('r1', 'm')).length, 4);
    });

    it('appends batches of 1,000 different keys to each series', async () => {
      const batch = (step: number) =>
        Array.from({ length: 1000 }, (_, k) => point(`k${k}`, k + step / 10, step));
      await log('r1', batch(0));
      await log('r1', batch(1));
      for (const k of [0, 499, 500, 999]) {
        assert.deepEqual(await series('r1', `k${k}`), [
          [0, 1, k],
          [1, 1, k + 0.1],
        ]);
      }
    });

    it('appends concurrent batches of one series without losing any', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, writer) =>
          log(
            'r1',
            Array.from({ length: 300 }, (_, i) => point('m', writer + i / 1000, i * 8 + writer)),
          ),
        ),
      );
      const expected = await historyPoints('r1', 'm');
      assert.equal(expected.length, 2400);
      assert.deepEqual(await series('r1', 'm'), expected);
    });

    it('reads series points committed after an earlier read', async () => {
      await log('r1', [point('m', 1, 0), point('m', 2, 1)]);
      assert.deepEqual((await series('r1', 'm')).length, 2);
      await log('r1', [point('m', 3, 2)]);
      assert.deepEqual(await series('r1', 'm'), [
        [0, 1, 1],
        [1, 1, 2],
        [2, 1, 3],
      ]);
    });

    it('reads one metric of several runs, ordered by run then step, within a step range', async () => {
      await log('r2', [point('m', 20, 0), point('m', 21, 1), point('m', 22, 2)]);
      await log('r1', [point('m', 10, 0), point('m', 11, 1), point('other', 0, 1)]);
      const all = await store.tracking.read((r) => r.getMetricHistoryForRuns(['r2', 'r1'], 'm'));
      assert.deepEqual(
        all.map((m) => [m.runId, m.step, m.value]),
        [
          ['r1', 0, 10],
          ['r1', 1, 11],
          ['r2', 0, 20],
          ['r2', 1, 21],
          ['r2', 2, 22],
        ],
      );
      const ranged = await store.tracking.read((r) =>
        r.getMetricHistoryForRuns(['r1', 'r2'], 'm', { startStep: 1, endStep: 1 }),
      );
      assert.deepEqual(
        ranged.map((m) => [m.runId, m.value]),
        [
          ['r1', 11],
          ['r2', 21],
        ],
      );
    });

    it('writes batches larger than one statement can bind', async () => {
      const points = Array.from({ length: 6000 }, (_, i) => point(`k${i % 3}`, i, i));
      await log('r1', points);
      assert.equal((await history('r1', 'k0', 0, 5000)).length, 2000);
      const values = await latest('r1');
      assert.deepEqual(
        ['k0', 'k1', 'k2'].map((k) => values[k]?.value),
        [5997, 5998, 5999],
      );
    });

    it('copies points naming a logged model to that model, keeping dataset and run', async () => {
      const model: LoggedModel = {
        modelId: 'm-1',
        experimentId: '1',
        name: 'model',
        artifactLocation: 'mlflow-artifacts:/1/models/m-1/artifacts',
        creationTimestamp: 1,
        lastUpdatedTimestamp: 1,
        modelType: null,
        sourceRunId: 'r1',
        status: 'LOGGED_MODEL_PENDING',
        statusMessage: null,
        tags: [],
        params: [],
        metrics: [],
      };
      await store.tracking.write((w) => w.insertLoggedModel(model));
      const scoped = {
        ...point('acc', 0.9, 3),
        modelId: 'm-1',
        datasetName: 'iris',
        datasetDigest: 'abc',
      };
      await log('r1', [
        scoped,
        { ...point('acc', 0.1, 1), modelId: 'm-unknown' },
        point('loss', 1, 1),
      ]);
      await log('r1', [scoped]);
      const stored = await store.tracking.read((r) => r.getLoggedModel('m-1'));
      assert.deepEqual(stored?.metrics, [{ ...scoped, runId: 'r1' }]);
      assert.deepEqual(await history('r1', 'acc'), [
        { ...point('acc', 0.1, 1), modelId: 'm-unknown' },
        scoped,
      ]);
    });
  });
}
