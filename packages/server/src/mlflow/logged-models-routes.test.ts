import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMlflowTestApp } from './testing/mlflow-test-app.ts';
import type { MlflowTestApp } from './testing/mlflow-test-app.ts';

const API = '/api/2.0/mlflow';

type Json = Record<string, unknown>;

describe('MLflow logged-model endpoints', () => {
  let t: MlflowTestApp;
  let experimentId: string;
  let runId: string;
  before(async () => {
    t = await createMlflowTestApp();
    const created = await t.call('POST', `${API}/experiments/create`, { json: { name: 'models' } });
    experimentId = String(created.json?.experiment_id);
    const run = await t.call('POST', `${API}/runs/create`, {
      json: { experiment_id: experimentId, start_time: Date.now() },
    });
    runId = String(((run.json?.run as Json).info as Json).run_id);
  });
  after(async () => {
    assert.deepEqual(t.unexpectedErrors, []);
    await t.close();
  });

  async function createModel(body: Json = {}): Promise<Json> {
    const response = await t.call('POST', `${API}/logged-models`, {
      json: { experiment_id: experimentId, name: 'model', source_run_id: runId, ...body },
    });
    assert.equal(response.status, 200, response.text);
    return response.json?.model as Json;
  }

  it('create answers {model: {info, data}} with the artifact location the client uploads to', async () => {
    const model = await createModel({
      model_type: 'classifier',
      params: [{ key: 'alpha', value: '0.5' }],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    const info = model.info as Json;
    assert.match(String(info.model_id), /^m-[0-9a-f]{32}$/);
    assert.equal(info.experiment_id, experimentId);
    assert.equal(info.name, 'model');
    assert.equal(info.source_run_id, runId);
    assert.equal(info.model_type, 'classifier');
    assert.equal(info.status, 'LOGGED_MODEL_PENDING');
    assert.equal(
      info.artifact_uri,
      `mlflow-artifacts:/${experimentId}/models/${String(info.model_id)}/artifacts`,
    );
    assert.equal(typeof info.creation_timestamp_ms, 'number');
    assert.equal(typeof info.last_updated_timestamp_ms, 'number');
    assert.ok((info.tags as Json[]).some((tag) => tag.key === 'stage' && tag.value === 'dev'));
    assert.deepEqual((model.data as Json).params, [{ key: 'alpha', value: '0.5' }]);
  });

  it('identical creates are distinct models (each logged checkpoint is its own)', async () => {
    const first = await createModel({ name: 'ckpt' });
    const second = await createModel({ name: 'ckpt' });
    assert.notEqual((first.info as Json).model_id, (second.info as Json).model_id);
  });

  it('get, finalize, tags, params and delete', async () => {
    const modelId = String(((await createModel()).info as Json).model_id);
    const path = `${API}/logged-models/${modelId}`;

    const got = await t.call('GET', path);
    assert.equal(got.status, 200);
    assert.equal(((got.json?.model as Json).info as Json).model_id, modelId);

    const finalized = await t.call('PATCH', path, {
      json: { model_id: modelId, status: 'LOGGED_MODEL_READY' },
    });
    assert.equal(finalized.status, 200, finalized.text);
    assert.equal(((finalized.json?.model as Json).info as Json).status, 'LOGGED_MODEL_READY');

    const tagged = await t.call('PATCH', `${path}/tags`, {
      json: {
        tags: [
          { key: 'a/b', value: '1' },
          { key: 'c', value: '2' },
        ],
      },
    });
    assert.equal(tagged.status, 200, tagged.text);
    assert.deepEqual(tagged.json, {});
    // The client puts the key into the path as it is, slashes included.
    const untagged = await t.call('DELETE', `${path}/tags/a/b`);
    assert.equal(untagged.status, 200, untagged.text);

    const params = await t.call('POST', `${path}/params`, {
      json: { model_id: modelId, params: [{ key: 'p', value: 'v' }] },
    });
    assert.equal(params.status, 200, params.text);

    const model = (await t.call('GET', path)).json?.model as Json;
    const tagKeys = ((model.info as Json).tags as Json[]).map((tag) => tag.key);
    assert.ok(tagKeys.includes('c'));
    assert.ok(!tagKeys.includes('a/b'));
    assert.deepEqual((model.data as Json).params, [{ key: 'p', value: 'v' }]);

    const deleted = await t.call('DELETE', path, { json: { model_id: modelId } });
    assert.equal(deleted.status, 200);
    const gone = await t.call('GET', path);
    assert.equal(gone.status, 404);
    assert.equal(gone.json?.error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('finalize needs a real status', async () => {
    const modelId = String(((await createModel()).info as Json).model_id);
    for (const body of [{}, { status: 'LOGGED_MODEL_STATUS_UNSPECIFIED' }, { status: 'READY' }]) {
      const response = await t.call('PATCH', `${API}/logged-models/${modelId}`, { json: body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
    }
    const numeric = await t.call('PATCH', `${API}/logged-models/${modelId}`, {
      json: { status: 3 },
    });
    assert.equal(((numeric.json?.model as Json).info as Json).status, 'LOGGED_MODEL_UPLOAD_FAILED');
  });

  it('search by experiment, filter and order', async () => {
    const searchExperiment = await t.call('POST', `${API}/experiments/create`, {
      json: { name: 'model-search' },
    });
    const id = String(searchExperiment.json?.experiment_id);
    for (const name of ['m1', 'm2']) {
      await t.call('POST', `${API}/logged-models`, { json: { experiment_id: id, name } });
    }
    const response = await t.call('POST', `${API}/logged-models/search`, {
      json: {
        experiment_ids: [id],
        filter: "name = 'm2'",
        order_by: [{ field_name: 'creation_timestamp', ascending: false }],
        max_results: 10,
      },
    });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(
      (response.json?.models as { info: Json }[]).map((m) => m.info.name),
      ['m2'],
    );
    const all = await t.call('POST', `${API}/logged-models/search`, {
      json: { experiment_ids: [id], order_by: [{ field_name: 'name', ascending: true }] },
    });
    assert.deepEqual(
      (all.json?.models as { info: Json }[]).map((m) => m.info.name),
      ['m1', 'm2'],
    );

    const noExperiments = await t.call('POST', `${API}/logged-models/search`, { json: {} });
    assert.equal(noExperiments.status, 400);
    const datasets = await t.call('POST', `${API}/logged-models/search`, {
      json: { experiment_ids: [id], datasets: [{ dataset_name: 'd' }] },
    });
    assert.equal(datasets.status, 400);
  });

  it('a missing experiment_id is INVALID_PARAMETER_VALUE', async () => {
    const response = await t.call('POST', `${API}/logged-models`, { json: { name: 'x' } });
    assert.equal(response.status, 400);
    assert.match(String(response.json?.message), /'experiment_id'/);
  });
});
