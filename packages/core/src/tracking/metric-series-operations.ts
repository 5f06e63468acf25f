/**
 * The chart series of one metric: the full history is read from the store as columns (kept
 * packed there for this), held in a bounded cache while its point count is unchanged
 * (`metric-series-cache.ts`), and reduced to what a chart of `buckets` pixels can show with
 * M4 (`series-downsampling.ts`), so 100,000-point series keep their spikes and stay small.
 */
import { invalidArgument } from '../kernel/index.ts';
import { validateBoundedString, validateLookupId } from './entity-validation.ts';
import { TrackingLimits } from './limits.ts';
import { createMetricSeriesCache } from './metric-series-cache.ts';
import { MAX_SERIES_BUCKETS, m4Indices, type SeriesRange } from './series-downsampling.ts';
import type { MetricPointColumns } from './ports.ts';
import type { TrackingServiceDeps } from './service-support.ts';
import type { MetricSeriesOptions, TrackingApi } from './tracking-api.ts';

type MetricSeriesOperations = Pick<TrackingApi, 'getMetricSeries'>;

export function createMetricSeriesOperations(deps: TrackingServiceDeps): MetricSeriesOperations {
  const { store } = deps;
  const cache = createMetricSeriesCache();

  /**
   * The cached columns when they are current, else a fresh read. The count that proves a
   * cached copy current is only asked for when there is one: a first read needs no count.
   */
  async function columnsOf(runId: string, key: string): Promise<MetricPointColumns> {
    if (cache.has(runId, key)) {
      const count = await store.read((reader) => reader.countMetricPoints(runId, key));
      const cached = cache.get(runId, key, count);
      if (cached !== undefined) return cached;
    }
    const columns = await store.read((reader) => reader.readMetricSeries(runId, key));
    cache.set(runId, key, columns);
    return columns;
  }

  return {
    // Like the paged history, an unknown run or key is an empty series, not an error.
    async getMetricSeries(_ctx, runId, key, options) {
      const id = validateLookupId(runId, 'run_id');
      const metricKey = validateBoundedString(key, 'metric_key', TrackingLimits.maxEntityKeyLength);
      const { byTime, buckets, bounds } = validateSeriesOptions(options);

      const { steps, timestamps, values } = await columnsOf(id, metricKey);
      const allXs = byTime ? timestamps : steps;
      // With bounds, the indexes of the points inside them, in stored order; without, every
      // point (no index list is built for the usual unbounded draw).
      const inRange = bounds === undefined ? undefined : indexesWithin(allXs, bounds);
      const total = inRange?.length ?? allXs.length;
      const indexAt = (k: number) => (inRange === undefined ? k : (inRange[k] as number));
      const pointAt = (i: number) => ({
        step: steps[i] as number,
        timestamp: timestamps[i] as number,
        value: values[i] as number,
      });
      if (total <= 4 * buckets) {
        // Within budget: everything, in x order (history comes in step order).
        const order = Array.from({ length: total }, (_, k) => indexAt(k));
        if (byTime) order.sort((a, b) => (allXs[a] as number) - (allXs[b] as number) || a - b);
        return { points: order.map(pointAt), total, downsampled: false };
      }
      const xs = inRange === undefined ? allXs : inRange.map((i) => allXs[i] as number);
      const ys = inRange === undefined ? values : inRange.map((i) => values[i] as number);
      // Buckets align to the requested bounds (the chart's pixels) when both are given;
      // an open side falls back to the points' own extent.
      const bucketRange =
        bounds !== undefined && Number.isFinite(bounds.min) && Number.isFinite(bounds.max)
          ? bounds
          : undefined;
      const kept = m4Indices(xs, ys, buckets, bucketRange);
      return { points: kept.map((k) => pointAt(indexAt(k))), total, downsampled: true };
    },
  };
}

function indexesWithin(xs: Float64Array, bounds: SeriesRange): number[] {
  const kept: number[] = [];
  for (let i = 0; i < xs.length; i += 1) {
    const x = xs[i] as number;
    if (x >= bounds.min && x <= bounds.max) kept.push(i);
  }
  return kept;
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
