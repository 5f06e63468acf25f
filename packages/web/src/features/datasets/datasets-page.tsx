/**
 * `/datasets`: managed datasets (name prefix in the URL); `/datasets/:name`: one dataset's
 * versions, the diff form and its schema (viewed and edited).
 */
import { useState } from 'react';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatBytes, formatTime } from '../../app/format.ts';
import { Link, navigate, useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { VersionSelect } from '../../app/version-select.tsx';
import { SchemaSection } from './schema-section.tsx';

export const datasetPath = (name: string) => `/datasets/${encodeURIComponent(name)}`;
export const datasetVersionPath = (name: string, version: number) =>
  `${datasetPath(name)}/versions/${version}`;

export function DatasetsPage() {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const prefix = query.get('prefix') ?? '';
  const [draft, setDraft] = useState(prefix);
  const datasets = useAsync(
    () =>
      client.datasets.list({ maxResults: 1000, ...(prefix === '' ? {} : { namePrefix: prefix }) }),
    [client, prefix],
  );
  return (
    <section>
      <h1>Datasets</h1>
      <form
        className="toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ prefix: draft.trim() });
        }}
      >
        <label>
          Name starts with
          <input
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            data-testid="datasets-filter"
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {datasets.status === 'loading' && <p role="status">Loading datasets…</p>}
      {datasets.status === 'failed' && (
        <p className="error" role="alert">
          {errorMessage(datasets.error)}
        </p>
      )}
      {datasets.status === 'ready' && (
        <table className="data" data-testid="datasets-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Latest version</th>
              <th scope="col">Tags</th>
              <th scope="col">Description</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {datasets.value.items.map((dataset) => {
              const to = datasetPath(dataset.name);
              return (
                <tr
                  key={dataset.id}
                  className="clickable"
                  tabIndex={0}
                  data-testid="dataset-row"
                  onClick={() => navigate(to)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') navigate(to);
                  }}
                >
                  <td>
                    <Link to={to} onClick={(event) => event.stopPropagation()}>
                      {dataset.name}
                    </Link>
                  </td>
                  <td>{dataset.latestVersion === 0 ? '—' : `v${dataset.latestVersion}`}</td>
                  <td>
                    {Object.entries(dataset.tags)
                      .map(([tag, v]) => `${tag} → v${v}`)
                      .join(', ')}
                  </td>
                  <td>{dataset.description}</td>
                  <td>{formatTime(dataset.updatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function DatasetPage({ name }: { name: string }) {
  const { client } = useCairn();
  const data = useAsync(
    async () => ({
      dataset: await client.datasets.get(name),
      versions: (await client.datasets.listVersions(name, { maxResults: 1000 })).items.sort(
        (a, b) => b.version - a.version,
      ),
    }),
    [client, name],
  );
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  if (data.status === 'loading') return <p role="status">Loading dataset…</p>;
  if (data.status === 'failed') {
    return (
      <p className="error" role="alert">
        {errorMessage(data.error)}
      </p>
    );
  }
  const { dataset, versions } = data.value;
  return (
    <section data-testid="dataset-page">
      <p>
        <Link to="/datasets">Datasets</Link> /
      </p>
      <h1>{dataset.name}</h1>
      <p>{dataset.description || <span className="muted">No description.</span>}</p>
      <h2>Versions</h2>
      <table className="data" data-testid="dataset-versions-table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Tags</th>
            <th scope="col">Description</th>
            <th scope="col">Kind</th>
            <th scope="col">Files</th>
            <th scope="col">Size</th>
            <th scope="col">Produced by run</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const target = datasetVersionPath(name, v.version);
            return (
              <tr
                key={v.version}
                className="clickable"
                tabIndex={0}
                data-testid="dataset-version-row"
                onClick={() => navigate(target)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') navigate(target);
                }}
              >
                <td>
                  <Link to={target} onClick={(event) => event.stopPropagation()}>
                    v{v.version}
                  </Link>
                </td>
                <td>{v.tags.join(', ')}</td>
                <td>{v.description}</td>
                <td>{v.kind}</td>
                <td>{v.fileCount}</td>
                <td>{formatBytes(v.totalBytes)}</td>
                <td className="mono">
                  {v.producedByRunId === null ? (
                    '—'
                  ) : (
                    <Link
                      to={`/runs/${encodeURIComponent(v.producedByRunId)}`}
                      onClick={(event) => event.stopPropagation()}
                    >
                      {v.producedByRunId}
                    </Link>
                  )}
                </td>
                <td>
                  {formatTime(v.createdAt)} by {v.createdBy}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(`${datasetPath(name)}/diff?from=${from}&to=${to}`);
        }}
        data-testid="dataset-diff-form"
      >
        <label>
          Compare
          <VersionSelect
            value={from}
            onChange={setFrom}
            versions={versions}
            testId="dataset-diff-from"
          />
        </label>
        <label>
          with
          <VersionSelect value={to} onChange={setTo} versions={versions} testId="dataset-diff-to" />
        </label>
        <button type="submit" data-testid="dataset-diff-open">
          Diff
        </button>
      </form>
      <SchemaSection name={name} versions={versions} />
    </section>
  );
}
