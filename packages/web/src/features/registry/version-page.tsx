/** `/models/:name/versions/:version`: one version with its source run, card, lineage and comments. */
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { Link } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { CommentsSection } from '../audit/comments-section.tsx';
import { LineageGraphView } from './lineage-graph.tsx';
import { ModelCardPanel } from './model-card-panel.tsx';
import { modelPath } from './models-page.tsx';

export function VersionPage({ name, version }: { name: string; version: number }) {
  const { client } = useCairn();
  const mv = useAsync(() => client.registry.getVersion(name, version), [client, name, version]);
  if (!Number.isInteger(version) || version < 1) {
    return (
      <p className="error" role="alert">
        Not a version number.
      </p>
    );
  }
  if (mv.status === 'loading') return <p role="status">Loading version…</p>;
  if (mv.status === 'failed') {
    return (
      <p className="error" role="alert">
        {errorMessage(mv.error)}
      </p>
    );
  }
  const v = mv.value;
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
        <dd data-testid="version-stage">{v.currentStage}</dd>
        <dt>Aliases</dt>
        <dd data-testid="version-aliases">{v.aliases.map((a) => `@${a}`).join(', ') || '—'}</dd>
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
      <ModelCardPanel name={name} version={version} />
      <section aria-labelledby="lineage-heading">
        <h2 id="lineage-heading">Lineage</h2>
        <LineageGraphView entity={`model_version:${name}/${version}`} />
      </section>
      <CommentsSection subject={{ modelName: name, version }} />
    </section>
  );
}
