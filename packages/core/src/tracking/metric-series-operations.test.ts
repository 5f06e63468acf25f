import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetricSeriesOperations } from './metric-series-operations.ts';
import type { MetricPoint, TrackingReader, TrackingStore } from './ports.ts';
import type { TrackingServiceDeps } from './service-support.ts';

/** A store holding one series in memory, answering the two reads a series needs. */
function fakeStore(points: MetricPoint[]) {
  const calls = { reads: 0, counts: 0 };
  const reader: Pick<TrackingReader, 'readMetricSeries' | 'countMetricPoints'> = {
    readMetricSeries() {
      calls.reads += 1;
      return Promise.resolve({
        steps: Float64Array.from(points, (p) => p.step),
        timestamps: Float64Array.from(points, (p) => p.timestamp),
        values: Float64Array.from(points, (p) => p.value),
      });
    },
    countMetricPoints() {
      calls.counts += 1;
      return Promise.resolve(points.length);
    },
  };
  const store = {
    read: (fn: (r: TrackingReader) => Promise<unknown>) => fn(reader as TrackingReader),
    write: () => Promise.reject(new Error('read only')),
  } as unknown as TrackingStore;
  const deps: TrackingServiceDeps = { store, clock: { now: () => 0 } };
  return { deps, calls };
}

const ctx = { actor: 'test' };
const whole = { x: 'step' as const, buckets: 100 };

test('a first read needs no count; later reads use the cache while the count is unchanged', async () => {
  const points = [
    { step: 0, timestamp: 1, value: 5 },
    { step: 1, timestamp: 2, value: 6 },
  ];
  const { deps, calls } = fakeStore(points);
  const series = createMetricSeriesOperations(deps);
  const first = await series.getMetricSeries(ctx, 'run', 'loss', whole);
  assert.deepEqual(first.points, points);
  assert.deepEqual(calls, { reads: 1, counts: 0 });
  await series.getMetricSeries(ctx, 'run', 'loss', whole);
  assert.deepEqual(calls, { reads: 1, counts: 1 }, 'served from the cache');
  points.push({ step: 2, timestamp: 3, value: 7 });
  const grown = await series.getMetricSeries(ctx, 'run', 'loss', whole);
  assert.deepEqual(calls, { reads: 2, counts: 2 }, 'a new point: read again');
  assert.deepEqual(
    grown.points.map((p) => p.value),
    [5, 6, 7],
  );
});
