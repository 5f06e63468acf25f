/** The lineage of one entity as a layered SVG: inputs on the left, what came of them on the right. */
import type { LineageGraph as Graph } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { navigate } from '../../app/router.tsx';
import { useAsync } from '../../app/use-async.ts';
import { LAYOUT, layoutLineage, routeEdge } from './lineage-layout.ts';

type GraphNode = Graph['nodes'][number];

/** Where a node's page is in the UI, when it has one. */
function pageOf(node: GraphNode): string | undefined {
  if (node.kind === 'run') return `/runs/${encodeURIComponent(node.id)}`;
  if (node.kind === 'model_version') {
    const slash = node.id.lastIndexOf('/');
    if (slash > 0) {
      return `/models/${encodeURIComponent(node.id.slice(0, slash))}/versions/${node.id.slice(slash + 1)}`;
    }
  }
  return undefined;
}

const clip = (text: string, max = 24) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function LineageGraphView({ entity }: { entity: string }) {
  const { client } = useCairn();
  const graph = useAsync(
    () => client.registry.lineage(entity, { direction: 'both' }),
    [client, entity],
  );
  if (graph.status === 'loading') return <p role="status">Loading lineage…</p>;
  if (graph.status === 'failed') {
    return (
      <p className="error" role="alert">
        {errorMessage(graph.error)}
      </p>
    );
  }
  const { nodes, edges, hidden, truncated, root } = graph.value;
  const keyOf = (node: GraphNode) => `${node.kind}:${node.id}`;
  const layout = layoutLineage(nodes.map(keyOf), edges);
  const place = new Map(layout.nodes.map((n) => [n.key, n]));
  return (
    <figure data-testid="lineage-graph">
      <svg
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label={`Lineage of ${root}: ${nodes.length} nodes, ${edges.length} edges`}
      >
        {edges.map((edge) => {
          const a = place.get(edge.from);
          const b = place.get(edge.to);
          if (a === undefined || b === undefined) return null;
          const route = routeEdge(a, b);
          return (
            <g key={`${edge.from}->${edge.to}:${edge.relation}`} className="lineage-edge">
              <path d={route.path} fill="none" stroke="currentColor" strokeOpacity={0.5} />
              <text x={route.labelX} y={route.labelY} fontSize={10} textAnchor="middle">
                {edge.relation}
              </text>
            </g>
          );
        })}
        {nodes.map((node) => {
          const at = place.get(keyOf(node));
          if (at === undefined) return null;
          const to = pageOf(node);
          const isRoot = keyOf(node) === root;
          return (
            <g
              key={keyOf(node)}
              className="lineage-node"
              data-testid="lineage-node"
              data-kind={node.kind}
              transform={`translate(${at.x},${at.y})`}
              tabIndex={to === undefined ? undefined : 0}
              role={to === undefined ? undefined : 'link'}
              aria-label={`${node.kind} ${node.label}`}
              style={to === undefined ? undefined : { cursor: 'pointer' }}
              onClick={to === undefined ? undefined : () => navigate(to)}
              onKeyDown={(event) => {
                if (to !== undefined && event.key === 'Enter') navigate(to);
              }}
            >
              <rect
                width={LAYOUT.nodeWidth}
                height={LAYOUT.nodeHeight}
                rx={6}
                fill="var(--surface, transparent)"
                stroke="currentColor"
                strokeWidth={isRoot ? 2.5 : 1}
              />
              <text x={8} y={15} fontSize={10} opacity={0.7}>
                {node.kind}
              </text>
              <text x={8} y={31} fontSize={12}>
                {clip(node.label)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        {nodes.length} nodes, {edges.length} edges
        {hidden > 0 && ` · ${hidden} hidden (no read access)`}
        {truncated && ' · truncated'}
      </figcaption>
    </figure>
  );
}
