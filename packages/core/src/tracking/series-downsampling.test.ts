import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { m4Indices } from './series-downsampling.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('m4Indices', () => {
  it('keeps a one-point spike among 100,000 points', () => {
    const xs = range(100_000);
    const ys = xs.map((i) => Math.sin(i / 1000));
    ys[61_234] = 50;
    ys[7_777] = -50;
    const kept = m4Indices(xs, ys, 800);
    assert.ok(kept.includes(61_234));
    assert.ok(kept.includes(7_777));
    assert.ok(kept.length <= 4 * 800);
    const values = kept.map((i) => ys[i] as number);
    assert.equal(Math.max(...values), 50);
    assert.equal(Math.min(...values), -50);
  });

  it('keeps the endpoints of a monotone series and returns x order', () => {
    const xs = range(10_000);
    const kept = m4Indices(xs, xs, 100);
    assert.equal(kept[0], 0);
    assert.equal(kept.at(-1), 9_999);
    for (let i = 1; i < kept.length; i++) assert.ok((kept[i] as number) > (kept[i - 1] as number));
    // Monotone: first = min and last = max in every bucket, so two points per bucket.
    assert.equal(kept.length, 200);
  });

  it('never returns more than 4 points per bucket', () => {
    const xs = range(5_000);
    const ys = xs.map((i) => ((i * 7919) % 101) - 50);
    for (const buckets of [1, 3, 17, 250]) {
      assert.ok(m4Indices(xs, ys, buckets).length <= 4 * buckets);
    }
  });

  it('returns every point when there are fewer than the buckets allow', () => {
    assert.deepEqual(m4Indices([0, 1, 2], [5, 1, 3], 10), [0, 1, 2]);
  });

  it('keeps first, min, max and last of one bucket, deduplicated, in x order', () => {
    const xs = [0, 1, 2, 3, 4, 5];
    const ys = [3, 9, 4, 0, 5, 6];
    // first=0 (x0), max=1 (9), min=3 (0), last=5 (x5); points 2 and 4 dropped.
    assert.deepEqual(m4Indices(xs, ys, 1), [0, 1, 3, 5]);
    // When first is also the max, it is kept once.
    assert.deepEqual(m4Indices([0, 1, 2], [9, 0, 5], 1), [0, 1, 2]);
    assert.deepEqual(m4Indices([0, 1, 2, 3], [9, 1, 0, 5], 1), [0, 2, 3]);
  });

  it('splits the x range into equal-width buckets', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7];
    const ys = [0, 5, 1, 0, 0, 2, 7, 0];
    // Buckets [0,4) and [4,7]: each keeps first, extremes, last.
    assert.deepEqual(m4Indices(xs, ys, 2), [0, 1, 3, 4, 6, 7]);
  });

  it('handles unsorted x (wall time need not follow step order)', () => {
    const xs = [30, 10, 20, 0];
    const ys = [1, 9, 0, 4];
    assert.deepEqual(m4Indices(xs, ys, 1), [3, 1, 2, 0]);
  });

  it('drops points outside the requested range', () => {
    const xs = range(100);
    const kept = m4Indices(xs, xs, 5, { min: 10, max: 19 });
    assert.equal(kept[0], 10);
    assert.equal(kept.at(-1), 19);
    assert.ok(kept.every((i) => i >= 10 && i <= 19));
  });

  it('keeps NaN points as ends but never as extremes', () => {
    assert.deepEqual(m4Indices([0, 1, 2, 3], [NaN, 2, 1, NaN], 1), [0, 1, 2, 3]);
    assert.deepEqual(m4Indices([0, 1, 2, 3, 4], [0, NaN, 5, NaN, 1], 1), [0, 2, 4]);
  });

  it('puts every point in one bucket when all share one x', () => {
    assert.deepEqual(m4Indices([4, 4, 4, 4], [1, 3, 0, 2], 10), [0, 1, 2, 3]);
  });

  it('is empty for no points and rejects a bad bucket count', () => {
    assert.deepEqual(m4Indices([], [], 10), []);
    assert.throws(() => m4Indices([1], [1], 0), RangeError);
  });
});
