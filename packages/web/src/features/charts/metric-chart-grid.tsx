/**
 * One chart per metric key, each mounted only when scrolled near (`LazyMount`), with the
 * shared settings kept in the URL query (`x`, `ylog`, `smooth`, `keys`).
 */
import { useQueryState } from '../../app/router.tsx';
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
            <MetricChart metricKey={key} runs={runs} view={view} />
          </LazyMount>
        ))}
      </div>
    </div>
  );
}
