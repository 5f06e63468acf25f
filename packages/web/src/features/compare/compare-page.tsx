/**
 * `/compare?runs=a,b,c`: the runs' params and latest metrics side by side (differing rows
 * highlighted; `diff=1` shows only those), a parallel-coordinates plot of the numeric params
 * against a chosen metric (`metric=`), and overlaid charts of the metric keys all runs share.
 */
import type { Run } from '@cairn/sdk';
import { useCairn } from '../../app/auth-context.tsx';
import { errorMessage } from '../../app/api-client.ts';
import { Link, useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { formatValue } from '../charts/chart-format.ts';
import { runColor } from '../charts/chart-view-state.ts';
import { MetricChartGrid } from '../charts/metric-chart-grid.tsx';
import {
  metricRows,
  numericParamKeys,
  numericValue,
  paramRows,
  parseCompareRuns,
  sharedMetricKeys,
} from './compare-model.ts';
import type { CompareRow } from './compare-model.ts';
import { ParallelCoords } from './parallel-coords.tsx';
import '../charts/charts.css';

const runLabel = (run: Run) => run.info.runName || run.info.runId;

export function ComparePage() {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const ids = parseCompareRuns(`?${query.toString()}`);
  const loaded = useAsync(
    () => Promise.all(ids.map((id) => client.runs.get(id))),
    [client, ids.join(',')],
  );

  if (ids.length === 0) {
    return (
      <section data-testid="compare-page">
        <h1>Compare runs</h1>
        <p>
          No runs chosen. Select runs in an experiment&apos;s runs table and press Compare, or open{' '}
          <code>/compare?runs=ID1,ID2</code>.
        </p>
      </section>
    );
  }
  if (loaded.status === 'failed') {
    return (
      <section data-testid="compare-page">
        <h1>Compare runs</h1>
        <p role="alert" className="error">
          {errorMessage(loaded.error)}
        </p>
      </section>
    );
  }
  if (loaded.value === undefined) return <p className="muted">Loading runs…</p>;

  const runs = loaded.value;
  const onlyDiffs = query.get('diff') === '1';
  const params = paramRows(runs);
  const metrics = metricRows(runs);
  const shared = sharedMetricKeys(runs);
  const metricKeys = metrics.map((row) => row.key);
  const chosen = metricKeys.includes(query.get('metric') ?? '')
    ? (query.get('metric') as string)
    : (shared[0] ?? metricKeys[0]);
  const numeric = numericParamKeys(runs);
  const labels = runs.map(runLabel);

  return (
    <section data-testid="compare-page" className="compare-page">
      <h1>Compare {runs.length} runs</h1>
      <ul className="compare-runs" aria-label="Compared runs">
        {runs.map((run, i) => (
          <li key={run.info.runId}>
            <span className="swatch" style={{ background: runColor(i) }} />{' '}
            <Link to={`/runs/${encodeURIComponent(run.info.runId)}`}>{runLabel(run)}</Link>
          </li>
        ))}
      </ul>
      <label>
        <input
          type="checkbox"
          checked={onlyDiffs}
          onChange={(e) =>
            setQuery({ diff: e.target.checked ? '1' : undefined }, { replace: true })
          }
          data-testid="compare-only-diffs"
        />{' '}
        Only rows that differ
      </label>

      <h2 id="compare-params-title">Parameters</h2>
      <CompareTable
        labelledBy="compare-params-title"
        testId="compare-params"
        runs={labels}
        rows={onlyDiffs ? params.filter((r) => r.differs) : params}
        format={(v) => v}
      />

      <h2 id="compare-metrics-title">Metrics (latest)</h2>
      <CompareTable
        labelledBy="compare-metrics-title"
        testId="compare-metrics"
        runs={labels}
        rows={onlyDiffs ? metrics.filter((r) => r.differs) : metrics}
        format={formatValue}
      />

      <h2>Parameters against a metric</h2>
      {chosen === undefined || numeric.length === 0 ? (
        <p className="muted" data-testid="parallel-coords-empty">
          Needs at least one numeric parameter and one metric shared by the runs.
        </p>
      ) : (
        <>
          <label>
            Metric{' '}
            <select
              value={chosen}
              onChange={(e) => setQuery({ metric: e.target.value }, { replace: true })}
              data-testid="compare-pc-metric"
            >
              {metricKeys.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          </label>
          <p className="muted">
            One line per run, coloured by {chosen} from blue (lowest) to red (highest); hover or
            focus a line for its values.
          </p>
          <ParallelCoords
            runLabels={labels}
            columns={[
              ...numeric.map((key) => ({
                key,
                isMetric: false,
                values: runs.map((run) =>
                  numericValue(run.data.params.find((p) => p.key === key)?.value),
                ),
              })),
              {
                key: chosen,
                isMetric: true,
                values: runs.map((run) => run.data.metrics.find((m) => m.key === chosen)?.value),
              },
            ]}
          />
        </>
      )}

      <h2>Charts</h2>
      {shared.length === 0 ? (
        <p className="muted">The runs share no metric keys.</p>
      ) : (
        <div data-testid="compare-charts">
          <MetricChartGrid
            metricKeys={shared}
            runs={runs.map((run) => ({
              runId: run.info.runId,
              label: runLabel(run),
              startTime: run.info.startTime,
            }))}
          />
        </div>
      )}
    </section>
  );
}

function CompareTable<T>({
  labelledBy,
  testId,
  runs,
  rows,
  format,
}: {
  labelledBy: string;
  testId: string;
  runs: string[];
  rows: CompareRow<T>[];
  format: (value: T) => string;
}) {
  if (rows.length === 0) return <p className="muted">Nothing to show.</p>;
  return (
    <div className="table-scroll">
      <table className="compare-table" aria-labelledby={labelledBy} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Key</th>
            {runs.map((label, i) => (
              <th scope="col" key={i}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key} data-differs={row.differs ? 'true' : 'false'}>
              <th scope="row" className={row.differs ? 'differs' : undefined}>
                {row.key}
                {row.differs && <span className="visually-hidden"> (differs)</span>}
              </th>
              {row.values.map((value, i) => (
                <td key={i} className={row.differs ? 'differs' : undefined}>
                  {value === undefined ? <span className="muted">–</span> : format(value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
