import type { LineageGraph } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { Link } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';

type LineageNode = LineageGraph['nodes'][number];

/** A UI page for a lineage node, when the UI has one. */
function nodeHref(node: LineageNode): string | undefined {
  if (node.kind === 'run') return `/runs/${encodeURIComponent(node.id)}`;
  return undefined;
}

function NodeList(props: { title: string; testId: string; nodes: readonly LineageNode[] }) {
  return (
    <section>
      <h2>{props.title}</h2>
      {props.nodes.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul data-testid={props.testId}>
          {props.nodes.map((node) => {
            const href = nodeHref(node);
            return (
              <li key={`${node.kind}:${node.id}`}>
                <span className="muted">{node.kind.replace('_', ' ')}</span>{' '}
                {href === undefined ? node.label : <Link to={href}>{node.label}</Link>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** What this run was made from (datasets, models) and what was made from it. */
export function RunLineage({ runId }: { runId: string }) {
  const { client } = useCairn();
  const graph = useAsync(
    () => client.registry.lineage(`run:${runId}`, { direction: 'both', depth: 1 }),
    [client, runId],
  );
  if (graph.status === 'loading') return <p role="status">Loading lineage…</p>;
  if (graph.status === 'failed') {
    return (
      <p className="error" role="alert" data-testid="lineage-error">
        {errorMessage(graph.error)}
      </p>
    );
  }
  const { root, nodes, edges, hidden } = graph.value;
  const key = (node: LineageNode) => `${node.kind}:${node.id}`;
  const byKey = new Map(nodes.map((node) => [key(node), node]));
  const pick = (keys: string[]) =>
    [...new Set(keys)].flatMap((k) => (k === root ? [] : (byKey.get(k) ?? [])));
  const upstream = pick(edges.filter((e) => e.to === root).map((e) => e.from));
  const downstream = pick(edges.filter((e) => e.from === root).map((e) => e.to));
  return (
    <div className="panels" data-testid="run-lineage">
      <NodeList title="Upstream" testId="lineage-upstream" nodes={upstream} />
      <NodeList title="Downstream" testId="lineage-downstream" nodes={downstream} />
      {hidden > 0 && (
        <p className="muted">{hidden} related items are hidden: you may not read them.</p>
      )}
    </div>
  );
}
