/**
 * The "Charts" tab of a run: one chart per metric key the run has logged. Takes the loaded
 * run when the page has it, else loads it.
 */
import type { Run } from '@cairn/sdk';
import { useCairn } from '../../app/auth-context.tsx';
import { errorMessage } from '../../app/api-client.ts';
import { useAsync } from '../../app/use-async.ts';
import { MetricChartGrid } from './metric-chart-grid.tsx';

export function RunCharts({ runId, run }: { runId: string; run?: Run | undefined }) {
  const { client } = useCairn();
  const loaded = useAsync(
    async () => (run !== undefined && run.info.runId === runId ? run : client.runs.get(runId)),
    [client, runId, run],
  );
  if (loaded.status === 'failed') {
    return (
      <p role="alert" className="error">
        {errorMessage(loaded.error)}
      </p>
    );
  }
  if (loaded.value === undefined) return <p className="muted">Loading charts…</p>;
  const info = loaded.value.info;
  const keys = loaded.value.data.metrics.map((m) => m.key);
  if (keys.length === 0) {
    return (
      <p className="muted" data-testid="run-charts-empty">
        This run has logged no metrics.
      </p>
    );
  }
  return (
    <section aria-label="Charts" data-testid="run-charts">
      <MetricChartGrid
        metricKeys={keys}
        runs={[{ runId: info.runId, label: info.runName || info.runId, startTime: info.startTime }]}
      />
    </section>
  );
}
