import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import { artifactFileSchema, artifactUploadSchema } from './entity-schemas.ts';

describe('v1 artifacts', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp({ artifactMaxBytes: 1024 });
    const run = (await expectJson(await t.call('POST', '/api/v1/runs', { json: {} }), 201)) as {
      info: { runId: string };
    };
    base = `/api/v1/runs/${run.info.runId}/artifacts`;
  });
  after(() => t.close());

  const put = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    t.call('PUT', `${base}/content?path=${encodeURIComponent(path)}`, { body, headers });

  it('uploads raw bytes of any Content-Type, lists them and downloads them back', async () => {
    const uploaded = await expectJson(await put('model/MLmodel', 'flavors: {}\n'), 201);
    assert.deepEqual(artifactUploadSchema.parse(uploaded), uploaded);
    assert.deepEqual(uploaded, {
      path: 'model/MLmodel',
      // sha256 of "flavors: {}\n"
      digest: (uploaded as { digest: string }).digest,
      size: 12,
    });
    assert.match((uploaded as { digest: string }).digest, /^[0-9a-f]{64}$/);
    await expectJson(
      await put('metrics.json', '{"a":1}', { 'content-type': 'application/json' }),
      201,
    );
    await expectJson(
      await put('weights.bin', new Uint8Array([0, 1, 2, 255]), {
        'content-type': 'application/octet-stream',
      }),
      201,
    );

    const root = (await expectJson(await t.call('GET', base), 200)) as { items: unknown[] };
    for (const item of root.items) assert.deepEqual(artifactFileSchema.parse(item), item);
    assert.deepEqual(root.items, [
      { path: 'metrics.json', isDir: false, size: 7 },
      { path: 'model', isDir: true },
      { path: 'weights.bin', isDir: false, size: 4 },
    ]);
    const sub = (await expectJson(await t.call('GET', `${base}?path=model`), 200)) as {
      items: unknown[];
    };
    assert.deepEqual(sub.items, [{ path: 'model/MLmodel', isDir: false, size: 12 }]);

    const download = await t.call('GET', `${base}/content?path=weights.bin`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-length'), '4');
    assert.equal(download.headers.get('content-type'), 'application/octet-stream');
    assert.equal(download.headers.get('content-disposition'), 'attachment; filename="weights.bin"');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), new Uint8Array([0, 1, 2, 255]));

    const head = await t.call('HEAD', `${base}/content?path=weights.bin`);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '4');
    assert.equal((await head.arrayBuffer()).byteLength, 0);

    const yaml = await t.call('GET', `${base}/content?path=model/MLmodel`);
    assert.equal(await yaml.text(), 'flavors: {}\n');
    assert.equal(yaml.headers.get('content-type'), 'application/yaml');
  });

  it('refuses traversal and other unsafe paths without touching other runs', async () => {
    for (const path of [
      '../../0/x',
      '/etc/passwd',
      'a/../../b',
      '..%2f..%2fx',
      'a\\..\\b',
      'C:/x',
    ]) {
      const response = await put(path, 'x');
      assert.equal(response.status, 400, path);
      const body = (await response.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'artifacts.unsafe_path', path);
      const read = await t.call('GET', `${base}/content?path=${encodeURIComponent(path)}`);
      assert.equal(read.status, 400, path);
    }
    const missingPath = await t.call('PUT', `${base}/content`, { body: 'x' });
    assert.equal(missingPath.status, 400);
  });

  it('answers 404 for a missing file or run, and 413 past the upload cap', async () => {
    assert.equal((await t.call('GET', `${base}/content?path=nope.txt`)).status, 404);
    const otherRun = await t.call('GET', `/api/v1/runs/${'a'.repeat(32)}/artifacts`);
    assert.equal(otherRun.status, 404);

    const declared = await put('big.bin', new Uint8Array(2048), { 'content-length': '2048' });
    assert.equal(declared.status, 413);
    // No Content-Length: the guard has to count the streamed bytes.
    const init: RequestInit & { duplex: 'half' } = {
      method: 'PUT',
      duplex: 'half',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(512));
          controller.close();
        },
      }),
    };
    const streamed = await t.app.request(`${base}/content?path=big.bin`, init);
    assert.equal(streamed.status, 413);
    const body = (await streamed.json()) as { error: { category: string } };
    assert.equal(body.error.category, 'RESOURCE_EXHAUSTED');
    assert.equal((await t.call('GET', `${base}/content?path=big.bin`)).status, 404);
  });
});
