/**
 * JSON has no NaN or ±Infinity, so v1 carries non-finite metric values as the strings
 * "NaN", "Infinity" and "-Infinity". These helpers convert at the SDK's edge so callers
 * only ever see numbers.
 */
import type { LoggedModel, Metric, Run } from './wire-types.ts';

/** A metric as it travels on the wire. */
export type WireMetric = Omit<Metric, 'value'> & { value: number | string };

export function encodeNumber(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function decodeNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  // A server sending anything else is broken; NaN keeps the point visible rather than
  // throwing away a whole page of history.
  return typeof value === 'string' ? Number(value) : NaN;
}

export function encodeMetric(metric: Metric): WireMetric {
  return { ...metric, value: encodeNumber(metric.value) };
}

export function decodeMetric(metric: WireMetric): Metric {
  return { ...metric, value: decodeNumber(metric.value) };
}

export function decodeRun(run: Run): Run {
  return { ...run, data: { ...run.data, metrics: run.data.metrics.map(decodeMetric) } };
}

export function decodeLoggedModel(model: LoggedModel): LoggedModel {
  return { ...model, metrics: model.metrics.map(decodeMetric) };
}
