import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  extentOf,
  linearScale,
  logScale,
  logTicks,
  nearestIndex,
  niceStep,
  niceTicks,
  withHeadroom,
} from './chart-scales.ts';
import { emaSmooth } from './chart-smoothing.ts';
import { formatDuration, formatTick, formatValue, formatWallTime } from './chart-format.ts';
import {
  apiAxis,
  chartStateQuery,
  filterKeys,
  parseChartState,
  toChartXY,
} from './chart-view-state.ts';

describe('chart scales', () => {
  it('leaves headroom around the y extent so a spike is drawn inside the plot', () => {
    assert.deepEqual(withHeadroom([0, 100]), [-4, 104]);
    assert.deepEqual(withHeadroom([-1, 1], 0.5), [-2, 2]);
  });

  it('maps linearly both ways, with a flipped range for y', () => {
    const y = linearScale([0, 10], [100, 0]);
    assert.equal(y(0), 100);
    assert.equal(y(10), 0);
    assert.equal(y(2.5), 75);
    assert.equal(y.invert(75), 2.5);
    assert.equal(linearScale([3, 3], [0, 100])(3), 50);
  });

  it('maps log10 and drops non-positive values', () => {
    const y = logScale([1, 1000], [0, 300]);
    assert.equal(y(10), 100);
    assert.ok(Math.abs(y.invert(200) - 100) < 1e-9);
    assert.ok(Number.isNaN(y(0)));
    assert.ok(Number.isNaN(y(-1)));
    assert.equal(y.kind, 'log');
    assert.equal(linearScale([0, 1], [0, 1]).kind, 'linear');
  });

  it('picks 1/2/5 steps and exact tick values', () => {
    assert.equal(niceStep(0, 10, 5), 2);
    assert.equal(niceStep(0, 1, 4), 0.5);
    assert.equal(niceStep(0, 700, 5), 200);
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(0.05, 0.32, 3), [0.1, 0.2, 0.3]);
    assert.deepEqual(niceTicks(-3, 3, 3), [-2, 0, 2]);
    assert.deepEqual(niceTicks(5, 5, 4), [5]);
  });

  it('puts log ticks on powers of ten', () => {
    assert.deepEqual(logTicks(0.5, 2000, 10), [1, 10, 100, 1000]);
    assert.deepEqual(logTicks(1, 1e8, 4), [1, 1000, 1000000]);
    assert.deepEqual(logTicks(0, 10, 5), []);
  });

  it('finds the extent of finite values, padding a flat series', () => {
    assert.deepEqual(extentOf([3, NaN, -1, Infinity, 7]), [-1, 7]);
    assert.deepEqual(extentOf([-2, 0, 5], true), [0.5, 50]);
    assert.deepEqual(extentOf([4, 4]), [3.6, 4.4]);
    assert.deepEqual(extentOf([0]), [-1, 1]);
    assert.equal(extentOf([NaN]), undefined);
  });

  it('finds the nearest x by binary search', () => {
    const xs = [0, 10, 20, 30];
    assert.equal(nearestIndex(xs, -5), 0);
    assert.equal(nearestIndex(xs, 14), 1);
    assert.equal(nearestIndex(xs, 16), 2);
    assert.equal(nearestIndex(xs, 99), 3);
    assert.equal(nearestIndex([], 1), -1);
  });
});

describe('EMA smoothing', () => {
  it('is the identity at weight 0 and debiased from the first point', () => {
    assert.deepEqual(emaSmooth([1, 5, 3], 0), [1, 5, 3]);
    const out = emaSmooth([10, 10, 10], 0.9);
    for (const v of out) assert.ok(Math.abs(v - 10) < 1e-9);
  });

  it('matches the recurrence by hand', () => {
    const [a, b] = emaSmooth([0, 1], 0.5);
    assert.equal(a, 0);
    // s1 = 0.5·0 + 0.5·0 = 0; s2 = 0.5·0 + 0.5·1 = 0.5; debiased 0.5 / (1 − 0.25).
    assert.ok(Math.abs((b as number) - 0.5 / 0.75) < 1e-12);
  });

  it('damps noise and passes non-finite values through', () => {
    const noisy = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const smooth = emaSmooth(noisy, 0.95);
    assert.ok(Math.abs(smooth.at(-1) as number) < 0.1);
    const withNaN = emaSmooth([1, NaN, 1], 0.5);
    assert.ok(Number.isNaN(withNaN[1]));
    assert.ok(Math.abs((withNaN[2] as number) - 1) < 1e-12);
  });
});

describe('chart formatting', () => {
  it('labels ticks to the precision of the step', () => {
    assert.equal(formatTick(0.2, 0.2), '0.2');
    assert.equal(formatTick(0.25, 0.05), '0.25');
    assert.equal(formatTick(1500, 500), '1500');
    assert.equal(formatTick(0, 1), '0');
    assert.equal(formatTick(2e7, 1e7), '2e+7');
  });

  it('formats values, durations and wall times', () => {
    assert.equal(formatValue(0.123456789), '0.123457');
    assert.equal(formatValue(42), '42');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(-Infinity), '−∞');
    assert.equal(formatValue(0.00001234), '1.2340e-5');
    assert.equal(formatDuration(250), '250ms');
    assert.equal(formatDuration(12_500), '12.5s');
    assert.equal(formatDuration(185_000), '3m 05s');
    assert.equal(formatDuration(3_720_000), '1h 02m');
    assert.equal(formatWallTime(Date.UTC(2026, 0, 2, 3, 4, 5), 3_600_000), '03:04:05');
    assert.equal(formatWallTime(Date.UTC(2026, 0, 2, 3, 4, 5), 3 * 86_400_000), '2026-01-02 03:04');
  });
});

describe('chart view state', () => {
  it('reads defaults and round-trips through the query', () => {
    assert.deepEqual(parseChartState(''), {
      xMode: 'step',
      yLog: false,
      smoothing: 0,
      keyFilter: '',
    });
    const state = { xMode: 'relative', yLog: true, smoothing: 0.6, keyFilter: 'loss' } as const;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(chartStateQuery(state)))
      if (v !== undefined) query.set(k, v);
    assert.equal(query.toString(), 'x=relative&ylog=1&smooth=0.6&keys=loss');
    assert.deepEqual(parseChartState(`?${query.toString()}`), state);
    assert.deepEqual(chartStateQuery(parseChartState('')), {
      x: undefined,
      ylog: undefined,
      smooth: undefined,
      keys: undefined,
    });
  });

  it('rejects unknown modes and clamps smoothing', () => {
    const state = parseChartState('?x=bogus&smooth=7');
    assert.equal(state.xMode, 'step');
    assert.equal(state.smoothing, 0.99);
    assert.equal(parseChartState('?smooth=abc').smoothing, 0);
  });

  it('maps points to x by step, time or time since the run started', () => {
    const points = [
      { step: 0, timestamp: 1000, value: 1 },
      { step: 5, timestamp: 4000, value: 2 },
    ];
    assert.deepEqual(toChartXY(points, 'step').xs, [0, 5]);
    assert.deepEqual(toChartXY(points, 'time').xs, [1000, 4000]);
    assert.deepEqual(toChartXY(points, 'relative', 500).xs, [500, 3500]);
    assert.deepEqual(toChartXY(points, 'relative').xs, [0, 3000]);
    assert.deepEqual(toChartXY(points, 'step').ys, [1, 2]);
    assert.equal(apiAxis('relative'), 'time');
    assert.equal(apiAxis('step'), 'step');
  });

  it('filters and sorts metric keys', () => {
    assert.deepEqual(filterKeys(['val/loss', 'acc', 'train/LOSS', 'acc'], 'loss'), [
      'train/LOSS',
      'val/loss',
    ]);
    assert.deepEqual(filterKeys(['b', 'a'], ' '), ['a', 'b']);
  });
});
