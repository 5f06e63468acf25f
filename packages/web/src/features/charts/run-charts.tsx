/**
 * The "Charts" tab of a run: one chart per metric key the run has logged. Takes the loaded
 * run when the page has it (a live one keeps the key list current), else loads it.
 */
import { useMemo } from 'react';
import type { Run } from '@cairn/sdk';
import { useCairn } from '../../app/auth-context.tsx';
import { errorMessage } from '../../app/api-client.ts';
import { useAsync } from '../../app/use-async.ts';
import { MetricChartGrid } from './metric-chart-grid.tsx';

export function RunCharts({ runId, run }: { runId: string; run?: Run | undefined }) {
  if (run !== undefined && run.info.runId === runId) return <ChartsOfRun run={run} />;
  return <LoadRunCharts runId={runId} />;
}

function LoadRunCharts({ runId }: { runId: string }) {
  const { client } = useCairn();
  const loaded = useAsync(() => client.runs.get(runId), [client, runId]);
  if (loaded.status === 'failed') {
    return (
      <p role="alert" className="error">
        {errorMessage(loaded.error)}
      </p>
    );
  }
  if (loaded.value === undefined) return <p className="muted">Loading charts…</p>;
  return <ChartsOfRun run={loaded.value} />;
}

function ChartsOfRun({ run }: { run: Run }) {
  const { runId, runName, startTime } = run.info;
  // Stable while the run's identity is, so a refreshed run object does not redraw every chart.
  const runs = useMemo(
    () => [{ runId, label: runName || runId, startTime }],
    [runId, runName, startTime],
  );
  const keyList = run.data.metrics.map((m) => m.key).join('\n');
  const keys = useMemo(() => (keyList === '' ? [] : keyList.split('\n')), [keyList]);
  if (keys.length === 0) {
    return (
      <p className="muted" data-testid="run-charts-empty">
        This run has logged no metrics.
      </p>
    );
  }
  return (
    <section aria-label="Charts" data-testid="run-charts">
      <MetricChartGrid metricKeys={keys} runs={runs} />
    </section>
  );
}
