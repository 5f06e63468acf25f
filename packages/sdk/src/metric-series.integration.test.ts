import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiErrorOf, useTestServer } from './testing/test-server.ts';

describe('client.runs.metricSeries', () => {
  const server = useTestServer('cairn-sdk-series-');

  it('returns the M4 selection with the spike, and non-finite values decoded', async () => {
    const { client } = server;
    const run = await client.runs.create();
    const runId = run.info.runId;
    for (let start = 0; start < 3000; start += 1000) {
      const metrics = Array.from({ length: 1000 }, (_, i) => {
        const step = start + i;
        return { key: 'loss', value: step === 1234 ? 50 : 1, step, timestamp: 1000 + step };
      });
      await client.runs.logBatch(runId, { metrics });
    }
    await client.runs.logBatch(runId, {
      metrics: [{ key: 'odd', value: Number.NaN, step: 0, timestamp: 1 }],
    });

    const series = await client.runs.metricSeries(runId, 'loss', { buckets: 20 });
    assert.equal(series.total, 3000);
    assert.equal(series.downsampled, true);
    assert.ok(series.points.length <= 80);
    assert.ok(series.points.some((p) => p.step === 1234 && p.value === 50));

    const zoomed = await client.runs.metricSeries(runId, 'loss', {
      x: 'time',
      xMin: 1100,
      xMax: 1109,
    });
    assert.deepEqual(
      zoomed.points.map((p) => p.step),
      [100, 101, 102, 103, 104, 105, 106, 107, 108, 109],
    );
    assert.equal(zoomed.downsampled, false);

    const odd = await client.runs.metricSeries(runId, 'odd');
    assert.ok(Number.isNaN(odd.points[0]?.value));

    const error = await apiErrorOf(client.runs.metricSeries(runId, 'loss', { buckets: 0 }));
    assert.equal(error.status, 400);
  });
});
