/**
 * Whole metric series kept in memory as columns, so a chart that asks again (another page
 * load, a zoom, a live refresh, five charts of one comparison) is reduced from memory instead
 * of re-reading 100,000 rows. An entry is valid while the series' point count is unchanged
 * (points are only ever added). Bounded by the number of points held, least recently used
 * first out.
 */

import type { MetricPointColumns } from './ports.ts';

export type SeriesColumns = MetricPointColumns;

export interface MetricSeriesCache {
  /** Whether any version of the series is held (then `get` needs its current count). */
  has(runId: string, key: string): boolean;
  /** The cached columns when they hold exactly `count` points. */
  get(runId: string, key: string, count: number): SeriesColumns | undefined;
  set(runId: string, key: string, columns: SeriesColumns): void;
}

/** 2,000,000 points: 48 MB of columns. */
export const DEFAULT_SERIES_CACHE_POINTS = 2_000_000;

export function createMetricSeriesCache(
  maxPoints: number = DEFAULT_SERIES_CACHE_POINTS,
): MetricSeriesCache {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  const entries = new Map<string, SeriesColumns>();
  let held = 0;
  const keyOf = (runId: string, key: string) => `${runId}\u0000${key}`;

  const remove = (id: string) => {
    const old = entries.get(id);
    if (old === undefined) return;
    held -= old.values.length;
    entries.delete(id);
  };

  return {
    has: (runId, key) => entries.has(keyOf(runId, key)),
    get(runId, key, count) {
      const id = keyOf(runId, key);
      const columns = entries.get(id);
      if (columns === undefined) return undefined;
      if (columns.values.length !== count) {
        remove(id);
        return undefined;
      }
      entries.delete(id);
      entries.set(id, columns);
      return columns;
    },
    set(runId, key, columns) {
      const id = keyOf(runId, key);
      remove(id);
      if (columns.values.length > maxPoints) return;
      entries.set(id, columns);
      held += columns.values.length;
      for (const [oldest, old] of entries) {
        if (held <= maxPoints) break;
        held -= old.values.length;
        entries.delete(oldest);
      }
    },
  };
}
