/**
 * `/datasets/:name/versions/:version`: one version's files, profile (per-column statistics
 * and histograms), schema, and validation against the dataset's schema. The tab is in the URL.
 */
import { useState } from 'react';
import type { ValidationReport } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatBytes, formatTime, formatValue } from '../../app/format.ts';
import { Link, useQueryState } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { Histogram } from './histogram.tsx';
import { datasetPath } from './datasets-page.tsx';
import { SchemaTable } from './schema-table.tsx';

const TABS = ['files', 'profile', 'schema', 'validate'] as const;
type Tab = (typeof TABS)[number];

function Failure({ error }: { error: unknown }) {
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

function FilesTab({ name, version }: { name: string; version: number }) {
  const { client } = useCairn();
  const files = useAsync(() => client.datasets.getManifest(name, version), [client, name, version]);
  if (files.status === 'loading') return <p role="status">Loading files…</p>;
  if (files.status === 'failed') return <Failure error={files.error} />;
  return (
    <table className="data" data-testid="dataset-files">
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">Size</th>
          <th scope="col">SHA-256</th>
        </tr>
      </thead>
      <tbody>
        {files.value.map((file) => (
          <tr key={file.path}>
            <td className="mono">{file.path}</td>
            <td>{formatBytes(file.size)}</td>
            <td className="mono">{file.digest.slice(0, 16)}…</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProfileTab({ name, version }: { name: string; version: number }) {
  const { client } = useCairn();
  const profile = useAsync(
    () => client.datasets.getProfile(name, version),
    [client, name, version],
  );
  if (profile.status === 'loading') return <p role="status">Profiling…</p>;
  if (profile.status === 'failed') return <Failure error={profile.error} />;
  const { tables, skipped } = profile.value;
  return (
    <div data-testid="dataset-profile">
      {tables.length === 0 && <p className="muted">No readable tables in this version.</p>}
      {tables.map((table) => (
        <section key={table.path}>
          <h3>
            <span className="mono">{table.path}</span> · {table.format} · {table.rowCount} rows
          </h3>
          <table className="data" data-testid="profile-table">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
                <th scope="col">Nulls</th>
                <th scope="col">Distinct</th>
                <th scope="col">Min</th>
                <th scope="col">Max</th>
                <th scope="col">Mean</th>
                <th scope="col">Std</th>
                <th scope="col">Distribution</th>
              </tr>
            </thead>
            <tbody>
              {table.columns.map((column) => (
                <tr key={column.name} data-testid="profile-column" data-column={column.name}>
                  <th scope="row">{column.name}</th>
                  <td>
                    {column.type} <span className="muted">({column.physicalType})</span>
                  </td>
                  <td>
                    {column.nullCount} ({(column.nullFraction * 100).toFixed(1)}%)
                  </td>
                  <td>{column.distinctCount}</td>
                  <td>{formatValue(column.min ?? undefined)}</td>
                  <td>{formatValue(column.max ?? undefined)}</td>
                  <td>{formatValue(column.mean ?? undefined)}</td>
                  <td>{formatValue(column.std ?? undefined)}</td>
                  <td>
                    {column.histogram !== null ? (
                      <Histogram column={column.name} histogram={column.histogram} />
                    ) : (
                      <span className="muted">
                        {column.topValues
                          .slice(0, 5)
                          .map((t) => `${t.value} (${t.count})`)
                          .join(', ')}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {skipped.length > 0 && (
        <p className="muted">
          Skipped: {skipped.map((s) => `${s.path} (${s.message})`).join('; ')}
        </p>
      )}
    </div>
  );
}

function SchemaTab({ name, version }: { name: string; version: number }) {
  const { client } = useCairn();
  // The dataset's saved schema; when it has none yet, the one inferred from this version.
  const schema = useAsync(async () => {
    try {
      const saved = await client.datasets.getSchema(name);
      return { saved: true, revision: saved.revision, schema: saved.schema };
    } catch {
      return {
        saved: false,
        revision: 0,
        schema: await client.datasets.inferSchema(name, version),
      };
    }
  }, [client, name, version]);
  if (schema.status === 'loading') return <p role="status">Loading the schema…</p>;
  if (schema.status === 'failed') return <Failure error={schema.error} />;
  return (
    <div>
      <p className="muted" data-testid="dataset-schema-source">
        {schema.value.saved
          ? `Saved schema, revision ${schema.value.revision}`
          : `No saved schema: inferred from v${version}`}{' '}
        — <Link to={datasetPath(name)}>edit it on the dataset page</Link>
      </p>
      <SchemaTable schema={schema.value.schema} />
    </div>
  );
}

function ValidateTab({ name, version }: { name: string; version: number }) {
  const { client } = useCairn();
  const [report, setReport] = useState<ValidationReport | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          client.datasets
            .validate(name, version)
            .then(setReport, setError)
            .finally(() => setBusy(false));
        }}
        data-testid="dataset-validate"
      >
        {busy ? 'Validating…' : 'Validate'}
      </button>
      {error !== undefined && <Failure error={error} />}
      {report !== undefined && (
        <>
          <p
            role="status"
            data-testid="validation-summary"
            data-passed={String(report.passed)}
            className={report.passed ? 'ok' : 'error'}
          >
            {report.passed ? 'Passed' : 'Failed'}: {report.errorCount} errors, {report.warningCount}{' '}
            warnings
            {report.schemaRevision !== null && ` (schema revision ${report.schemaRevision})`}
          </p>
          {report.anomalies.length > 0 && (
            <table className="data" data-testid="anomalies-table">
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Anomaly</th>
                  <th scope="col">Table</th>
                  <th scope="col">Column</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Observed</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {report.anomalies.map((a, i) => (
                  <tr key={i} data-testid="anomaly-row" data-code={a.code}>
                    <td>{a.severity}</td>
                    <td className="mono">{a.code}</td>
                    <td className="mono">{a.table}</td>
                    <td>{a.column ?? ''}</td>
                    <td>{a.expected}</td>
                    <td>{a.observed}</td>
                    <td>{a.rowCount}</td>
                    <td>{a.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

export function DatasetVersionPage({ name, version }: { name: string; version: number }) {
  const { client } = useCairn();
  const [query, setQuery] = useQueryState();
  const tab: Tab = TABS.find((t) => t === query.get('tab')) ?? 'files';
  const info = useAsync(() => client.datasets.getVersion(name, version), [client, name, version]);
  if (info.status === 'loading') return <p role="status">Loading version…</p>;
  if (info.status === 'failed') return <Failure error={info.error} />;
  const v = info.value;
  return (
    <section data-testid="dataset-version-page">
      <p>
        <Link to="/datasets">Datasets</Link> / <Link to={datasetPath(name)}>{name}</Link> /
      </p>
      <h1>
        {name} v{v.version}
      </h1>
      <dl className="kv">
        <dt>Tags</dt>
        <dd>{v.tags.join(', ') || '—'}</dd>
        <dt>Description</dt>
        <dd data-testid="dataset-version-description">{v.description || '—'}</dd>
        <dt>Content</dt>
        <dd>
          {v.kind}, {v.fileCount} {v.fileCount === 1 ? 'file' : 'files'},{' '}
          {formatBytes(v.totalBytes)}
        </dd>
        <dt>Digest</dt>
        <dd className="mono">{v.digest}</dd>
        <dt>Created</dt>
        <dd>
          {formatTime(v.createdAt)} by {v.createdBy}
        </dd>
        {v.sourceUri !== null && (
          <>
            <dt>Source</dt>
            <dd className="mono">{v.sourceUri}</dd>
          </>
        )}
      </dl>
      <div className="tabs" role="tablist" aria-label="Version views">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={t === tab}
            onClick={() => setQuery({ tab: t === 'files' ? undefined : t }, { replace: true })}
            data-testid={`dataset-tab-${t}`}
          >
            {t[0]?.toUpperCase()}
            {t.slice(1)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'files' && <FilesTab name={name} version={version} />}
        {tab === 'profile' && <ProfileTab name={name} version={version} />}
        {tab === 'schema' && <SchemaTab name={name} version={version} />}
        {tab === 'validate' && <ValidateTab name={name} version={version} />}
      </div>
    </section>
  );
}
