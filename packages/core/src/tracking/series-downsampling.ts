/**
 * M4 downsampling of a metric series for a chart `buckets` pixels wide: the x range is cut
 * into equal-width buckets and each bucket keeps its first and last point (by x) and its
 * lowest and highest value. A line drawn through those points rasterises to the same pixels
 * as the full series, so spikes and plateaus survive — unlike keeping every k-th point,
 * which silently drops a one-point spike.
 */

/** Both ends inclusive. */
export interface SeriesRange {
  min: number;
  max: number;
}

/** Largest `buckets` the series route accepts (a very wide chart's pixel width). */
export const MAX_SERIES_BUCKETS = 4000;

/**
 * Indices of the points to keep, sorted by x (ties in input order), each at most once, so at
 * most `4 · buckets` of them. `xs` need not be sorted. Points outside `range` are dropped;
 * without it the range is the points' own. NaN values never win min/max but still count as
 * first/last, so a bucket of only NaN keeps its ends.
 */
export function m4Indices(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  buckets: number,
  range?: SeriesRange,
): number[] {
  if (!Number.isSafeInteger(buckets) || buckets < 1) {
    throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
  }
  const n = Math.min(xs.length, ys.length);
  const { min, max } = range ?? extent(xs, n);
  if (!(min <= max)) return [];

  const width = (max - min) / buckets;
  // One slot per bucket for each of the four roles; -1 = empty.
  const first = new Int32Array(buckets).fill(-1);
  const last = new Int32Array(buckets).fill(-1);
  const low = new Int32Array(buckets).fill(-1);
  const high = new Int32Array(buckets).fill(-1);

  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    if (!(x >= min && x <= max)) continue;
    const b = width > 0 ? Math.min(buckets - 1, Math.floor((x - min) / width)) : 0;
    const y = ys[i] as number;
    const f = first[b] as number;
    if (f < 0 || x < (xs[f] as number)) first[b] = i;
    const l = last[b] as number;
    if (l < 0 || x >= (xs[l] as number)) last[b] = i;
    if (!Number.isNaN(y)) {
      const lo = low[b] as number;
      if (lo < 0 || y < (ys[lo] as number)) low[b] = i;
      const hi = high[b] as number;
      if (hi < 0 || y > (ys[hi] as number)) high[b] = i;
    }
  }

  const kept = new Set<number>();
  for (let b = 0; b < buckets; b++) {
    for (const slot of [first, low, high, last]) {
      const i = slot[b] as number;
      if (i >= 0) kept.add(i);
    }
  }
  return [...kept].sort((a, b) => (xs[a] as number) - (xs[b] as number) || a - b);
}

function extent(xs: ArrayLike<number>, n: number): SeriesRange {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}
