/**
 * One chart per metric key, each mounted only when scrolled near (`LazyMount`), with the
 * shared settings kept in the URL query (`x`, `ylog`, `smooth`, `keys`). One live event
 * stream for the whole grid (not one per chart: browsers allow six connections per origin)
 * refreshes the mounted charts, at most every few seconds, while the runs log metrics.
 */
import { useEffect, useRef, useState } from 'react';
import { useQueryState } from '../../app/router.tsx';
import { useEventStream } from '../live/use-event-stream.ts';
import { ChartControls } from './chart-controls.tsx';
import { chartStateQuery, filterKeys, parseChartState } from './chart-view-state.ts';
import { LazyMount } from './lazy-mount.tsx';
import { MetricChart } from './metric-chart.tsx';
import type { ChartRun } from './metric-chart.tsx';
import './charts.css';

export function MetricChartGrid({
  metricKeys,
  runs,
}: {
  metricKeys: readonly string[];
  runs: readonly ChartRun[];
}) {
  const [query, setQuery] = useQueryState();
  const revision = useLiveRevision(runs.map((run) => run.runId));
  const view = parseChartState(`?${query.toString()}`);
  const keys = filterKeys(metricKeys, view.keyFilter);
  return (
    <div className="metric-chart-grid-wrap">
      <ChartControls
        state={view}
        onChange={(next) => setQuery(chartStateQuery(next), { replace: true })}
        showKeyFilter={metricKeys.length > 1}
      />
      <p className="muted" data-testid="chart-key-count">
        {keys.length === metricKeys.length
          ? `${keys.length} metric${keys.length === 1 ? '' : 's'}`
          : `${keys.length} of ${metricKeys.length} metrics`}
      </p>
      <div className="metric-chart-grid" data-testid="metric-chart-grid">
        {keys.map((key) => (
          <LazyMount key={key} minHeight={300} label={key}>
            <MetricChart metricKey={key} runs={runs} view={view} revision={revision} />
          </LazyMount>
        ))}
      </div>
    </div>
  );
}

/** How long logged points are gathered before the charts refetch their series. */
const LIVE_REFRESH_MS = 3000;

/** A number that grows (throttled) whenever one of `runIds` logs a batch of metrics. */
function useLiveRevision(runIds: readonly string[]): number {
  const [revision, setRevision] = useState(0);
  const timer = useRef<number | undefined>(undefined);
  useEventStream(['tracking.batch.logged'], (event) => {
    if (!runIds.includes(event.entityId) || timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      setRevision((n) => n + 1);
    }, LIVE_REFRESH_MS);
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return revision;
}
