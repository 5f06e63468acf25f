/** `/models/:name`: a registered model's description, tags, aliases, versions and approvals. */
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { Link, navigate } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { usePermission } from '../../app/use-permission.ts';
import { useLiveValue } from '../live/use-live-value.ts';
import { AliasControls } from './alias-controls.tsx';
import { ApprovalsPanel } from './approvals-panel.tsx';
import { MODEL_PAGE_EVENTS, isAboutModel } from './model-events.ts';
import { versionPath } from './models-page.tsx';
import { StageControl } from './stage-control.tsx';

export function ModelPage({ name }: { name: string }) {
  const { client } = useCairn();
  // One load for everything an approval decision changes (aliases, the versions' aliases and
  // the protected aliases' targets), so a decision refreshes all of it together.
  const load = async () => {
    const [model, versions, protectedAliases] = await Promise.all([
      client.registry.getModel(name),
      client.registry.listVersions(name, { maxResults: 1000 }),
      client.approvals.listProtectedAliases(name),
    ]);
    return {
      model,
      versions: versions.items.sort((a, b) => b.version - a.version),
      protectedAliases,
    };
  };
  const loaded = useAsync(load, [client, name]);
  // Aliases, versions and approvals follow other users' changes while the page is open.
  const [live, refresh] = useLiveValue(name, loaded.value, load, MODEL_PAGE_EVENTS, (event) =>
    isAboutModel(event, name),
  );
  const permission = usePermission(
    loaded.status === 'ready' ? { registeredModel: name } : undefined,
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
  const { model: m, versions, protectedAliases } = model.value;
  const editReason = permission.denyReason('EDIT');
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
        <dt>Tags</dt>
        <dd>{m.tags.length === 0 ? '—' : m.tags.map((t) => `${t.key}=${t.value}`).join(', ')}</dd>
      </dl>
      <AliasControls
        name={m.name}
        aliases={m.aliases}
        versions={versions}
        protectedAliases={protectedAliases}
        denyReason={editReason}
        onChanged={refresh}
      />
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
                data-version={v.version}
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
                <td data-testid="version-row-stage">{v.currentStage}</td>
                <td data-testid="version-row-aliases">
                  {v.aliases.map((a) => `@${a}`).join(', ')}
                </td>
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
      <StageControl name={m.name} versions={versions} denyReason={editReason} onChanged={refresh} />
      <ApprovalsPanel
        modelName={m.name}
        versions={versions}
        protectedAliases={protectedAliases}
        permission={permission}
        onChanged={refresh}
      />
    </section>
  );
}
