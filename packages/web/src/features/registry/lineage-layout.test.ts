import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAYOUT, layoutLineage } from './lineage-layout.ts';

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
    assert.equal(layout.height, 2 * LAYOUT.pad + LAYOUT.rowHeight + LAYOUT.nodeHeight);
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
