import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMlflowTestApp } from './testing/mlflow-test-app.ts';
import type { MlflowTestApp } from './testing/mlflow-test-app.ts';

const API = '/api/2.0/mlflow';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

type Json = Record<string, unknown>;

describe('MLflow artifact endpoints', () => {
  let t: MlflowTestApp;
  let runId: string;
  let runRoot: string;
  before(async () => {
    t = await createMlflowTestApp();
    const run = await t.call('POST', `${API}/runs/create`, {
      json: { experiment_id: '0', start_time: Date.now() },
    });
    runId = String(((run.json?.run as Json).info as Json).run_id);
    runRoot = `0/${runId}/artifacts`;
  });
  after(async () => {
    assert.deepEqual(t.unexpectedErrors, []);
    await t.close();
  });

  async function put(path: string, body: BodyInit, contentType = 'application/octet-stream') {
    return t.call('PUT', `${ARTIFACTS}/${path}`, {
      body,
      headers: { 'content-type': contentType },
    });
  }

  /** Every artifact path in the store, to prove a rejected request wrote nothing. */
  async function allPaths(dir = ''): Promise<string[]> {
    const paths: string[] = [];
    for (const child of await t.artifacts.list({ actor: 'test' }, dir)) {
      if (child.isDir) paths.push(...(await allPaths(child.path)));
      else paths.push(child.path);
    }
    return paths.sort();
  }

  it('PUT stores any content type; GET streams it back as an attachment', async () => {
    const uploaded = await put(`${runRoot}/model/MLmodel`, 'flavors: {}\n', 'text/plain');
    assert.equal(uploaded.status, 200, uploaded.text);
    assert.deepEqual(uploaded.json, {});
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    assert.equal((await put(`${runRoot}/model/model.pkl`, bytes)).status, 200);
    assert.equal((await put(`${runRoot}/metrics.json`, '{"a":1}', 'application/json')).status, 200);

    const response = await t.app.request(`http://localhost${ARTIFACTS}/${runRoot}/model/model.pkl`);
    assert.equal(response.status, 200);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), bytes);
    assert.equal(response.headers.get('content-length'), '5');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="model.pkl"');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');

    const json = await t.app.request(`http://localhost${ARTIFACTS}/${runRoot}/metrics.json`);
    assert.equal(json.headers.get('content-type'), 'application/json');
    assert.equal(await json.text(), '{"a":1}');
  });

  it('GET ?path= lists a directory by base names; file_size only for files', async () => {
    const listed = await t.call('GET', `${ARTIFACTS}?path=${encodeURIComponent(runRoot)}`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json, {
      files: [
        { path: 'metrics.json', is_dir: false, file_size: 7 },
        { path: 'model', is_dir: true },
      ],
    });
    const empty = await t.call('GET', `${ARTIFACTS}?path=${encodeURIComponent(`${runRoot}/none`)}`);
    assert.deepEqual(empty.json, {});
  });

  it('artifacts/list answers paths relative to the run root and the root_uri', async () => {
    const root = await t.call('GET', `${API}/artifacts/list?run_id=${runId}`);
    assert.equal(root.status, 200, root.text);
    assert.deepEqual(root.json, {
      root_uri: `mlflow-artifacts:/${runRoot}`,
      files: [
        { path: 'metrics.json', is_dir: false, file_size: 7 },
        { path: 'model', is_dir: true },
      ],
    });
    const sub = await t.call('GET', `${API}/artifacts/list?run_uuid=${runId}&path=model`);
    assert.deepEqual(sub.json?.files, [
      { path: 'model/MLmodel', is_dir: false, file_size: 12 },
      { path: 'model/model.pkl', is_dir: false, file_size: 5 },
    ]);
  });

  it('DELETE removes a file; a later GET is 404 RESOURCE_DOES_NOT_EXIST', async () => {
    assert.equal((await put(`${runRoot}/tmp.txt`, 'x', 'text/plain')).status, 200);
    const deleted = await t.call('DELETE', `${ARTIFACTS}/${runRoot}/tmp.txt`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.json, {});
    const gone = await t.call('GET', `${ARTIFACTS}/${runRoot}/tmp.txt`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json?.error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('the ajax mirror serves the same artifacts', async () => {
    const response = await t.call(
      'GET',
      `/ajax-api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(runRoot)}`,
    );
    assert.equal(response.status, 200);
    assert.equal((response.json?.files as unknown[]).length, 2);
  });

  const TRAVERSALS = [
    '..%2f..%2fescape.txt',
    `${'0'}/..%2f..%2fescape.txt`,
    '%252e%252e%252fescape.txt',
    '%25252e%25252e%25252fescape.txt',
    '/etc/passwd',
    'C:/escape.txt',
    '..%5cescape.txt',
    'a%3b/escape.txt',
    'a%00b.txt',
  ];

  it('PUT rejects traversal, encoded and double-encoded traversal and absolute paths; writes nothing', async () => {
    const before = await allPaths();
    for (const path of TRAVERSALS) {
      const response = await put(path, 'evil');
      assert.equal(response.status, 400, `${path}: ${response.text}`);
      assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE', path);
    }
    assert.deepEqual(await allPaths(), before);
  });

  it('GET and DELETE reject the same paths; nothing is removed', async () => {
    const before = await allPaths();
    for (const path of TRAVERSALS) {
      for (const method of ['GET', 'DELETE']) {
        const response = await t.call(method, `${ARTIFACTS}/${path}`);
        assert.equal(response.status, 400, `${method} ${path}: ${response.text}`);
        assert.equal(response.json?.error_code, 'INVALID_PARAMETER_VALUE');
      }
    }
    assert.deepEqual(await allPaths(), before);
  });

  it('listings reject unsafe paths', async () => {
    for (const path of ['../..', '/etc', '%2e%2e%2f%2e%2e', '%252e%252e%252f']) {
      const proxied = await t.call('GET', `${ARTIFACTS}?path=${encodeURIComponent(path)}`);
      assert.equal(proxied.status, 400, `proxied ${path}`);
      assert.equal(proxied.json?.error_code, 'INVALID_PARAMETER_VALUE');
      const run = await t.call(
        'GET',
        `${API}/artifacts/list?run_id=${runId}&path=${encodeURIComponent(path)}`,
      );
      assert.equal(run.status, 400, `run ${path}`);
      assert.equal(run.json?.error_code, 'INVALID_PARAMETER_VALUE');
    }
  });

  it('multipart upload is declined with the message the client falls back on', async () => {
    const response = await t.call(
      'POST',
      `/api/2.0/mlflow-artifacts/mpu/create/${runRoot}/big.bin`,
      { json: { path: 'big.bin', num_parts: 3 } },
    );
    assert.equal(response.status, 501);
    assert.equal(response.json?.error_code, 'NOT_IMPLEMENTED');
    assert.match(
      String(response.json?.message),
      /^Multipart upload is not supported for the current artifact repository/,
    );
  });

  it('logged-model artifact directories list under the model location', async () => {
    const model = await t.call('POST', `${API}/logged-models`, {
      json: { experiment_id: '0', name: 'm' },
    });
    const info = (model.json?.model as Json).info as Json;
    const root = String(info.artifact_uri).replace('mlflow-artifacts:/', '');
    assert.equal((await put(`${root}/MLmodel`, 'x', 'text/plain')).status, 200);
    const listed = await t.call(
      'GET',
      `${API}/logged-models/${String(info.model_id)}/artifacts/directories`,
    );
    assert.deepEqual(listed.json, {
      root_uri: info.artifact_uri,
      files: [{ path: 'MLmodel', is_dir: false, file_size: 1 }],
    });
  });
});
