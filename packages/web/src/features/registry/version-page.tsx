/** `/models/:name/versions/:version`: one version with its source run, card, lineage and comments. */
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { Link } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { usePermission } from '../../app/use-permission.ts';
import { CommentsSection } from '../audit/comments-section.tsx';
import { useLiveValue } from '../live/use-live-value.ts';
import { SetAliasForm, VersionAliasList } from './alias-controls.tsx';
import { LineageGraphView } from './lineage-graph.tsx';
import { ModelCardPanel } from './model-card-panel.tsx';
import { MODEL_PAGE_EVENTS, isAboutModel } from './model-events.ts';
import { modelPath } from './models-page.tsx';
import { StageControl } from './stage-control.tsx';

export function VersionPage({ name, version }: { name: string; version: number }) {
  const { client } = useCairn();
  const load = async () => {
    const [mv, protectedAliases] = await Promise.all([
      client.registry.getVersion(name, version),
      client.approvals.listProtectedAliases(name),
    ]);
    return { mv, protectedAliases };
  };
  const loaded = useAsync(load, [client, name, version]);
  // The stage and aliases follow transitions and approvals made elsewhere.
  const [live, refresh] = useLiveValue(
    `${name}/${version}`,
    loaded.value,
    load,
    MODEL_PAGE_EVENTS,
    (event) => isAboutModel(event, name),
  );
  const permission = usePermission(
    loaded.status === 'ready' ? { registeredModel: name } : undefined,
  );
  if (!Number.isInteger(version) || version < 1) {
    return (
      <p className="error" role="alert">
        Not a version number.
      </p>
    );
  }
  const state = live === undefined ? loaded : { ...loaded, status: 'ready' as const, value: live };
  if (state.status === 'loading') return <p role="status">Loading version…</p>;
  if (state.status === 'failed') {
    return (
      <p className="error" role="alert">
        {errorMessage(state.error)}
      </p>
    );
  }
  const { mv: v, protectedAliases } = state.value;
  const editReason = permission.denyReason('EDIT');
  return (
    <section data-testid="version-page">
      <p>
        <Link to="/models">Models</Link> / <Link to={modelPath(name)}>{name}</Link> /
      </p>
      <h1>
        {name} v{v.version}
      </h1>
      <dl className="kv">
        <dt>Stage</dt>
        <dd>
          <span data-testid="version-stage">{v.currentStage}</span>
          <StageControl name={name} version={v} denyReason={editReason} onChanged={refresh} />
        </dd>
        <dt>Aliases</dt>
        <dd>
          <VersionAliasList
            name={name}
            aliases={v.aliases}
            protectedAliases={protectedAliases}
            denyReason={editReason}
            onChanged={refresh}
          />
          <SetAliasForm
            name={name}
            versions={[v]}
            protectedAliases={protectedAliases}
            fixedVersion={v.version}
            denyReason={editReason}
            onChanged={refresh}
          />
        </dd>
        <dt>Source run</dt>
        <dd>
          {v.runId === null ? (
            '—'
          ) : (
            <Link to={`/runs/${encodeURIComponent(v.runId)}`} data-testid="version-source-run">
              {v.runId}
            </Link>
          )}
        </dd>
        <dt>Source</dt>
        <dd className="mono">{v.source}</dd>
        <dt>Created</dt>
        <dd>
          {formatTime(v.creationTimestamp)} by {v.userId || '—'}
        </dd>
        <dt>Description</dt>
        <dd>{v.description || '—'}</dd>
        <dt>Tags</dt>
        <dd>{v.tags.map((t) => `${t.key}=${t.value}`).join(', ') || '—'}</dd>
      </dl>
      <ModelCardPanel name={name} version={version} denyReason={editReason} />
      <section aria-labelledby="lineage-heading">
        <h2 id="lineage-heading">Lineage</h2>
        <LineageGraphView entity={`model_version:${name}/${version}`} />
      </section>
      <CommentsSection subject={{ modelName: name, version }} />
    </section>
  );
}
