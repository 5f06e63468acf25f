/**
 * Chart settings shared by every chart on a page, kept in the URL query so a view can be
 * shared: `x` (step | time | relative), `ylog=1`, `smooth` (EMA weight 0..0.99) and `keys`
 * (a substring filter on metric keys). Also turns a series into chart coordinates. Pure.
 */
import { MAX_SMOOTHING } from './chart-smoothing.ts';

export const X_MODES = ['step', 'time', 'relative'] as const;
export type XMode = (typeof X_MODES)[number];

export interface ChartViewState {
  xMode: XMode;
  yLog: boolean;
  smoothing: number;
  keyFilter: string;
}

export function parseChartState(search: string): ChartViewState {
  const query = new URLSearchParams(search);
  const x = query.get('x');
  const smooth = Number(query.get('smooth') ?? '0');
  return {
    xMode: (X_MODES as readonly string[]).includes(x ?? '') ? (x as XMode) : 'step',
    yLog: query.get('ylog') === '1',
    smoothing: Number.isFinite(smooth) ? Math.min(Math.max(smooth, 0), MAX_SMOOTHING) : 0,
    keyFilter: query.get('keys') ?? '',
  };
}

/** Query updates for `state`, defaults removed so URLs stay short (for `useQueryState`). */
export function chartStateQuery(state: ChartViewState): Record<string, string | undefined> {
  return {
    x: state.xMode === 'step' ? undefined : state.xMode,
    ylog: state.yLog ? '1' : undefined,
    smooth: state.smoothing > 0 ? String(state.smoothing) : undefined,
    keys: state.keyFilter === '' ? undefined : state.keyFilter,
  };
}

/** The server's x axis for a mode: relative time buckets wall time, shifted per run. */
export function apiAxis(mode: XMode): 'step' | 'time' {
  return mode === 'step' ? 'step' : 'time';
}

export interface SeriesPoint {
  step: number;
  timestamp: number;
  value: number;
}

/**
 * x and y arrays for one run's points (already in x order from the server). Relative time is
 * measured from `startTime` (the run's start), or from the first point when it is unknown.
 */
export function toChartXY(
  points: readonly SeriesPoint[],
  mode: XMode,
  startTime?: number | null,
): { xs: number[]; ys: number[] } {
  const origin = startTime ?? points[0]?.timestamp ?? 0;
  const xs = points.map((p) =>
    mode === 'step' ? p.step : mode === 'time' ? p.timestamp : p.timestamp - origin,
  );
  return { xs, ys: points.map((p) => p.value) };
}

/** Metric keys containing `filter` (case-insensitive), sorted, for the per-key chart grid. */
export function filterKeys(keys: Iterable<string>, filter: string): string[] {
  const needle = filter.trim().toLowerCase();
  return [...new Set(keys)]
    .filter((key) => needle === '' || key.toLowerCase().includes(needle))
    .sort((a, b) => a.localeCompare(b));
}

/** Distinct colours (readable on light and dark backgrounds) for up to 10 runs, then repeating. */
export const RUN_COLORS = [
  '#3b82f6',
  '#f97316',
  '#10b981',
  '#e11d48',
  '#8b5cf6',
  '#ca8a04',
  '#06b6d4',
  '#db2777',
  '#65a30d',
  '#64748b',
] as const;

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length] as string;
}
