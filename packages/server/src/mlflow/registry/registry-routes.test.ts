import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { artifactPathFromUri } from '@cairn/core';
import { createMlflowTestApp } from '../testing/mlflow-test-app.ts';
import type { CallOptions, MlflowTestApp } from '../testing/mlflow-test-app.ts';

const API = '/api/2.0/mlflow';
const ctx = { actor: 'tester' };

describe('MLflow registry endpoints', () => {
  let t: MlflowTestApp;
  let runId: string;
  let modelId: string;
  let counter = 0;

  function uniqueName(prefix = 'model'): string {
    counter += 1;
    return `${prefix}-${counter}`;
  }

  async function ok(method: string, path: string, options?: CallOptions) {
    const response = await t.call(method, `${API}${path}`, options);
    assert.equal(response.status, 200, `${method} ${path}: ${response.text}`);
    return response.json ?? {};
  }

  async function fails(
    method: string,
    path: string,
    options: CallOptions | undefined,
    status: number,
    errorCode: string,
  ) {
    const response = await t.call(method, `${API}${path}`, options);
    assert.equal(response.status, status, `${method} ${path}: ${response.text}`);
    assert.equal(response.json?.error_code, errorCode, response.text);
    return response.json ?? {};
  }

  async function createModel(name: string) {
    return ok('POST', '/registered-models/create', { json: { name } });
  }

  async function createVersion(name: string, extra: Record<string, unknown> = {}) {
    const body = await ok('POST', '/model-versions/create', {
      json: { name, source: `runs:/${runId}/model`, run_id: runId, ...extra },
    });
    return body.model_version as Record<string, unknown>;
  }

  async function versionCount(name: string): Promise<number> {
    const body = await ok(
      'GET',
      `/model-versions/search?filter=${encodeURIComponent(`name='${name}'`)}`,
    );
    return ((body.model_versions as unknown[] | undefined) ?? []).length;
  }

  before(async () => {
    t = await createMlflowTestApp();
    const run = await t.tracking.createRun(ctx, { experimentId: '0' });
    runId = run.info.runId;
    const root = artifactPathFromUri(run.info.artifactUri);
    for (const [file, content] of [
      ['MLmodel', 'flavors: {}\n'],
      ['model.pkl', 'weights'],
    ]) {
      const put = await t.call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${root}/model/${file}`, {
        body: content,
      });
      assert.equal(put.status, 200, put.text);
    }
    const logged = await t.tracking.createLoggedModel(ctx, {
      experimentId: '0',
      name: 'clf',
      sourceRunId: runId,
    });
    modelId = logged.modelId;
  });
  after(async () => {
    assert.deepEqual(t.unexpectedErrors, []);
    await t.close();
  });

  it('creates and gets a registered model in the proto shape', async () => {
    const name = uniqueName();
    const created = await ok('POST', '/registered-models/create', {
      json: { name, description: 'fraud scorer', tags: [{ key: 'team', value: 'risk' }] },
    });
    const model = created.registered_model as Record<string, unknown>;
    assert.equal(model.name, name);
    assert.equal(model.description, 'fraud scorer');
    assert.deepEqual(model.tags, [{ key: 'team', value: 'risk' }]);
    assert.equal(typeof model.creation_timestamp, 'number');
    assert.equal(typeof model.last_updated_timestamp, 'number');
    assert.equal(model.latest_versions, undefined, 'empty repeated fields are left out');
    assert.equal(model.id, undefined, 'the immutable id is not part of the MLflow wire');

    const got = await ok('GET', `/registered-models/get?name=${encodeURIComponent(name)}`);
    assert.deepEqual(got.registered_model, model);
  });

  it('answers RESOURCE_ALREADY_EXISTS for a second, different create of one name', async () => {
    const name = uniqueName();
    await createModel(name);
    await fails(
      'POST',
      '/registered-models/create',
      { json: { name, description: 'another' } },
      400,
      'RESOURCE_ALREADY_EXISTS',
    );
  });

  it('answers a byte-identical retried create with the first model', async () => {
    const name = uniqueName();
    const first = await createModel(name);
    const retry = await createModel(name);
    assert.deepEqual(retry, first);
  });

  it('answers RESOURCE_DOES_NOT_EXIST (404) for unknown models and versions, and an unset alias as MLflow does', async () => {
    await fails(
      'GET',
      '/registered-models/get?name=nope',
      undefined,
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    const name = uniqueName();
    await createModel(name);
    await fails(
      'GET',
      `/model-versions/get?name=${name}&version=7`,
      undefined,
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    const unset = await fails(
      'GET',
      `/registered-models/alias?name=${name}&alias=champion`,
      undefined,
      400,
      'INVALID_PARAMETER_VALUE',
    );
    assert.equal(unset.message, 'Registered model alias champion not found.');
    await fails(
      'POST',
      '/model-versions/create',
      { json: { name: 'no-such-model', source: `runs:/${runId}/model` } },
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  it('requires name and source, and a version that is a number', async () => {
    await fails('POST', '/registered-models/create', { json: {} }, 400, 'INVALID_PARAMETER_VALUE');
    const name = uniqueName();
    await createModel(name);
    await fails(
      'POST',
      '/model-versions/create',
      { json: { name } },
      400,
      'INVALID_PARAMETER_VALUE',
    );
    await fails(
      'GET',
      `/model-versions/get?name=${name}&version=one`,
      undefined,
      400,
      'INVALID_PARAMETER_VALUE',
    );
    await fails(
      'GET',
      `/model-versions/get?name=${name}`,
      undefined,
      400,
      'INVALID_PARAMETER_VALUE',
    );
  });

  it('numbers versions per model, READY at once, version as a decimal string', async () => {
    const name = uniqueName();
    await createModel(name);
    const v1 = await createVersion(name, { description: 'first' });
    const v2 = await createVersion(name, { source: `models:/${modelId}`, model_id: modelId });
    assert.equal(v1.version, '1');
    assert.equal(v2.version, '2');
    assert.equal(v1.status, 'READY');
    assert.equal(v1.current_stage, 'None');
    assert.equal(v1.run_id, runId);
    assert.equal(v1.source, `runs:/${runId}/model`);
    assert.equal(v1.description, 'first');
    assert.equal(v2.model_id, modelId);
    // Registered from a logged model without run_id (as log_model does): the model's run.
    assert.equal(v2.run_id, runId);

    const got = await ok('GET', `/model-versions/get?name=${name}&version=2`);
    assert.deepEqual(got.model_version, v2);
    // A JSON number is read as the same version.
    const viaBody = await ok('PATCH', '/model-versions/update', {
      json: { name, version: 2, description: 'from a logged model' },
    });
    assert.equal(
      (viaBody.model_version as Record<string, unknown>).description,
      'from a logged model',
    );
  });

  it('answers a retried model-versions/create with the same version, not a second one', async () => {
    const name = uniqueName();
    await createModel(name);
    const first = await createVersion(name);
    const retry = await createVersion(name);
    assert.deepEqual(retry, first);
    assert.equal(await versionCount(name), 1);
    // Any difference in the request is a new registration.
    const other = await createVersion(name, { description: 'second registration' });
    assert.equal(other.version, '2');
  });

  it('sets, reads and deletes aliases, and refuses reserved alias names', async () => {
    const name = uniqueName();
    await createModel(name);
    await createVersion(name);
    await createVersion(name, { description: 'v2' });
    assert.deepEqual(
      await ok('POST', '/registered-models/alias', {
        json: { name, alias: 'champion', version: '1' },
      }),
      {},
    );
    await ok('POST', '/registered-models/alias', {
      json: { name, alias: 'champion', version: '2' },
    });
    const byAlias = await ok('GET', `/registered-models/alias?name=${name}&alias=champion`);
    const version = byAlias.model_version as Record<string, unknown>;
    assert.equal(version.version, '2');
    assert.deepEqual(version.aliases, ['champion']);
    const model = (await ok('GET', `/registered-models/get?name=${name}`))
      .registered_model as Record<string, unknown>;
    assert.deepEqual(model.aliases, [{ alias: 'champion', version: '2' }]);

    for (const alias of ['latest', 'LATEST', 'v3', 'bad alias!']) {
      await fails(
        'POST',
        '/registered-models/alias',
        { json: { name, alias, version: '1' } },
        400,
        'INVALID_PARAMETER_VALUE',
      );
    }
    // DELETE carries its message as a JSON body.
    await ok('DELETE', '/registered-models/alias', { json: { name, alias: 'champion' } });
    const unset = await fails(
      'GET',
      `/registered-models/alias?name=${name}&alias=champion`,
      undefined,
      400,
      'INVALID_PARAMETER_VALUE',
    );
    assert.equal(unset.message, 'Registered model alias champion not found.');
  });

  it('sets and deletes tags on models and versions', async () => {
    const name = uniqueName();
    await createModel(name);
    await createVersion(name);
    await ok('POST', '/registered-models/set-tag', { json: { name, key: 'team', value: 'risk' } });
    await ok('POST', '/model-versions/set-tag', {
      json: { name, version: '1', key: 'validated', value: 'true' },
    });
    let model = (await ok('GET', `/registered-models/get?name=${name}`)).registered_model as Record<
      string,
      unknown
    >;
    assert.deepEqual(model.tags, [{ key: 'team', value: 'risk' }]);
    let version = (await ok('GET', `/model-versions/get?name=${name}&version=1`))
      .model_version as Record<string, unknown>;
    assert.deepEqual(version.tags, [{ key: 'validated', value: 'true' }]);

    await ok('DELETE', '/registered-models/delete-tag', { json: { name, key: 'team' } });
    await ok('DELETE', '/model-versions/delete-tag', {
      json: { name, version: '1', key: 'validated' },
    });
    model = (await ok('GET', `/registered-models/get?name=${name}`)).registered_model as Record<
      string,
      unknown
    >;
    version = (await ok('GET', `/model-versions/get?name=${name}&version=1`))
      .model_version as Record<string, unknown>;
    assert.equal(model.tags, undefined);
    assert.equal(version.tags, undefined);
  });

  it('transitions stages, archives the previous holder, and serves get-latest-versions by POST and GET', async () => {
    const name = uniqueName();
    await createModel(name);
    await createVersion(name);
    await createVersion(name, { description: 'v2' });
    await fails(
      'POST',
      '/model-versions/transition-stage',
      { json: { name, version: '1', stage: 'Production' } },
      400,
      'INVALID_PARAMETER_VALUE',
    );
    const moved = await ok('POST', '/model-versions/transition-stage', {
      json: { name, version: '1', stage: 'Production', archive_existing_versions: false },
    });
    assert.equal((moved.model_version as Record<string, unknown>).current_stage, 'Production');
    await ok('POST', '/model-versions/transition-stage', {
      json: { name, version: '2', stage: 'production', archive_existing_versions: true },
    });
    const v1 = (await ok('GET', `/model-versions/get?name=${name}&version=1`))
      .model_version as Record<string, unknown>;
    assert.equal(v1.current_stage, 'Archived');

    const byPost = await ok('POST', '/registered-models/get-latest-versions', {
      json: { name, stages: ['Production'] },
    });
    const posted = byPost.model_versions as Record<string, unknown>[];
    assert.deepEqual(
      posted.map((v) => [v.version, v.current_stage]),
      [['2', 'Production']],
    );
    const byGet = await ok(
      'GET',
      `/registered-models/get-latest-versions?name=${name}&stages=Archived&stages=Production`,
    );
    const got = (byGet.model_versions as Record<string, unknown>[]).map((v) => v.version).sort();
    assert.deepEqual(got, ['1', '2']);
    await fails(
      'POST',
      '/model-versions/transition-stage',
      { json: { name, version: '1', stage: 'Shipped', archive_existing_versions: false } },
      400,
      'INVALID_PARAMETER_VALUE',
    );
  });

  it('searches registered models with filter, order and pages, and versions with filters', async () => {
    const prefix = uniqueName('search');
    for (const suffix of ['a', 'b', 'c']) {
      await ok('POST', '/registered-models/create', {
        json: { name: `${prefix}-${suffix}`, tags: [{ key: 'group', value: prefix }] },
      });
    }
    const filter = encodeURIComponent(`name LIKE '${prefix}-%'`);
    const page1 = await ok(
      'GET',
      `/registered-models/search?filter=${filter}&max_results=2&order_by=name%20DESC`,
    );
    const names1 = (page1.registered_models as Record<string, unknown>[]).map((m) => m.name);
    assert.deepEqual(names1, [`${prefix}-c`, `${prefix}-b`]);
    assert.equal(typeof page1.next_page_token, 'string');
    const page2 = await ok(
      'GET',
      `/registered-models/search?filter=${filter}&max_results=2&order_by=name%20DESC&page_token=${encodeURIComponent(String(page1.next_page_token))}`,
    );
    assert.deepEqual(
      (page2.registered_models as Record<string, unknown>[]).map((m) => m.name),
      [`${prefix}-a`],
    );
    assert.equal(page2.next_page_token, undefined);
    const byTag = await ok(
      'GET',
      `/registered-models/search?filter=${encodeURIComponent(`tags.group = '${prefix}'`)}`,
    );
    assert.equal((byTag.registered_models as unknown[]).length, 3);
    await fails(
      'GET',
      `/registered-models/search?filter=${encodeURIComponent('name ~ 1')}`,
      undefined,
      400,
      'INVALID_PARAMETER_VALUE',
    );

    const name = `${prefix}-a`;
    await createVersion(name);
    await createVersion(name, { description: 'v2', tags: [{ key: 'validated', value: 'true' }] });
    const versions = await ok(
      'GET',
      `/model-versions/search?filter=${encodeURIComponent(`name = '${name}' and tags.validated = 'true'`)}`,
    );
    assert.deepEqual(
      (versions.model_versions as Record<string, unknown>[]).map((v) => v.version),
      ['2'],
    );
    const byRun = await ok(
      'GET',
      `/model-versions/search?filter=${encodeURIComponent(`run_id = '${runId}' and name = '${name}'`)}&order_by=version_number%20ASC`,
    );
    assert.deepEqual(
      (byRun.model_versions as Record<string, unknown>[]).map((v) => v.version),
      ['1', '2'],
    );
  });

  it('renames, updates and deletes models and versions', async () => {
    const name = uniqueName();
    await createModel(name);
    await createVersion(name);
    await createVersion(name, { description: 'v2' });
    const renamed = await ok('POST', '/registered-models/rename', {
      json: { name, new_name: `${name}-renamed` },
    });
    assert.equal((renamed.registered_model as Record<string, unknown>).name, `${name}-renamed`);
    await fails(
      'GET',
      `/registered-models/get?name=${name}`,
      undefined,
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    const newName = `${name}-renamed`;
    const moved = await ok('GET', `/model-versions/get?name=${newName}&version=1`);
    assert.equal((moved.model_version as Record<string, unknown>).name, newName);

    const updated = await ok('PATCH', '/registered-models/update', {
      json: { name: newName, description: 'now described' },
    });
    assert.equal(
      (updated.registered_model as Record<string, unknown>).description,
      'now described',
    );

    assert.deepEqual(
      await ok('DELETE', '/model-versions/delete', { json: { name: newName, version: '1' } }),
      {},
    );
    await fails(
      'GET',
      `/model-versions/get?name=${newName}&version=1`,
      undefined,
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    // Numbers are never reused after a delete.
    assert.equal((await createVersion(newName, { description: 'v3' })).version, '3');
    assert.deepEqual(
      await ok('DELETE', '/registered-models/delete', { json: { name: newName } }),
      {},
    );
    await fails(
      'GET',
      `/model-versions/get?name=${newName}&version=2`,
      undefined,
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  it('answers get-download-uri and serves a version file through get-artifact, path checked', async () => {
    const name = uniqueName();
    await createModel(name);
    await createVersion(name);
    const uri = await ok('GET', `/model-versions/get-download-uri?name=${name}&version=1`);
    assert.match(String(uri.artifact_uri), /^mlflow-artifacts:\//);

    const file = await t.call(
      'GET',
      `/model-versions/get-artifact?name=${name}&version=1&path=MLmodel`,
    );
    assert.equal(file.status, 200, file.text);
    assert.equal(file.text, 'flavors: {}\n');
    assert.match(file.headers.get('content-disposition') ?? '', /^attachment/);

    for (const path of [
      '../../etc/passwd',
      '%2e%2e/%2e%2e/x',
      '%252e%252e/x',
      '/etc/passwd',
      'a;b',
    ]) {
      const refused = await t.call(
        'GET',
        `/model-versions/get-artifact?name=${name}&version=1&path=${encodeURIComponent(path)}`,
      );
      assert.equal(refused.status, 400, `${path}: ${refused.text}`);
      assert.equal(refused.json?.error_code, 'INVALID_PARAMETER_VALUE');
    }
    const missing = await t.call(
      'GET',
      `/model-versions/get-artifact?name=${name}&version=9&path=MLmodel`,
    );
    assert.equal(missing.status, 404);
  });

  it('refuses every source that is not an artifact of this server, and writes nothing', async () => {
    const name = uniqueName();
    await createModel(name);
    const bad = [
      'file:///etc/passwd',
      'FILE:/etc/passwd',
      '/etc/passwd',
      '//proc/self/root/etc/passwd',
      'http:///?/../../etc/passwd',
      'http:///#/../../etc/passwd',
      'http://169.254.169.254/latest/meta-data',
      `runs:/${runId}/model;/../../../etc`,
      `runs:/${runId}/../../../etc`,
      `runs:/${runId}/%2e%2e/%2e%2e/etc`,
      `runs:/${runId}/%252e%252e/%252e%252e/etc`,
      'mlflow-artifacts:/../../etc/passwd',
      'mlflow-artifacts:/0/%2e%2e/%2e%2e/etc',
      's3://bucket/key',
    ];
    for (const source of bad) {
      await fails(
        'POST',
        '/model-versions/create',
        { json: { name, source } },
        400,
        'INVALID_PARAMETER_VALUE',
      );
    }
    // The prompt tag is no way around the check.
    await fails(
      'POST',
      '/model-versions/create',
      {
        json: {
          name,
          source: 'file:///etc/passwd',
          tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }],
        },
      },
      400,
      'INVALID_PARAMETER_VALUE',
    );
    assert.equal(await versionCount(name), 0);
    const model = (await ok('GET', `/registered-models/get?name=${name}`))
      .registered_model as Record<string, unknown>;
    assert.equal(model.latest_versions, undefined);
  });

  it('serves the registry under /ajax-api too, and the rest as ENDPOINT_NOT_FOUND', async () => {
    const name = uniqueName();
    await createModel(name);
    const response = await t.call('GET', `/ajax-api/2.0/mlflow/registered-models/get?name=${name}`);
    assert.equal(response.status, 200);
    assert.equal((response.json?.registered_model as Record<string, unknown>).name, name);
    await fails(
      'PUT',
      '/registered-models/get-latest-versions',
      { json: { name } },
      404,
      'ENDPOINT_NOT_FOUND',
    );
  });
});
