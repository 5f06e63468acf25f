import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMlflowTestApp } from './testing/mlflow-test-app.ts';
import type { MlflowTestApp } from './testing/mlflow-test-app.ts';

const API = '/api/2.0/mlflow';

describe('MLflow experiment endpoints', () => {
  let t: MlflowTestApp;
  before(async () => {
    t = await createMlflowTestApp();
  });
  after(async () => {
    assert.deepEqual(t.unexpectedErrors, []);
    await t.close();
  });

  it('create answers the new id; get answers the Experiment message', async () => {
    const created = await t.call('POST', `${API}/experiments/create`, {
      json: { name: 'exp-a', tags: [{ key: 'team', value: 'ml' }] },
    });
    assert.equal(created.status, 200);
    const id = created.json?.experiment_id;
    assert.equal(typeof id, 'string');

    const got = await t.call('GET', `${API}/experiments/get?experiment_id=${String(id)}`);
    assert.equal(got.status, 200);
    const experiment = got.json?.experiment as Record<string, unknown>;
    assert.deepEqual(Object.keys(experiment), [
      'experiment_id',
      'name',
      'artifact_location',
      'lifecycle_stage',
      'last_update_time',
      'creation_time',
      'tags',
    ]);
    assert.equal(experiment.experiment_id, id);
    assert.equal(experiment.name, 'exp-a');
    assert.equal(experiment.artifact_location, `mlflow-artifacts:/${String(id)}`);
    assert.equal(experiment.lifecycle_stage, 'active');
    assert.equal(typeof experiment.creation_time, 'number');
    assert.deepEqual(experiment.tags, [{ key: 'team', value: 'ml' }]);
  });

  it('the Default experiment "0" exists', async () => {
    const got = await t.call('GET', `${API}/experiments/get?experiment_id=0`);
    assert.equal(got.status, 200);
    assert.equal((got.json?.experiment as Record<string, unknown>).name, 'Default');
  });

  it('get-by-name finds an experiment and answers 404 RESOURCE_DOES_NOT_EXIST otherwise', async () => {
    const found = await t.call('GET', `${API}/experiments/get-by-name?experiment_name=exp-a`);
    assert.equal(found.status, 200);
    assert.equal((found.json?.experiment as Record<string, unknown>).name, 'exp-a');

    const missing = await t.call('GET', `${API}/experiments/get-by-name?experiment_name=nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json?.error_code, 'RESOURCE_DOES_NOT_EXIST');
    assert.equal(typeof missing.json?.message, 'string');
  });

  it('a duplicate name is 400 RESOURCE_ALREADY_EXISTS', async () => {
    const duplicate = await t.call('POST', `${API}/experiments/create`, {
      json: { name: 'exp-a' },
    });
    assert.equal(duplicate.status, 400);
    assert.equal(duplicate.json?.error_code, 'RESOURCE_ALREADY_EXISTS');
  });

  it('a retried create (same body) returns the first experiment instead of an error', async () => {
    const body = { name: 'exp-retried', artifact_location: '' };
    const first = await t.call('POST', `${API}/experiments/create`, { json: body });
    const retry = await t.call('POST', `${API}/experiments/create`, { json: body });
    assert.equal(first.status, 200);
    assert.equal(retry.status, 200);
    assert.equal(retry.json?.experiment_id, first.json?.experiment_id);
  });

  it('a missing name is INVALID_PARAMETER_VALUE with MLflow message, nothing created', async () => {
    const before = await t.call('POST', `${API}/experiments/search`, {
      json: { max_results: 1000 },
    });
    const response = await t.call('POST', `${API}/experiments/create`, { json: { tags: [] } });
    assert.equal(response.status, 400);
    assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(String(response.json?.message), /^Missing value for required parameter 'name'\./);
    const afterSearch = await t.call('POST', `${API}/experiments/search`, {
      json: { max_results: 1000 },
    });
    assert.equal(
      (afterSearch.json?.experiments as unknown[]).length,
      (before.json?.experiments as unknown[]).length,
    );
  });

  it('search works by POST body and by GET query with repeated order_by', async () => {
    const posted = await t.call('POST', `${API}/experiments/search`, {
      json: { filter: "name LIKE 'exp-%'", order_by: ['name ASC'], max_results: 10 },
    });
    assert.equal(posted.status, 200);
    const names = (posted.json?.experiments as { name: string }[]).map((e) => e.name);
    assert.deepEqual(names, ['exp-a', 'exp-retried']);

    const got = await t.call(
      'GET',
      `${API}/experiments/search?filter=${encodeURIComponent("name LIKE 'exp-%'")}` +
        '&order_by=name%20DESC&order_by=experiment_id&max_results=1',
    );
    assert.equal(got.status, 200);
    assert.deepEqual(
      (got.json?.experiments as { name: string }[]).map((e) => e.name),
      ['exp-retried'],
    );
    assert.equal(typeof got.json?.next_page_token, 'string');

    const page2 = await t.call(
      'GET',
      `${API}/experiments/search?filter=${encodeURIComponent("name LIKE 'exp-%'")}` +
        `&order_by=name%20DESC&max_results=1&page_token=${encodeURIComponent(String(got.json?.next_page_token))}`,
    );
    assert.deepEqual(
      (page2.json?.experiments as { name: string }[]).map((e) => e.name),
      ['exp-a'],
    );
  });

  it('update renames; delete and restore move the lifecycle stage; view_type selects', async () => {
    const created = await t.call('POST', `${API}/experiments/create`, { json: { name: 'exp-b' } });
    const id = String(created.json?.experiment_id);
    const renamed = await t.call('POST', `${API}/experiments/update`, {
      json: { experiment_id: id, new_name: 'exp-b2' },
    });
    assert.equal(renamed.status, 200);
    assert.deepEqual(renamed.json, {});

    assert.equal(
      (await t.call('POST', `${API}/experiments/delete`, { json: { experiment_id: id } })).status,
      200,
    );
    const deleted = await t.call('GET', `${API}/experiments/get?experiment_id=${id}`);
    const experiment = deleted.json?.experiment as Record<string, unknown>;
    assert.equal(experiment.name, 'exp-b2');
    assert.equal(experiment.lifecycle_stage, 'deleted');

    const onlyDeleted = await t.call('POST', `${API}/experiments/search`, {
      json: { view_type: 'DELETED_ONLY' },
    });
    assert.deepEqual(
      (onlyDeleted.json?.experiments as { experiment_id: string }[]).map((e) => e.experiment_id),
      [id],
    );

    await t.call('POST', `${API}/experiments/restore`, { json: { experiment_id: id } });
    const restored = await t.call('GET', `${API}/experiments/get?experiment_id=${id}`);
    assert.equal((restored.json?.experiment as Record<string, unknown>).lifecycle_stage, 'active');
  });

  it('set-experiment-tag and delete-experiment-tag change the tags', async () => {
    const created = await t.call('POST', `${API}/experiments/create`, { json: { name: 'exp-c' } });
    const id = String(created.json?.experiment_id);
    const set = await t.call('POST', `${API}/experiments/set-experiment-tag`, {
      json: { experiment_id: id, key: 'k', value: 'v' },
    });
    assert.equal(set.status, 200);
    let got = await t.call('GET', `${API}/experiments/get?experiment_id=${id}`);
    assert.deepEqual((got.json?.experiment as Record<string, unknown>).tags, [
      { key: 'k', value: 'v' },
    ]);

    await t.call('POST', `${API}/experiments/delete-experiment-tag`, {
      json: { experiment_id: id, key: 'k' },
    });
    got = await t.call('GET', `${API}/experiments/get?experiment_id=${id}`);
    assert.equal((got.json?.experiment as Record<string, unknown>).tags, undefined);
  });

  it('an unknown experiment id is 404 RESOURCE_DOES_NOT_EXIST', async () => {
    const response = await t.call('GET', `${API}/experiments/get?experiment_id=424242`);
    assert.equal(response.status, 404);
    assert.equal(response.json?.error_code, 'RESOURCE_DOES_NOT_EXIST');
  });
});
