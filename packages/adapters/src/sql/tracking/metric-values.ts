/** Metric values as stored: NaN becomes (0, is_nan = 1); ±Infinity is stored as is. */
import type { Metric } from '@cairn/core';

export interface StoredMetricValue {
  value: number;
  is_nan: number;
}

export function encodeMetricValue(value: number): StoredMetricValue {
  return Number.isNaN(value) ? { value: 0, is_nan: 1 } : { value, is_nan: 0 };
}

export function decodeMetricValue(row: StoredMetricValue): number {
  return row.is_nan === 1 ? Number.NaN : row.value;
}

/**
 * MLflow's "latest" order: (step, timestamp, value) compared as stored, so a NaN counts as
 * 0 (`_update_latest_metric_if_necessary` compares the stored value). True when `a` is
 * strictly later than `b`.
 */
export function isLaterPoint(
  a: { step: number; timestamp: number; value: number },
  b: { step: number; timestamp: number; value: number },
): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

export interface MetricPointRow extends StoredMetricValue {
  key: string;
  step: number;
  timestamp: number;
  run_uuid?: string;
  model_id?: string | null;
  dataset_name?: string | null;
  dataset_digest?: string | null;
}

/** A stored point as a Metric; optional fields only when present. */
export function toMetric(row: MetricPointRow): Metric {
  const metric: Metric = {
    key: row.key,
    value: decodeMetricValue(row),
    timestamp: row.timestamp,
    step: row.step,
  };
  if (row.dataset_name != null) metric.datasetName = row.dataset_name;
  if (row.dataset_digest != null) metric.datasetDigest = row.dataset_digest;
  if (row.model_id != null) metric.modelId = row.model_id;
  if (row.run_uuid !== undefined) metric.runId = row.run_uuid;
  return metric;
}
