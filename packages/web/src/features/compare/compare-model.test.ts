import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  metricColor,
  metricRows,
  numericParamKeys,
  numericValue,
  parallelLayout,
  paramRows,
  parseCompareRuns,
  sharedMetricKeys,
} from './compare-model.ts';
import type { ComparedRun } from './compare-model.ts';

const run = (
  id: string,
  params: Record<string, string>,
  metrics: Record<string, number>,
): ComparedRun => ({
  info: { runId: id, runName: id, startTime: 0 },
  data: {
    params: Object.entries(params).map(([key, value]) => ({ key, value })),
    metrics: Object.entries(metrics).map(([key, value]) => ({ key, value })),
  },
});

const runs = [
  run('a', { lr: '0.1', opt: 'adam', layers: '2' }, { acc: 0.9, loss: 0.3, only_a: 1 }),
  run('b', { lr: '0.01', opt: 'adam', layers: '2' }, { acc: 0.8, loss: 0.3 }),
  run('c', { lr: '0.001', opt: 'sgd' }, { acc: 0.95, loss: NaN }),
];

describe('compare model', () => {
  it('reads distinct run ids from ?runs=', () => {
    assert.deepEqual(parseCompareRuns('?runs=a,b,,a, c'), ['a', 'b', 'c']);
    assert.deepEqual(parseCompareRuns(''), []);
    const many = Array.from({ length: 80 }, (_, i) => `r${i}`).join(',');
    assert.equal(parseCompareRuns(`?runs=${many}`).length, 50);
  });

  it('lines params up by key and marks differing rows', () => {
    assert.deepEqual(paramRows(runs), [
      { key: 'layers', values: ['2', '2', undefined], differs: true },
      { key: 'lr', values: ['0.1', '0.01', '0.001'], differs: true },
      { key: 'opt', values: ['adam', 'adam', 'sgd'], differs: true },
    ]);
    const same = paramRows(runs.slice(0, 2));
    assert.equal(same.find((r) => r.key === 'opt')?.differs, false);
    assert.equal(same.find((r) => r.key === 'layers')?.differs, false);
  });

  it('compares metrics numerically, NaN equal to NaN', () => {
    const rows = metricRows([runs[0] as ComparedRun, runs[1] as ComparedRun]);
    assert.deepEqual(
      rows.map((r) => [r.key, r.differs]),
      [
        ['acc', true],
        ['loss', false],
        ['only_a', true],
      ],
    );
    const nan = metricRows([run('x', {}, { m: NaN }), run('y', {}, { m: NaN })]);
    assert.equal(nan[0]?.differs, false);
  });

  it('finds the metric keys all runs share and the numeric params', () => {
    assert.deepEqual(sharedMetricKeys(runs), ['acc', 'loss']);
    assert.deepEqual(sharedMetricKeys([]), []);
    assert.deepEqual(numericParamKeys(runs), ['layers', 'lr']);
    assert.equal(numericValue('1e-3'), 0.001);
    assert.equal(numericValue('adam'), undefined);
    assert.equal(numericValue(' '), undefined);
  });

  it('lays out one axis per column and a path per run', () => {
    const layout = parallelLayout(
      [
        { key: 'lr', values: [0.1, 0.05, 0.001], isMetric: false },
        { key: 'layers', values: [2, 2, undefined], isMetric: false },
        { key: 'acc', values: [0.9, 0.8, 0.95], isMetric: true },
      ],
      3,
      { width: 220, height: 120, margin: 10 },
    );
    assert.deepEqual(
      layout.axes.map((a) => [a.key, a.x, a.min, a.max]),
      [
        ['lr', 10, 0.001, 0.1],
        ['layers', 110, 2, 2],
        ['acc', 210, 0.8, 0.95],
      ],
    );
    // Run a: top of lr, middle of the constant layers axis, acc 0.9 two-thirds up.
    assert.equal(layout.lines[0]?.d, 'M10,10L110,60L210,43.3');
    // Run c lacks layers: its path breaks there.
    assert.equal(layout.lines[2]?.d, 'M10,110M210,10');
    assert.equal(layout.lines[1]?.metric, 0.8);
  });

  it('spreads a positive axis spanning two decades on log10', () => {
    const layout = parallelLayout(
      [
        { key: 'lr', values: [0.1, 0.01, 0.001], isMetric: false },
        { key: 'acc', values: [1, 2, 3], isMetric: true },
      ],
      3,
      { width: 120, height: 120, margin: 10 },
    );
    assert.deepEqual(
      layout.axes.map((a) => a.log),
      [true, false],
    );
    // 0.01 is the middle decade: half-way up.
    assert.equal(layout.lines[1]?.d, 'M10,60L110,60');
  });

  it('colours runs from blue (low) to red (high)', () => {
    assert.equal(metricColor(0, 0, 1), 'hsl(220 75% 50%)');
    assert.equal(metricColor(1, 0, 1), 'hsl(0 75% 50%)');
    assert.equal(metricColor(undefined, 0, 1), '#8b949e');
  });
});
