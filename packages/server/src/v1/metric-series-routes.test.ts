import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import { metricSeriesSchema } from './entity-schemas.ts';

interface Series {
  points: { step: number; timestamp: number; value: number | string }[];
  total: number;
  downsampled: boolean;
}

describe('v1 metric series', () => {
  let t: TestApp;
  let runId: string;
  const n = 5_000;
  const spikeStep = 3_217;
  before(async () => {
    t = await createTestApp();
    ({
      info: { runId },
    } = (await expectJson(await t.call('POST', '/api/v1/runs', { json: {} }), 201)) as {
      info: { runId: string };
    });
    for (let start = 0; start < n; start += 1000) {
      const metrics = Array.from({ length: 1000 }, (_, i) => {
        const step = start + i;
        // Wall time runs backwards so time order differs from step order.
        return { key: 'loss', value: step === spikeStep ? 99 : 1, step, timestamp: 1e12 - step };
      });
      const logged = await t.call('POST', `/api/v1/runs/${runId}/log-batch`, { json: { metrics } });
      assert.equal(logged.status, 204);
    }
    const small = [
      { key: 'acc', value: 'NaN', step: 0, timestamp: 5 },
      { key: 'acc', value: 0.5, step: 1, timestamp: 6 },
    ];
    const logged = await t.call('POST', `/api/v1/runs/${runId}/log-batch`, {
      json: { metrics: small },
    });
    assert.equal(logged.status, 204);
  });
  after(() => t.close());

  const series = async (key: string, query: string): Promise<Series> => {
    const body = (await expectJson(
      await t.call('GET', `/api/v1/runs/${runId}/metrics/${key}/series?${query}`),
      200,
    )) as Series;
    assert.deepEqual(metricSeriesSchema.parse(body), body);
    return body;
  };

  it('downsamples by step with M4, keeping the spike and both ends', async () => {
    const body = await series('loss', 'buckets=100');
    assert.equal(body.total, n);
    assert.equal(body.downsampled, true);
    assert.ok(body.points.length <= 400);
    const steps = body.points.map((p) => p.step);
    assert.ok(steps.includes(spikeStep));
    assert.equal(steps[0], 0);
    assert.equal(steps.at(-1), n - 1);
    assert.deepEqual(
      steps,
      [...steps].sort((a, b) => a - b),
    );
  });

  it('orders and buckets by wall time with x=time', async () => {
    const body = await series('loss', 'x=time&buckets=50');
    const times = body.points.map((p) => p.timestamp);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.ok(body.points.some((p) => p.value === 99));
    assert.ok(body.points.length <= 200);
  });

  it('limits the series to xMin..xMax', async () => {
    const body = await series('loss', 'xMin=100&xMax=199&buckets=1000');
    assert.equal(body.total, 100);
    assert.equal(body.downsampled, false);
    assert.equal(body.points[0]?.step, 100);
    assert.equal(body.points.at(-1)?.step, 199);
    const fractional = await series('loss', 'xMin=99.5&xMax=101.2');
    assert.deepEqual(
      fractional.points.map((p) => p.step),
      [100, 101],
    );
    const byTime = await series('loss', `x=time&xMin=${1e12 - 101}&xMax=${1e12 - 100}`);
    assert.deepEqual(
      byTime.points.map((p) => p.step),
      [101, 100],
    );
  });

  it('returns a small series whole, with non-finite values as strings', async () => {
    const body = await series('acc', 'buckets=10');
    assert.deepEqual(body, {
      points: [
        { step: 0, timestamp: 5, value: 'NaN' },
        { step: 1, timestamp: 6, value: 0.5 },
      ],
      total: 2,
      downsampled: false,
    });
    const unknown = await series('nothing', '');
    assert.deepEqual(unknown, { points: [], total: 0, downsampled: false });
  });

  it('shows points logged after a series was read (the cached series is dropped)', async () => {
    const before = await series('grow', 'buckets=10');
    assert.equal(before.total, 0);
    const log = async (step: number) =>
      assert.equal(
        (
          await t.call('POST', `/api/v1/runs/${runId}/log-batch`, {
            json: { metrics: [{ key: 'grow', value: step, step, timestamp: step }] },
          })
        ).status,
        204,
      );
    await log(5);
    assert.deepEqual((await series('grow', 'buckets=10')).points, [
      { step: 5, timestamp: 5, value: 5 },
    ]);
    // An earlier step logged late still appears, in step order.
    await log(2);
    const after = await series('grow', 'buckets=10');
    assert.deepEqual(
      after.points.map((p) => p.step),
      [2, 5],
    );
  });

  it('refuses bad buckets, axis and range', async () => {
    for (const query of ['buckets=0', 'buckets=4001', 'x=epoch', 'xMin=5&xMax=1', 'xMin=abc']) {
      const response = await t.call('GET', `/api/v1/runs/${runId}/metrics/loss/series?${query}`);
      assert.equal(response.status, 400, query);
    }
  });
});
