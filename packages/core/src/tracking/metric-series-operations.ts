/**
 * The chart series of one metric: the full history is read from the store page by page
 * (never one unbounded query) and reduced to what a chart of `buckets` pixels can show with
 * M4 (`series-downsampling.ts`), so 100,000-point series keep their spikes and stay small.
 */
import { invalidArgument } from '../kernel/index.ts';
import { validateBoundedString, validateLookupId } from './entity-validation.ts';
import { TrackingLimits } from './limits.ts';
import { MAX_SERIES_BUCKETS, m4Indices, type SeriesRange } from './series-downsampling.ts';
import type { MetricPoint } from './ports.ts';
import type { TrackingServiceDeps } from './service-support.ts';
import type { MetricSeriesOptions, TrackingApi } from './tracking-api.ts';

type MetricSeriesOperations = Pick<TrackingApi, 'getMetricSeries'>;

export function createMetricSeriesOperations(deps: TrackingServiceDeps): MetricSeriesOperations {
  const { store } = deps;

  return {
    // Like the paged history, an unknown run or key is an empty series, not an error.
    async getMetricSeries(_ctx, runId, key, options) {
      const id = validateLookupId(runId, 'run_id');
      const metricKey = validateBoundedString(key, 'metric_key', TrackingLimits.maxEntityKeyLength);
      const { byTime, buckets, bounds } = validateSeriesOptions(options);

      // Columns rather than Metric objects: a 100,000-point history stays a few typed-size arrays.
      const steps: number[] = [];
      const timestamps: number[] = [];
      const values: number[] = [];
      const pageSize = TrackingLimits.metricHistoryMax;
      // History comes in step order: a step-axis zoom starts its read just before xMin (the
      // cursor sorts after every point of the previous step) and stops past xMax.
      const stepBounds = !byTime && bounds !== undefined ? bounds : undefined;
      let after: MetricPoint | undefined =
        stepBounds !== undefined && Number.isFinite(stepBounds.min)
          ? { step: Math.ceil(stepBounds.min) - 1, timestamp: Number.MAX_SAFE_INTEGER, value: 0 }
          : undefined;
      for (;;) {
        const cursor = after;
        const page = await store.read((reader) =>
          reader.getMetricPoints(id, metricKey, cursor, pageSize),
        );
        after = page.at(-1);
        for (const point of page) {
          const x = byTime ? point.timestamp : point.step;
          if (bounds !== undefined && !(x >= bounds.min && x <= bounds.max)) continue;
          steps.push(point.step);
          timestamps.push(point.timestamp);
          values.push(point.value);
        }
        if (page.length < pageSize) break;
        if (stepBounds !== undefined && (after?.step ?? -Infinity) > stepBounds.max) break;
      }

      const total = values.length;
      const pointAt = (i: number) => ({
        step: steps[i] as number,
        timestamp: timestamps[i] as number,
        value: values[i] as number,
      });
      const xs = byTime ? timestamps : steps;
      if (total <= 4 * buckets) {
        // Within budget: everything, in x order (history comes in step order).
        const order = Array.from({ length: total }, (_, i) => i);
        if (byTime) order.sort((a, b) => (xs[a] as number) - (xs[b] as number) || a - b);
        return { points: order.map(pointAt), total, downsampled: false };
      }
      // Buckets align to the requested bounds (the chart's pixels) when both are given;
      // an open side falls back to the points' own extent.
      const bucketRange =
        bounds !== undefined && Number.isFinite(bounds.min) && Number.isFinite(bounds.max)
          ? bounds
          : undefined;
      const kept = m4Indices(xs, values, buckets, bucketRange);
      return { points: kept.map(pointAt), total, downsampled: true };
    },
  };
}

function validateSeriesOptions(options: MetricSeriesOptions): {
  byTime: boolean;
  buckets: number;
  bounds: SeriesRange | undefined;
} {
  if (options.x !== 'step' && options.x !== 'time') {
    throw invalidArgument('tracking.invalid_series_axis', "x must be 'step' or 'time'.", {
      details: { field: 'x' },
    });
  }
  const { buckets, xMin, xMax } = options;
  if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > MAX_SERIES_BUCKETS) {
    throw invalidArgument(
      'tracking.invalid_buckets',
      `buckets must be an integer between 1 and ${MAX_SERIES_BUCKETS}.`,
      { details: { field: 'buckets' } },
    );
  }
  for (const [field, value] of [
    ['xMin', xMin],
    ['xMax', xMax],
  ] as const) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw invalidArgument('tracking.invalid_series_range', `${field} must be a finite number.`, {
        details: { field },
      });
    }
  }
  if (xMin !== undefined && xMax !== undefined && xMin > xMax) {
    throw invalidArgument('tracking.invalid_series_range', 'xMin must not exceed xMax.', {
      details: { field: 'xMin' },
    });
  }
  const bounds =
    xMin === undefined && xMax === undefined
      ? undefined
      : { min: xMin ?? -Infinity, max: xMax ?? Infinity };
  return { byTime: options.x === 'time', buckets, bounds };
}
