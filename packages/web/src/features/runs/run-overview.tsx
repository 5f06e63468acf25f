import type { Run } from '@cairn/sdk';
import { formatTime, formatValue } from '../../app/format.ts';

function KeyValueTable(props: {
  title: string;
  testId: string;
  rows: readonly { key: string; value: string | number; note?: string }[];
}) {
  const sorted = [...props.rows].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <section aria-labelledby={`${props.testId}-title`}>
      <h2 id={`${props.testId}-title`}>
        {props.title} <span className="muted">({sorted.length})</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="data" data-testid={props.testId}>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={row.key}>
                <th scope="row" className="mono">
                  {row.key}
                </th>
                <td className={typeof row.value === 'number' ? 'num' : undefined} title={row.note}>
                  {formatValue(row.value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Params, the latest value of each metric, and tags. */
export function RunOverview({ run }: { run: Run }) {
  return (
    <div className="panels">
      <KeyValueTable title="Parameters" testId="run-params" rows={run.data.params} />
      <KeyValueTable
        title="Metrics (latest)"
        testId="run-metrics"
        rows={run.data.metrics.map((m) => ({
          key: m.key,
          value: m.value,
          note: `step ${m.step}, ${formatTime(m.timestamp)}`,
        }))}
      />
      <KeyValueTable title="Tags" testId="run-tags" rows={run.data.tags} />
    </div>
  );
}
