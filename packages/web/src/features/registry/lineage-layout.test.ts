import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAYOUT, layoutLineage, routeEdge } from './lineage-layout.ts';

describe('layoutLineage', () => {
  it('puts each node one layer right of its deepest input, stacking a layer top-down', () => {
    const layout = layoutLineage(
      ['mv', 'run', 'data', 'code', 'lm'],
      [
        { from: 'data', to: 'run' },
        { from: 'code', to: 'run' },
        { from: 'run', to: 'lm' },
        { from: 'lm', to: 'mv' },
        { from: 'run', to: 'mv' },
      ],
    );
    const at = Object.fromEntries(layout.nodes.map((n) => [n.key, [n.layer, n.row]]));
    assert.deepEqual(at, { mv: [3, 0], run: [1, 0], data: [0, 0], code: [0, 1], lm: [2, 0] });
    assert.equal(layout.width, 2 * LAYOUT.pad + 3 * LAYOUT.columnWidth + LAYOUT.nodeWidth);
    // run → mv skips a layer: its arc needs room above the top row.
    const top = Math.min(...layout.nodes.map((n) => n.y));
    assert.ok(top > LAYOUT.pad, 'nodes moved down to leave room for the arc');
    assert.equal(layout.height, top + LAYOUT.pad + LAYOUT.rowHeight + LAYOUT.nodeHeight);
  });

  it('draws neighbouring layers straight and arcs a skipping edge above the nodes between', () => {
    const layout = layoutLineage(
      ['run', 'lm', 'mv'],
      [
        { from: 'run', to: 'lm' },
        { from: 'lm', to: 'mv' },
        { from: 'run', to: 'mv' },
      ],
    );
    const node = (key: string) =>
      layout.nodes.find((n) => n.key === key) as (typeof layout.nodes)[number];
    const straight = routeEdge(node('run'), node('lm'));
    assert.match(straight.path, /^M [\d.]+ [\d.]+ L /);
    // The label sits in the gap between the two boxes, not on either.
    assert.ok(straight.labelX > node('run').x + LAYOUT.nodeWidth && straight.labelX < node('lm').x);
    const arc = routeEdge(node('run'), node('mv'));
    assert.match(arc.path, / Q /);
    // Its label is above the box it passes over, and inside the picture.
    assert.ok(arc.labelY < node('lm').y && arc.labelY > 0);
  });

  it('survives a cycle and edges to unknown nodes', () => {
    const layout = layoutLineage(
      ['a', 'b'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'zzz', to: 'a' },
      ],
    );
    assert.equal(layout.nodes.length, 2);
    assert.ok(layout.nodes.every((n) => n.layer <= 1));
  });
});
