import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMlflowTestApp } from './testing/mlflow-test-app.ts';
import type { MlflowTestApp } from './testing/mlflow-test-app.ts';

const API = '/api/2.0/mlflow';

type Json = Record<string, unknown>;

describe('MLflow run endpoints', () => {
  let t: MlflowTestApp;
  let experimentId: string;
  before(async () => {
    t = await createMlflowTestApp();
    const created = await t.call('POST', `${API}/experiments/create`, { json: { name: 'runs' } });
    experimentId = String(created.json?.experiment_id);
  });
  after(async () => {
    assert.deepEqual(t.unexpectedErrors, []);
    await t.close();
  });

  async function createRun(body: Json = {}): Promise<Json> {
    const response = await t.call('POST', `${API}/runs/create`, {
      json: { experiment_id: experimentId, start_time: Date.now(), ...body },
    });
    assert.equal(response.status, 200, response.text);
    return response.json?.run as Json;
  }

  async function searchRunIds(): Promise<string[]> {
    const response = await t.call('POST', `${API}/runs/search`, {
      json: { experiment_ids: [experimentId], run_view_type: 'ALL', max_results: 1000 },
    });
    return ((response.json?.runs ?? []) as { info: { run_id: string } }[]).map(
      (r) => r.info.run_id,
    );
  }

  it('create answers the Run message the client reads', async () => {
    const run = await createRun({
      user_id: 'ann',
      run_name: 'first',
      start_time: 1_700_000_000_000,
      tags: [{ key: 'mlflow.user', value: 'ann' }],
    });
    const info = run.info as Json;
    assert.equal(typeof info.run_id, 'string');
    assert.match(String(info.run_id), /^[0-9a-f]{32}$/);
    assert.equal(info.run_uuid, info.run_id);
    assert.equal(info.experiment_id, experimentId);
    assert.equal(info.run_name, 'first');
    assert.equal(info.user_id, 'ann');
    assert.equal(info.status, 'RUNNING');
    assert.equal(info.start_time, 1_700_000_000_000);
    assert.equal(info.end_time, undefined);
    assert.equal(
      info.artifact_uri,
      `mlflow-artifacts:/${experimentId}/${String(info.run_id)}/artifacts`,
    );
    assert.equal(info.lifecycle_stage, 'active');
    const tags = (run.data as { tags: { key: string; value: string }[] }).tags;
    assert.ok(tags.some((tag) => tag.key === 'mlflow.user' && tag.value === 'ann'));
    assert.deepEqual(run.inputs, {});
    assert.deepEqual(run.outputs, {});
  });

  it('accepts a numeric experiment_id and int64 start_time as a string', async () => {
    const response = await t.call('POST', `${API}/runs/create`, {
      json: { experiment_id: Number(experimentId), start_time: '1700000000001' },
    });
    assert.equal(response.status, 200, response.text);
    const info = (response.json?.run as Json).info as Json;
    assert.equal(info.experiment_id, experimentId);
    assert.equal(info.start_time, 1_700_000_000_001);
  });

  it('a retried create (same body) returns the same run', async () => {
    const body = { experiment_id: experimentId, start_time: 1_700_000_000_500, run_name: 'r' };
    const first = await t.call('POST', `${API}/runs/create`, { json: body });
    const retry = await t.call('POST', `${API}/runs/create`, { json: body });
    const firstId = ((first.json?.run as Json).info as Json).run_id;
    assert.equal(((retry.json?.run as Json).info as Json).run_id, firstId);
    assert.equal((await searchRunIds()).filter((id) => id === firstId).length, 1);
  });

  it('creates without a start time are distinct runs, never merged', async () => {
    const body = { experiment_id: experimentId, run_name: 'no-start' };
    const first = await t.call('POST', `${API}/runs/create`, { json: body });
    const second = await t.call('POST', `${API}/runs/create`, { json: body });
    assert.notEqual(
      ((first.json?.run as Json).info as Json).run_id,
      ((second.json?.run as Json).info as Json).run_id,
    );
  });

  it('get accepts run_id and the legacy run_uuid', async () => {
    const runId = String(((await createRun()).info as Json).run_id);
    for (const query of [`run_id=${runId}`, `run_uuid=${runId}`]) {
      const response = await t.call('GET', `${API}/runs/get?${query}`);
      assert.equal(response.status, 200);
      assert.equal(((response.json?.run as Json).info as Json).run_id, runId);
    }
    const missing = await t.call('GET', `${API}/runs/get`);
    assert.equal(missing.status, 400);
    assert.equal(missing.json?.error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(String(missing.json?.message), /Missing value for required parameter 'run_id'/);
    const unknown = await t.call('GET', `${API}/runs/get?run_id=${'f'.repeat(32)}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json?.error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('update sets status, end time and name and answers run_info', async () => {
    const runId = String(((await createRun()).info as Json).run_id);
    const response = await t.call('POST', `${API}/runs/update`, {
      json: { run_uuid: runId, status: 'FINISHED', end_time: 1_700_000_009_999, run_name: 'done' },
    });
    assert.equal(response.status, 200, response.text);
    const info = response.json?.run_info as Json;
    assert.equal(info.run_id, runId);
    assert.equal(info.status, 'FINISHED');
    assert.equal(info.end_time, 1_700_000_009_999);
    assert.equal(info.run_name, 'done');

    const bad = await t.call('POST', `${API}/runs/update`, {
      json: { run_id: runId, status: 'DONE' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json?.error_code, 'INVALID_PARAMETER_VALUE');
  });

  it('delete and restore change the lifecycle stage', async () => {
    const runId = String(((await createRun()).info as Json).run_id);
    assert.equal(
      (await t.call('POST', `${API}/runs/delete`, { json: { run_id: runId } })).status,
      200,
    );
    let got = await t.call('GET', `${API}/runs/get?run_id=${runId}`);
    assert.equal(((got.json?.run as Json).info as Json).lifecycle_stage, 'deleted');
    const active = await t.call('POST', `${API}/runs/search`, {
      json: { experiment_ids: [experimentId] },
    });
    assert.ok(
      !((active.json?.runs ?? []) as { info: Json }[]).some((r) => r.info.run_id === runId),
    );

    await t.call('POST', `${API}/runs/restore`, { json: { run_id: runId } });
    got = await t.call('GET', `${API}/runs/get?run_id=${runId}`);
    assert.equal(((got.json?.run as Json).info as Json).lifecycle_stage, 'active');
  });

  it('search filters, orders and pages', async () => {
    const a = String(((await createRun({ run_name: 'srch-a' })).info as Json).run_id);
    const b = String(((await createRun({ run_name: 'srch-b' })).info as Json).run_id);
    await t.call('POST', `${API}/runs/log-metric`, {
      json: { run_id: a, key: 'acc', value: 0.9, timestamp: 1, step: 0 },
    });
    await t.call('POST', `${API}/runs/log-metric`, {
      json: { run_id: b, key: 'acc', value: 0.5, timestamp: 1, step: 0 },
    });
    const filtered = await t.call('POST', `${API}/runs/search`, {
      json: { experiment_ids: [experimentId], filter: 'metrics.acc > 0.6' },
    });
    assert.equal(filtered.status, 200, filtered.text);
    assert.deepEqual(
      (filtered.json?.runs as { info: Json }[]).map((r) => r.info.run_id),
      [a],
    );

    const ordered = await t.call('POST', `${API}/runs/search`, {
      json: {
        experiment_ids: [experimentId],
        filter: "attributes.run_name LIKE 'srch-%'",
        order_by: ['metrics.acc ASC'],
        max_results: 1,
      },
    });
    assert.deepEqual(
      (ordered.json?.runs as { info: Json }[]).map((r) => r.info.run_id),
      [b],
    );
    assert.equal(typeof ordered.json?.next_page_token, 'string');

    const tooMany = await t.call('POST', `${API}/runs/search`, {
      json: { experiment_ids: [experimentId], max_results: 50_001 },
    });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json?.error_code, 'INVALID_PARAMETER_VALUE');

    const badFilter = await t.call('POST', `${API}/runs/search`, {
      json: { experiment_ids: [experimentId], filter: 'metrics.acc >>> 1' },
    });
    assert.equal(badFilter.status, 400);
    assert.equal(badFilter.json?.error_code, 'INVALID_PARAMETER_VALUE');
  });
});
