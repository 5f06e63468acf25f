/** `/models/:name`: a registered model's description, tags, aliases, versions and approvals. */
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { Link, navigate } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { useLiveValue } from '../live/use-live-value.ts';
import { ApprovalsPanel } from './approvals-panel.tsx';
import { MODEL_PAGE_EVENTS, isAboutModel } from './model-events.ts';
import { versionPath } from './models-page.tsx';

export function ModelPage({ name }: { name: string }) {
  const { client } = useCairn();
  const load = async () => ({
    model: await client.registry.getModel(name),
    versions: (await client.registry.listVersions(name, { maxResults: 1000 })).items.sort(
      (a, b) => b.version - a.version,
    ),
  });
  const loaded = useAsync(load, [client, name]);
  // Aliases, versions and approvals follow other users' changes while the page is open.
  const [live, refresh] = useLiveValue(name, loaded.value, load, MODEL_PAGE_EVENTS, (event) =>
    isAboutModel(event, name),
  );
  const model = live === undefined ? loaded : { ...loaded, status: 'ready' as const, value: live };
  if (model.status === 'loading') return <p role="status">Loading model…</p>;
  if (model.status === 'failed') {
    return (
      <p className="error" role="alert">
        {errorMessage(model.error)}
      </p>
    );
  }
  const { model: m, versions } = model.value;
  return (
    <section data-testid="model-page">
      <p>
        <Link to="/models">Models</Link> /
      </p>
      <h1>{m.name}</h1>
      <p data-testid="model-description">
        {m.description || <span className="muted">No description.</span>}
      </p>
      <dl className="kv">
        <dt>Created</dt>
        <dd>
          {formatTime(m.creationTimestamp)} by {m.userId || '—'}
        </dd>
        <dt>Aliases</dt>
        <dd data-testid="model-aliases">
          {m.aliases.length === 0
            ? '—'
            : m.aliases.map((a) => (
                <span key={a.alias} data-testid="model-alias" data-alias={a.alias}>
                  <Link to={versionPath(m.name, a.version)}>
                    @{a.alias} → v{a.version}
                  </Link>{' '}
                </span>
              ))}
        </dd>
        <dt>Tags</dt>
        <dd>{m.tags.length === 0 ? '—' : m.tags.map((t) => `${t.key}=${t.value}`).join(', ')}</dd>
      </dl>
      <h2>Versions</h2>
      <table className="data" data-testid="versions-table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Stage</th>
            <th scope="col">Aliases</th>
            <th scope="col">Source run</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const to = versionPath(m.name, v.version);
            return (
              <tr
                key={v.version}
                className="clickable"
                tabIndex={0}
                data-testid="version-row"
                onClick={() => navigate(to)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') navigate(to);
                }}
              >
                <td>
                  <Link to={to} onClick={(event) => event.stopPropagation()}>
                    v{v.version}
                  </Link>
                </td>
                <td>{v.currentStage}</td>
                <td>{v.aliases.map((a) => `@${a}`).join(', ')}</td>
                <td className="mono">
                  {v.runId === null ? (
                    '—'
                  ) : (
                    <Link
                      to={`/runs/${encodeURIComponent(v.runId)}`}
                      onClick={(event) => event.stopPropagation()}
                    >
                      {v.runId}
                    </Link>
                  )}
                </td>
                <td>{formatTime(v.creationTimestamp)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ApprovalsPanel modelName={m.name} versions={versions} onChanged={refresh} />
    </section>
  );
}
