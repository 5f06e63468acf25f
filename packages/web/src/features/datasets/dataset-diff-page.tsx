/** `/datasets/:name/diff?from=1&to=2`: files added, removed and changed; per-table row, column and statistic changes. */
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatBytes, formatValue } from '../../app/format.ts';
import { Link, useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { datasetPath, datasetVersionPath } from './datasets-page.tsx';

export function DatasetDiffPage({ name }: { name: string }) {
  const { client } = useCairn();
  const [query] = useQueryState();
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const diff = useAsync(() => client.datasets.diff(name, from, to), [client, name, from, to]);
  return (
    <section data-testid="dataset-diff-page">
      <p>
        <Link to="/datasets">Datasets</Link> / <Link to={datasetPath(name)}>{name}</Link> /
      </p>
      <h1>
        {name}: v{from} → v{to}
      </h1>
      {diff.status === 'loading' && <p role="status">Comparing…</p>}
      {diff.status === 'failed' && (
        <p className="error" role="alert">
          {errorMessage(diff.error)}
        </p>
      )}
      {diff.status === 'ready' && (
        <>
          <h2>Files</h2>
          <p data-testid="diff-file-summary">
            {diff.value.files.added.length} added, {diff.value.files.removed.length} removed,{' '}
            {diff.value.files.changed.length} changed, {diff.value.files.unchangedCount} unchanged
          </p>
          <table className="data" data-testid="diff-files">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Path</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {diff.value.files.added.map((f) => (
                <tr key={`+${f.path}`} data-change="added">
                  <td>added</td>
                  <td className="mono">{f.path}</td>
                  <td>{formatBytes(f.size)}</td>
                </tr>
              ))}
              {diff.value.files.removed.map((f) => (
                <tr key={`-${f.path}`} data-change="removed">
                  <td>removed</td>
                  <td className="mono">{f.path}</td>
                  <td>{formatBytes(f.size)}</td>
                </tr>
              ))}
              {diff.value.files.changed.map((f) => (
                <tr key={`~${f.path}`} data-change="changed">
                  <td>changed</td>
                  <td className="mono">{f.path}</td>
                  <td>
                    {formatBytes(f.fromSize)} → {formatBytes(f.toSize)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {diff.value.tables.map((table) => (
            <section key={table.path} data-testid="diff-table">
              <h2 className="mono">{table.path}</h2>
              <p>
                Rows {table.rows.from} → {table.rows.to} (+{table.rows.added} / −
                {table.rows.removed})
                {table.columns.added.length > 0 &&
                  ` · columns added: ${table.columns.added.join(', ')}`}
                {table.columns.removed.length > 0 &&
                  ` · columns removed: ${table.columns.removed.join(', ')}`}
                {table.columns.typeChanged.map((c) => ` · ${c.name}: ${c.from} → ${c.to}`).join('')}
              </p>
              {table.statistics.length > 0 && (
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">Column</th>
                      <th scope="col">Statistic</th>
                      <th scope="col">v{from}</th>
                      <th scope="col">v{to}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {table.statistics.map((s) => (
                      <tr key={`${s.column}:${s.statistic}`}>
                        <td>{s.column}</td>
                        <td>{s.statistic}</td>
                        <td>{formatValue(s.from ?? undefined)}</td>
                        <td>{formatValue(s.to ?? undefined)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ))}
          <p>
            <Link to={datasetVersionPath(name, diff.value.from.version)}>
              v{diff.value.from.version}
            </Link>{' '}
            ·{' '}
            <Link to={datasetVersionPath(name, diff.value.to.version)}>
              v{diff.value.to.version}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
