import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BATCH_LIMITS, planBatch, type BatchEntry } from './batch-planner.ts';

const metric = (key: string, step = 0): BatchEntry => ({
  kind: 'metric',
  item: { key, value: step, step, timestamp: 1 },
});
const param = (key: string, value = 'v'): BatchEntry => ({ kind: 'param', item: { key, value } });
const tag = (key: string, value = 'v'): BatchEntry => ({ kind: 'tag', item: { key, value } });

describe('planBatch', () => {
  it('takes at most 1000 metrics and keeps the queue order', () => {
    const queue = Array.from({ length: 1500 }, (_, i) => metric('loss', i));
    const batch = planBatch(queue);
    assert.equal(batch.count, 1000);
    assert.deepEqual(
      batch.metrics.map((m) => m.step),
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });

  it('stops at 100 params or 100 tags even when metrics would still fit', () => {
    const params = Array.from({ length: 150 }, (_, i) => param(`p${i}`));
    assert.equal(planBatch(params).count, 100);
    const tags = [metric('m'), ...Array.from({ length: 130 }, (_, i) => tag(`t${i}`))];
    const batch = planBatch(tags);
    assert.equal(batch.count, 101);
    assert.equal(batch.tags.length, 100);
    assert.equal(batch.metrics.length, 1);
  });

  it('caps all entities at 1000 per request', () => {
    const queue = [
      ...Array.from({ length: 100 }, (_, i) => param(`p${i}`)),
      ...Array.from({ length: 1000 }, (_, i) => metric('x', i)),
    ];
    const batch = planBatch(queue);
    assert.equal(batch.count, 1000);
    assert.equal(batch.params.length, 100);
    assert.equal(batch.metrics.length, 900);
  });

  it('never puts the same param or tag key twice in one request', () => {
    const queue = [param('lr', '0.1'), metric('m'), tag('t', 'a'), tag('t', 'b'), param('lr')];
    const first = planBatch(queue);
    assert.equal(first.count, 3);
    const second = planBatch(queue.slice(first.count));
    assert.equal(second.count, 2);
    assert.deepEqual(second.tags, [{ key: 't', value: 'b' }]);
  });

  it('keeps the estimated body under the byte limit, always taking at least one entry', () => {
    const long = 'é'.repeat(7000);
    const queue = Array.from({ length: 100 }, (_, i) => tag(`t${i}`, long));
    const batch = planBatch(queue);
    // 7000 × 2 UTF-8 bytes per tag: 64 tags would pass 900,000 bytes.
    assert.ok(batch.count < 64 && batch.count > 50, `got ${batch.count}`);
    const tiny = { ...DEFAULT_BATCH_LIMITS, bytes: 10 };
    assert.equal(planBatch(queue, tiny).count, 1);
  });
});
