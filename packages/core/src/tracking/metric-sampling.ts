/**
 * The sampled metric history MLflow's UI charts ask for (`get_metric_history_bulk_interval`
 * in `mlflow/store/tracking/abstract_store.py`). Steps, not points, are sampled: the steps
 * of all requested runs are pooled, up to `maxResults` of them are picked at even intervals
 * (always including the last one in range), the first and last step of each run are added
 * back so no run loses its ends, and every point at a picked step is returned.
 */
import type { Metric } from './entities.ts';
import { TrackingLimits } from './limits.ts';

export interface SampleOptions {
  /** Request order; duplicates are ignored. */
  runIds: readonly string[];
  maxResults: number;
  /** Both ends inclusive. Without it MLflow samples from step 0 to the largest step logged. */
  stepRange?: { startStep: number; endStep: number } | undefined;
  /** Points returned per run (MLflow's `MAX_RESULTS_GET_METRIC_HISTORY`). */
  maxPointsPerRun?: number;
}

function bisectLeft(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bisectRight(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value < (sorted[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Picks the steps to return from the pooled, sorted, distinct steps of all runs. */
export function sampleSteps(
  allSteps: readonly number[],
  startStep: number,
  endStep: number,
  maxResults: number,
): Set<number> {
  const startIdx = bisectLeft(allSteps, startStep);
  const endIdx = bisectRight(allSteps, endStep);
  if (endIdx - startIdx <= maxResults) return new Set(allSteps.slice(startIdx, endIdx));
  const interval = (endIdx - startIdx) / maxResults;
  const sampled = new Set<number>();
  for (let i = 0; i < maxResults; i++) {
    const idx = startIdx + Math.floor(i * interval);
    if (idx < endIdx) sampled.add(allSteps[idx] as number);
  }
  sampled.add(allSteps[endIdx - 1] as number);
  return sampled;
}

const byStepThenTime = (a: Metric, b: Metric): number =>
  a.step - b.step || a.timestamp - b.timestamp;

/**
 * Samples `points` (one metric of several runs, each point carrying its `runId`) and
 * returns the chosen points run by run in request order, each run's ordered by step
 * then timestamp.
 */
export function sampleMetricHistory(points: readonly Metric[], options: SampleOptions): Metric[] {
  const runIds = [...new Set(options.runIds)];
  const perRun = new Map<string, Metric[]>(runIds.map((id) => [id, []]));
  for (const point of points) {
    if (point.runId !== undefined) perRun.get(point.runId)?.push(point);
  }

  const pooled = new Set<number>();
  const ends: number[] = [];
  for (const series of perRun.values()) {
    if (series.length === 0) continue;
    series.sort(byStepThenTime);
    for (const point of series) pooled.add(point.step);
    ends.push((series[0] as Metric).step, (series.at(-1) as Metric).step);
  }
  const allSteps = [...pooled].sort((a, b) => a - b);
  const startStep = options.stepRange?.startStep ?? 0;
  const endStep = options.stepRange?.endStep ?? allSteps.at(-1) ?? 0;

  const steps = sampleSteps(allSteps, startStep, endStep, options.maxResults);
  for (const step of ends) {
    if (step >= startStep && step <= endStep) steps.add(step);
  }

  const cap = options.maxPointsPerRun ?? TrackingLimits.bulkIntervalMaxPointsPerRun;
  const result: Metric[] = [];
  for (const [runId, series] of perRun) {
    let taken = 0;
    for (const point of series) {
      if (taken >= cap) break;
      if (!steps.has(point.step)) continue;
      result.push({ ...point, runId });
      taken++;
    }
  }
  return result;
}
