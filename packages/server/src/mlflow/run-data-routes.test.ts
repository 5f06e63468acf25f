import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMlflowTestApp } from './testing/mlflow-test-app.ts';
import type { MlflowTestApp } from './testing/mlflow-test-app.ts';

const API = '/api/2.0/mlflow';

type Json = Record<string, unknown>;
interface RunData {
  metrics?: { key: string; value: unknown; step: number; timestamp: number }[];
  params?: { key: string; value: string }[];
  tags?: { key: string; value: string }[];
}

describe('MLflow run data endpoints', () => {
  let t: MlflowTestApp;
  let experimentId: string;
  before(async () => {
    t = await createMlflowTestApp();
    const created = await t.call('POST', `${API}/experiments/create`, { json: { name: 'data' } });
    experimentId = String(created.json?.experiment_id);
  });
  after(async () => {
    assert.deepEqual(t.unexpectedErrors, []);
    await t.close();
  });

  async function newRun(): Promise<string> {
    const response = await t.call('POST', `${API}/runs/create`, {
      json: { experiment_id: experimentId, start_time: Date.now() },
    });
    return String(((response.json?.run as Json).info as Json).run_id);
  }

  async function runData(runId: string): Promise<RunData> {
    const response = await t.call('GET', `${API}/runs/get?run_id=${runId}`);
    return (response.json?.run as Json).data as RunData;
  }

  it('log-metric round-trips NaN and ±Infinity as protobuf strings', async () => {
    const runId = await newRun();
    for (const [key, value] of [
      ['nan', 'NaN'],
      ['pinf', 'Infinity'],
      ['ninf', '-Infinity'],
      ['plain', 0.25],
    ] as const) {
      const response = await t.call('POST', `${API}/runs/log-metric`, {
        json: { run_uuid: runId, run_id: runId, key, value, timestamp: 1000, step: 1 },
      });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.json, {});
    }
    const metrics = (await runData(runId)).metrics ?? [];
    const byKey = Object.fromEntries(metrics.map((m) => [m.key, m.value]));
    assert.deepEqual(byKey, { nan: 'NaN', pinf: 'Infinity', ninf: '-Infinity', plain: 0.25 });

    const history = await t.call(
      'GET',
      `${API}/metrics/get-history?run_uuid=${runId}&metric_key=nan`,
    );
    assert.equal(history.status, 200);
    assert.deepEqual(
      (history.json?.metrics as Json[]).map(({ key, value, timestamp, step }) => ({
        key,
        value,
        timestamp,
        step,
      })),
      [{ key: 'nan', value: 'NaN', timestamp: 1000, step: 1 }],
    );
  });

  it('log-metric needs key, value and timestamp', async () => {
    const runId = await newRun();
    for (const missing of ['key', 'value', 'timestamp']) {
      const body: Json = { run_id: runId, key: 'k', value: 1, timestamp: 1 };
      delete body[missing];
      const response = await t.call('POST', `${API}/runs/log-metric`, { json: body });
      assert.equal(response.status, 400);
      assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(String(response.json?.message), new RegExp(`parameter '${missing}'`));
    }
    assert.equal((await runData(runId)).metrics, undefined);
  });

  it('log-parameter logs once; a changed value is INVALID_PARAMETER_VALUE; same value is a no-op', async () => {
    const runId = await newRun();
    const log = (value: string) =>
      t.call('POST', `${API}/runs/log-parameter`, { json: { run_id: runId, key: 'lr', value } });
    assert.equal((await log('0.1')).status, 200);
    assert.equal((await log('0.1')).status, 200);
    const changed = await log('0.2');
    assert.equal(changed.status, 400);
    assert.equal(changed.json?.error_code, 'INVALID_PARAMETER_VALUE');
    assert.deepEqual((await runData(runId)).params, [{ key: 'lr', value: '0.1' }]);
  });

  it('set-tag and delete-tag', async () => {
    const runId = await newRun();
    await t.call('POST', `${API}/runs/set-tag`, { json: { run_id: runId, key: 'k', value: 'v' } });
    assert.ok((await runData(runId)).tags?.some((tag) => tag.key === 'k' && tag.value === 'v'));
    const deleted = await t.call('POST', `${API}/runs/delete-tag`, {
      json: { run_id: runId, key: 'k' },
    });
    assert.equal(deleted.status, 200);
    assert.ok(!(await runData(runId)).tags?.some((tag) => tag.key === 'k'));
  });

  it('log-batch writes metrics, params and tags, and is safe to retry', async () => {
    const runId = await newRun();
    const batch = {
      run_id: runId,
      metrics: [
        { key: 'loss', value: 0.5, timestamp: 10, step: 0 },
        { key: 'loss', value: 0.25, timestamp: 20, step: 1 },
      ],
      params: [{ key: 'depth', value: '3' }],
      tags: [{ key: 'phase', value: 'train' }],
    };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await t.call('POST', `${API}/runs/log-batch`, { json: batch });
      assert.equal(response.status, 200, response.text);
    }
    const data = await runData(runId);
    assert.deepEqual(
      data.metrics?.map((m) => [m.key, m.value, m.step]),
      [['loss', 0.25, 1]],
    );
    assert.deepEqual(data.params, [{ key: 'depth', value: '3' }]);
    assert.ok(data.tags?.some((tag) => tag.key === 'phase'));
    const history = await t.call(
      'GET',
      `${API}/metrics/get-history?run_id=${runId}&metric_key=loss`,
    );
    assert.equal((history.json?.metrics as unknown[]).length, 2);
  });

  it('log-batch names the missing field of an item', async () => {
    const runId = await newRun();
    const response = await t.call('POST', `${API}/runs/log-batch`, {
      json: {
        run_id: runId,
        metrics: [
          { key: 'a', value: 1, timestamp: 1 },
          { key: 'b', value: 1 },
        ],
      },
    });
    assert.equal(response.status, 400);
    assert.match(String(response.json?.message), /'metrics\[1\]\.timestamp'/);
    assert.equal((await runData(runId)).metrics, undefined);
  });

  it('over-limit batches and invalid keys are 400 INVALID_PARAMETER_VALUE and write nothing', async () => {
    const runId = await newRun();
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({
      key: `m${i}`,
      value: i,
      timestamp: 1,
      step: 0,
    }));
    const bad: Json[] = [
      { run_id: runId, metrics: tooMany },
      {
        run_id: runId,
        params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })),
      },
      { run_id: runId, metrics: [{ key: '../escape', value: 1, timestamp: 1 }] },
      { run_id: runId, params: [{ key: 'bad\nkey', value: 'v' }] },
      { run_id: runId, tags: [{ key: 'x'.repeat(300), value: 'v' }] },
    ];
    for (const body of bad) {
      const response = await t.call('POST', `${API}/runs/log-batch`, { json: body });
      assert.equal(response.status, 400, response.text);
      assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
    }
    const data = await runData(runId);
    assert.equal(data.metrics, undefined);
    assert.equal(data.params, undefined);
    assert.ok(!data.tags?.some((tag) => tag.key.startsWith('xxx')));
  });

  it('a log-batch body over 1,000,000 bytes is INVALID_PARAMETER_VALUE before it is parsed', async () => {
    const runId = await newRun();
    const body = JSON.stringify({
      run_id: runId,
      tags: [{ key: 'big', value: 'v'.repeat(1_000_100) }],
    });
    const response = await t.call('POST', `${API}/runs/log-batch`, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(String(response.json?.message), /must be at most 1000000 bytes/);
    assert.ok(!(await runData(runId)).tags?.some((tag) => tag.key === 'big'));
  });

  it('writing to a deleted run is INVALID_PARAMETER_VALUE', async () => {
    const runId = await newRun();
    await t.call('POST', `${API}/runs/delete`, { json: { run_id: runId } });
    const response = await t.call('POST', `${API}/runs/log-metric`, {
      json: { run_id: runId, key: 'k', value: 1, timestamp: 1 },
    });
    assert.equal(response.status, 400);
    assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
  });

  it('log-inputs records dataset inputs; outputs records model outputs', async () => {
    const runId = await newRun();
    const inputs = await t.call('POST', `${API}/runs/log-inputs`, {
      json: {
        run_id: runId,
        datasets: [
          {
            tags: [{ key: 'mlflow.data.context', value: 'training' }],
            dataset: {
              name: 'iris',
              digest: 'abc123',
              source_type: 'local',
              source: '{"uri":"x"}',
            },
          },
        ],
      },
    });
    assert.equal(inputs.status, 200, inputs.text);
    const model = await t.call('POST', `${API}/logged-models`, {
      json: { experiment_id: experimentId, name: 'm', source_run_id: runId },
    });
    const modelId = String(((model.json?.model as Json).info as Json).model_id);
    const outputs = await t.call('POST', `${API}/runs/outputs`, {
      json: { run_id: runId, models: [{ model_id: modelId, step: 0 }] },
    });
    assert.equal(outputs.status, 200, outputs.text);

    const run = (await t.call('GET', `${API}/runs/get?run_id=${runId}`)).json?.run as Json;
    assert.deepEqual(run.inputs, {
      dataset_inputs: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: { name: 'iris', digest: 'abc123', source_type: 'local', source: '{"uri":"x"}' },
        },
      ],
    });
    assert.deepEqual(run.outputs, { model_outputs: [{ model_id: modelId, step: 0 }] });

    const missingModels = await t.call('POST', `${API}/runs/outputs`, { json: { run_id: runId } });
    assert.equal(missingModels.status, 400);
    assert.match(String(missingModels.json?.message), /'models'/);
    const missingDataset = await t.call('POST', `${API}/runs/log-inputs`, {
      json: { run_id: runId, datasets: [{ dataset: { name: 'x' } }] },
    });
    assert.equal(missingDataset.status, 400);
    assert.match(String(missingDataset.json?.message), /'datasets\[0\]\.dataset\.digest'/);
  });

  it('legacy log-model appends to the mlflow.log-model.history tag', async () => {
    const runId = await newRun();
    const model = { artifact_path: 'model', flavors: {}, utc_time_created: 'now', run_id: runId };
    for (let i = 0; i < 2; i += 1) {
      const response = await t.call('POST', `${API}/runs/log-model`, {
        json: { run_id: runId, model_json: JSON.stringify(model) },
      });
      assert.equal(response.status, 200, response.text);
    }
    const tag = (await runData(runId)).tags?.find((x) => x.key === 'mlflow.log-model.history');
    assert.deepEqual(JSON.parse(String(tag?.value)), [model, model]);

    const incomplete = await t.call('POST', `${API}/runs/log-model`, {
      json: { run_id: runId, model_json: '{"artifact_path":"m"}' },
    });
    assert.equal(incomplete.status, 400);
    assert.match(String(incomplete.json?.message), /missing mandatory fields/);
    const malformed = await t.call('POST', `${API}/runs/log-model`, {
      json: { run_id: runId, model_json: '{' },
    });
    assert.equal(malformed.status, 400);
  });
});
