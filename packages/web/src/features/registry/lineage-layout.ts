/**
 * Places a lineage graph in layers for a simple SVG: each node's layer is the length of the
 * longest path of edges reaching it (sources on the left), nodes in a layer stacked in the
 * order they came. Cycles (which lineage should not have) are broken by ignoring the edge
 * that closes one. Pure, for `node --test`.
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

export const LAYOUT = { columnWidth: 220, rowHeight: 64, nodeWidth: 180, nodeHeight: 40, pad: 16 };

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
      y: LAYOUT.pad + row * LAYOUT.rowHeight,
    };
  });
  const layers = Math.max(0, ...nodes.map((n) => n.layer)) + 1;
  const maxRows = Math.max(1, ...rows.values());
  return {
    nodes,
    width: 2 * LAYOUT.pad + (layers - 1) * LAYOUT.columnWidth + LAYOUT.nodeWidth,
    height: 2 * LAYOUT.pad + (maxRows - 1) * LAYOUT.rowHeight + LAYOUT.nodeHeight,
  };
}
