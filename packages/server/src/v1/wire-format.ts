/**
 * Entities to their wire form. The only difference from the `@cairn/core` shapes is that
 * JSON has no NaN or infinities, so metric values carry those as strings.
 */
import type { LoggedModel, Metric, Run } from '@cairn/core';

export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function wireNumber(value: number): WireNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

export type WireMetric = Omit<Metric, 'value'> & { value: WireNumber };

export function wireMetrics(metrics: readonly Metric[]): WireMetric[] {
  // Most batches are all finite: hand them out unchanged instead of copying every point.
  if (metrics.every((metric) => Number.isFinite(metric.value))) return metrics as Metric[];
  return metrics.map((metric) => ({ ...metric, value: wireNumber(metric.value) }));
}

export function wireRun(run: Run) {
  return { ...run, data: { ...run.data, metrics: wireMetrics(run.data.metrics) } };
}

export function wireLoggedModel(model: LoggedModel) {
  return { ...model, metrics: wireMetrics(model.metrics) };
}
