/**
 * Places a lineage graph in layers for a simple SVG: each node's layer is the length of the
 * longest path of edges reaching it (sources on the left), nodes in a layer stacked in the
 * order they came. Cycles (which lineage should not have) are broken by ignoring the edge
 * that closes one. An edge between neighbouring layers is a straight line; one that skips
 * layers arcs above the nodes between (a straight line would run through them and read as
 * a chain), with room for the arcs left above the nodes. Pure, for `node --test`.
 */

export interface LayoutNode {
  key: string;
  layer: number;
  row: number;
  x: number;
  y: number;
}

export interface LineageLayout {
  nodes: LayoutNode[];
  width: number;
  height: number;
}

// The 100 px between layers holds an edge's label ("produced", "registered").
export const LAYOUT = { columnWidth: 280, rowHeight: 64, nodeWidth: 180, nodeHeight: 40, pad: 16 };
/** How much higher an arc rises per layer it skips. */
const ARC_LIFT = 48;

export interface EdgeRoute {
  /** SVG path data. */
  path: string;
  labelX: number;
  labelY: number;
}

export function layoutLineage(
  keys: readonly string[],
  edges: readonly { from: string; to: string }[],
): LineageLayout {
  const known = new Set(keys);
  const incoming = new Map<string, string[]>();
  for (const edge of edges) {
    if (!known.has(edge.from) || !known.has(edge.to) || edge.from === edge.to) continue;
    incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
  }
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (key: string): number => {
    const done = layer.get(key);
    if (done !== undefined) return done;
    if (visiting.has(key)) return 0;
    visiting.add(key);
    let depth = 0;
    for (const from of incoming.get(key) ?? []) {
      if (visiting.has(from)) continue;
      depth = Math.max(depth, depthOf(from) + 1);
    }
    visiting.delete(key);
    layer.set(key, depth);
    return depth;
  };
  // Room above the nodes for the highest arc (its middle rises half its control point's lift).
  let widestSkip = 0;
  for (const [to, froms] of incoming) {
    for (const from of froms) widestSkip = Math.max(widestSkip, depthOf(to) - depthOf(from) - 1);
  }
  const arcRoom = widestSkip > 0 ? (ARC_LIFT * widestSkip) / 2 + 16 : 0;
  const rows = new Map<number, number>();
  const nodes = keys.map((key) => {
    const l = depthOf(key);
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    return {
      key,
      layer: l,
      row,
      x: LAYOUT.pad + l * LAYOUT.columnWidth,
      y: LAYOUT.pad + arcRoom + row * LAYOUT.rowHeight,
    };
  });
  const layers = Math.max(0, ...nodes.map((n) => n.layer)) + 1;
  const maxRows = Math.max(1, ...rows.values());
  return {
    nodes,
    width: 2 * LAYOUT.pad + (layers - 1) * LAYOUT.columnWidth + LAYOUT.nodeWidth,
    height: 2 * LAYOUT.pad + arcRoom + (maxRows - 1) * LAYOUT.rowHeight + LAYOUT.nodeHeight,
  };
}

/** How to draw the edge from `from` to `to` (right side of one box to the left of the other). */
export function routeEdge(from: LayoutNode, to: LayoutNode): EdgeRoute {
  const x1 = from.x + LAYOUT.nodeWidth;
  const y1 = from.y + LAYOUT.nodeHeight / 2;
  const x2 = to.x;
  const y2 = to.y + LAYOUT.nodeHeight / 2;
  const skipped = to.layer - from.layer - 1;
  if (skipped <= 0) {
    return {
      path: `M ${x1} ${y1} L ${x2} ${y2}`,
      labelX: (x1 + x2) / 2,
      labelY: (y1 + y2) / 2 - 4,
    };
  }
  // A quadratic curve whose middle passes half-way to its control point, above both ends.
  const controlY = Math.min(from.y, to.y) - ARC_LIFT * skipped;
  const middleY = (y1 + 2 * controlY + y2) / 4;
  return {
    path: `M ${x1} ${y1} Q ${(x1 + x2) / 2} ${controlY} ${x2} ${y2}`,
    labelX: (x1 + x2) / 2,
    labelY: middleY - 4,
  };
}
