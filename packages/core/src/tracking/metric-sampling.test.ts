import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Metric } from './entities.ts';
import { sampleMetricHistory, sampleSteps } from './metric-sampling.ts';

const series = (runId: string, steps: number[], value = (step: number) => step / 10): Metric[] =>
  steps.map((step) => ({ key: 'loss', value: value(step), timestamp: 1000 + step, step, runId }));

const range = (from: number, to: number, by = 1): number[] =>
  Array.from({ length: Math.floor((to - from) / by) + 1 }, (_, i) => from + i * by);

const stepsOf = (points: Metric[], runId: string) =>
  points.filter((p) => p.runId === runId).map((p) => p.step);

describe('sampleSteps', () => {
  // Expected values computed with MLflow's algorithm (abstract_store.get_metric_history_bulk_interval).
  it('picks evenly spaced steps plus the last one in range', () => {
    assert.deepEqual(
      [...sampleSteps(range(0, 999), 0, 999, 7)].sort((a, b) => a - b),
      [0, 142, 285, 428, 571, 714, 857, 999],
    );
    assert.deepEqual(
      [...sampleSteps(range(0, 999), 100, 200, 7)].sort((a, b) => a - b),
      [100, 114, 128, 143, 157, 172, 186, 200],
    );
  });
  it('returns every step in range when there are few enough', () => {
    assert.deepEqual([...sampleSteps([1, 5, 9], 0, 9, 3)], [1, 5, 9]);
    assert.deepEqual([...sampleSteps([1, 5, 9], 2, 8, 3)], [5]);
  });
});

describe('sampleMetricHistory', () => {
  it('pools the steps of all runs and keeps each run’s first and last step', () => {
    const points = [...series('a', range(0, 99)), ...series('b', range(3, 45, 7))];
    const result = sampleMetricHistory(points, { runIds: ['a', 'b'], maxResults: 10 });
    assert.deepEqual(stepsOf(result, 'a'), [0, 3, 10, 20, 30, 40, 45, 50, 60, 70, 80, 90, 99]);
    assert.deepEqual(stepsOf(result, 'b'), [3, 10, 45]);
  });

  it('returns runs in request order, every point at a chosen step, ordered by step then time', () => {
    const points: Metric[] = [
      { key: 'm', value: 2, timestamp: 20, step: 1, runId: 'x' },
      { key: 'm', value: 1, timestamp: 10, step: 1, runId: 'x' },
      { key: 'm', value: 5, timestamp: 5, step: 0, runId: 'y' },
      { key: 'm', value: 0, timestamp: 1, step: 0, runId: 'x' },
    ];
    const result = sampleMetricHistory(points, { runIds: ['y', 'x', 'y'], maxResults: 100 });
    assert.deepEqual(
      result.map((p) => [p.runId, p.step, p.timestamp]),
      [
        ['y', 0, 5],
        ['x', 0, 1],
        ['x', 1, 10],
        ['x', 1, 20],
      ],
    );
  });

  it('starts at step 0 when no range is given, as MLflow does', () => {
    const result = sampleMetricHistory(series('a', [-5, 0, 1, 2]), {
      runIds: ['a'],
      maxResults: 2,
    });
    assert.deepEqual(stepsOf(result, 'a'), [0, 1, 2]);
  });

  it('keeps only steps inside an explicit range', () => {
    const result = sampleMetricHistory(series('a', range(0, 999)), {
      runIds: ['a'],
      maxResults: 7,
      stepRange: { startStep: 100, endStep: 200 },
    });
    assert.deepEqual(stepsOf(result, 'a'), [100, 114, 128, 143, 157, 172, 186, 200]);
  });

  it('caps the points returned per run', () => {
    const points = range(0, 9).flatMap((t) =>
      series('a', [0, 1, 2], () => t).map((p) => ({ ...p, timestamp: t })),
    );
    const result = sampleMetricHistory(points, {
      runIds: ['a'],
      maxResults: 3,
      maxPointsPerRun: 12,
    });
    assert.equal(result.length, 12);
    assert.deepEqual([...new Set(result.map((p) => p.step))], [0, 1]);
  });

  it('ignores runs without points and points of runs not asked for', () => {
    const result = sampleMetricHistory([...series('a', [1]), ...series('zz', [1])], {
      runIds: ['a', 'b'],
      maxResults: 5,
    });
    assert.deepEqual(
      result.map((p) => p.runId),
      ['a'],
    );
  });
});
