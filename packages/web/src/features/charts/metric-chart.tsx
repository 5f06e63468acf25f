/**
 * One metric of one or more runs as a chart. Each run's series is fetched downsampled on the
 * server (M4, `client.runs.metricSeries`) with one bucket per device pixel of the plot, so a
 * 100,000-point series arrives as at most ~4 points per pixel and keeps its spikes.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { MetricSeries } from '@cairn/sdk';
import { useCairn } from '../../app/auth-context.tsx';
import { errorMessage } from '../../app/api-client.ts';
import { useAsync } from '../../app/use-async.ts';
import { LineChart } from './line-chart.tsx';
import type { ChartSeries } from './line-chart.tsx';
import { apiAxis, runColor, toChartXY } from './chart-view-state.ts';
import type { ChartViewState } from './chart-view-state.ts';

export interface ChartRun {
  runId: string;
  label: string;
  /** For the relative-time axis; the first point's time is used when absent. */
  startTime?: number | null | undefined;
}

/** The server accepts 1..4000 buckets; widths are rounded up to 50 px so resizing refetches rarely. */
export function bucketsFor(pixels: number): number {
  return Math.min(4000, Math.max(50, Math.ceil(pixels / 50) * 50));
}

export function MetricChart({
  metricKey,
  runs,
  view,
  revision = 0,
}: {
  metricKey: string;
  runs: readonly ChartRun[];
  view: ChartViewState;
  /** Bumped when the runs logged new points: the series is fetched again. */
  revision?: number;
}) {
  const { client } = useCairn();
  const [buckets, setBuckets] = useState<number | undefined>();
  const onPixelWidth = useCallback((pixels: number) => setBuckets(bucketsFor(pixels)), []);
  const axis = apiAxis(view.xMode);
  const runKey = runs.map((r) => r.runId).join(',');
  // A zoom is in the units of the x mode it was made in; another mode shows everything.
  const [zoomed, setZoomed] = useState<{ mode: string; range: [number, number] } | undefined>();
  const zoom = zoomed?.mode === view.xMode ? zoomed.range : undefined;
  const onZoom = useCallback(
    (range: [number, number] | undefined) =>
      setZoomed(range === undefined ? undefined : { mode: view.xMode, range }),
    [view.xMode],
  );

  const loaded = useAsync(async () => {
    if (buckets === undefined) return undefined;
    return Promise.all(
      runs.map((run) =>
        client.runs.metricSeries(run.runId, metricKey, {
          x: axis,
          buckets,
          ...serverRange(zoom, view.xMode, run.startTime),
        }),
      ),
    );
  }, [client, metricKey, runKey, axis, buckets, revision, zoom?.[0], zoom?.[1]]);
  // While a refresh is loading, keep drawing the previous series instead of blanking the chart.
  const shown = useRef<MetricSeries[] | undefined>(undefined);
  if (loaded.value !== undefined) shown.current = loaded.value;
  const data = loaded.status === 'failed' ? undefined : shown.current;

  const series = useMemo<ChartSeries[]>(() => {
    const all = data ?? [];
    return all.flatMap((result, i) => {
      const run = runs[i];
      if (run === undefined || result.points.length === 0) return [];
      const { xs, ys } = toChartXY(result.points, view.xMode, run.startTime);
      return [{ id: run.runId, label: run.label, color: runColor(i), xs, ys }];
    });
  }, [data, runs, view.xMode]);

  const total = data?.reduce((sum, s) => sum + s.total, 0) ?? 0;
  const drawn = series.reduce((sum, s) => sum + s.xs.length, 0);
  return (
    <section
      className="metric-chart"
      data-testid="metric-chart"
      data-metric-key={metricKey}
      data-state={
        loaded.status === 'failed' ? 'failed' : loaded.value === undefined ? 'loading' : 'ready'
      }
      data-revision={revision}
    >
      <header>
        <h3>{metricKey}</h3>
        {zoom !== undefined && (
          <button type="button" onClick={() => onZoom(undefined)} data-testid="chart-reset-zoom">
            Reset zoom
          </button>
        )}
        <span className="muted" data-testid="metric-chart-status">
          {loaded.status === 'failed'
            ? ''
            : data === undefined
              ? 'Loading…'
              : drawn < total
                ? `${drawn.toLocaleString()} of ${total.toLocaleString()} points (min/max kept per pixel)`
                : `${total.toLocaleString()} points`}
        </span>
      </header>
      {loaded.status === 'failed' && (
        <p role="alert" className="error">
          {errorMessage(loaded.error)}
        </p>
      )}
      <LineChart
        title={metricKey}
        series={series}
        xMode={view.xMode}
        yLog={view.yLog}
        smoothing={view.smoothing}
        onPixelWidth={onPixelWidth}
        xDomain={zoom}
        onZoom={onZoom}
      />
    </section>
  );
}

/**
 * The zoomed range as the server's xMin/xMax: steps and wall times as they are; relative times
 * shifted by the run's start (without a known start the whole series is fetched, since its
 * origin is then its own first point).
 */
function serverRange(
  zoom: readonly [number, number] | undefined,
  mode: ChartViewState['xMode'],
  startTime: number | null | undefined,
): { xMin?: number; xMax?: number } {
  if (zoom === undefined) return {};
  if (mode !== 'relative') return { xMin: Math.floor(zoom[0]), xMax: Math.ceil(zoom[1]) };
  if (startTime == null) return {};
  return { xMin: Math.floor(zoom[0] + startTime), xMax: Math.ceil(zoom[1] + startTime) };
}
