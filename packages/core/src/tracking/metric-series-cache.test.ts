import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetricSeriesCache, type SeriesColumns } from './metric-series-cache.ts';

const series = (n: number): SeriesColumns => ({
  steps: Float64Array.from({ length: n }, (_, i) => i),
  timestamps: Float64Array.from({ length: n }, (_, i) => 1000 + i),
  values: Float64Array.from({ length: n }, (_, i) => i * 2),
});

test('a cached series is returned only while its point count is unchanged', () => {
  const cache = createMetricSeriesCache(100);
  const columns = series(10);
  assert.equal(cache.has('run', 'loss'), false);
  cache.set('run', 'loss', columns);
  assert.equal(cache.has('run', 'loss'), true);
  assert.equal(cache.get('run', 'loss', 10), columns);
  assert.equal(cache.get('run', 'acc', 10), undefined);
  assert.equal(cache.get('other', 'loss', 10), undefined);
  // A point was logged since: the stale entry is dropped, not served.
  assert.equal(cache.get('run', 'loss', 11), undefined);
  assert.equal(cache.get('run', 'loss', 10), undefined);
  assert.equal(cache.has('run', 'loss'), false);
});

test('keeps at most maxPoints, evicting the least recently used first', () => {
  const cache = createMetricSeriesCache(25);
  cache.set('r', 'a', series(10));
  cache.set('r', 'b', series(10));
  assert.ok(cache.get('r', 'a', 10)); // a is now more recent than b
  cache.set('r', 'c', series(10));
  assert.equal(cache.get('r', 'b', 10), undefined);
  assert.ok(cache.get('r', 'a', 10));
  assert.ok(cache.get('r', 'c', 10));
  cache.set('r', 'huge', series(26));
  assert.equal(cache.get('r', 'huge', 26), undefined, 'larger than the whole cache: not kept');
  assert.ok(cache.get('r', 'c', 10));
});
