import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import { experimentSchema, pageOf } from './entity-schemas.ts';

/** Parses with the documented schema and checks nothing was dropped: the body is exactly the documented shape. */
function assertShape(schema: { parse(value: unknown): unknown }, body: unknown): void {
  assert.deepEqual(schema.parse(body), body);
}

describe('v1 experiments', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('creates, reads by id and by name, and lists experiments', async () => {
    const created = (await expectJson(
      await t.call('POST', '/api/v1/experiments', {
        json: { name: 'team/alpha', tags: [{ key: 'owner', value: 'ana' }] },
      }),
      201,
    )) as { experimentId: string; name: string; tags: unknown[] };
    assertShape(experimentSchema, created);
    assert.equal(created.name, 'team/alpha');
    assert.deepEqual(created.tags, [{ key: 'owner', value: 'ana' }]);

    const byId = await expectJson(
      await t.call('GET', `/api/v1/experiments/${created.experimentId}`),
      200,
    );
    assert.deepEqual(byId, created);
    const byName = await expectJson(
      await t.call('GET', `/api/v1/experiments/by-name/${encodeURIComponent('team/alpha')}`),
      200,
    );
    assert.deepEqual(byName, created);

    const page = (await expectJson(
      await t.call(
        'GET',
        `/api/v1/experiments?filter=${encodeURIComponent("name = 'team/alpha'")}`,
      ),
      200,
    )) as { items: { name: string }[] };
    assertShape(pageOf(experimentSchema), page);
    assert.deepEqual(
      page.items.map((e) => e.name),
      ['team/alpha'],
    );
  });

  it('pages with maxResults and a page token, and honours repeated orderBy', async () => {
    for (const name of ['page-b', 'page-a', 'page-c']) {
      await expectJson(await t.call('POST', '/api/v1/experiments', { json: { name } }), 201);
    }
    const filter = encodeURIComponent("name LIKE 'page-%'");
    const first = (await expectJson(
      await t.call('GET', `/api/v1/experiments?filter=${filter}&orderBy=name&maxResults=2`),
      200,
    )) as { items: { name: string }[]; nextPageToken?: string };
    assert.deepEqual(
      first.items.map((e) => e.name),
      ['page-a', 'page-b'],
    );
    assert.ok(first.nextPageToken);
    const second = (await expectJson(
      await t.call(
        'GET',
        `/api/v1/experiments?filter=${filter}&orderBy=name&maxResults=2&pageToken=${encodeURIComponent(first.nextPageToken)}`,
      ),
      200,
    )) as { items: { name: string }[]; nextPageToken?: string };
    assert.deepEqual(
      second.items.map((e) => e.name),
      ['page-c'],
    );
    assert.equal(second.nextPageToken, undefined);

    const descending = (await expectJson(
      await t.call(
        'GET',
        `/api/v1/experiments?filter=${filter}&orderBy=${encodeURIComponent('name DESC')}`,
      ),
      200,
    )) as { items: { name: string }[] };
    assert.deepEqual(
      descending.items.map((e) => e.name),
      ['page-c', 'page-b', 'page-a'],
    );
  });

  it('renames, tags, deletes and restores an experiment', async () => {
    const { experimentId } = (await expectJson(
      await t.call('POST', '/api/v1/experiments', { json: { name: 'to-rename' } }),
      201,
    )) as { experimentId: string };
    const base = `/api/v1/experiments/${experimentId}`;

    const renamed = (await expectJson(
      await t.call('PATCH', base, { json: { name: 'renamed' } }),
      200,
    )) as { name: string };
    assertShape(experimentSchema, renamed);
    assert.equal(renamed.name, 'renamed');

    const tagged = await t.call('PUT', `${base}/tags/${encodeURIComponent('a/b')}`, {
      json: { value: 'v' },
    });
    assert.equal(tagged.status, 204);
    assert.equal(await tagged.text(), '');
    let current = (await expectJson(await t.call('GET', base), 200)) as { tags: unknown[] };
    assert.deepEqual(current.tags, [{ key: 'a/b', value: 'v' }]);
    assert.equal((await t.call('DELETE', `${base}/tags/${encodeURIComponent('a/b')}`)).status, 204);
    current = (await expectJson(await t.call('GET', base), 200)) as { tags: unknown[] };
    assert.deepEqual(current.tags, []);

    assert.equal((await t.call('DELETE', base)).status, 204);
    const deleted = (await expectJson(await t.call('GET', base), 200)) as {
      lifecycleStage: string;
    };
    assert.equal(deleted.lifecycleStage, 'deleted');
    const listed = (await expectJson(
      await t.call('GET', '/api/v1/experiments?viewType=DELETED_ONLY'),
      200,
    )) as { items: { experimentId: string }[] };
    assert.ok(listed.items.some((e) => e.experimentId === experimentId));

    const restored = (await expectJson(
      await t.call('POST', `${base}/restore`, { json: {} }),
      200,
    )) as { lifecycleStage: string };
    assertShape(experimentSchema, restored);
    assert.equal(restored.lifecycleStage, 'active');
  });

  it('answers 404 NOT_FOUND and 409 ALREADY_EXISTS with the v1 error body', async () => {
    const missing = await t.call('GET', '/api/v1/experiments/987654');
    assert.equal(missing.status, 404);
    const missingBody = (await missing.json()) as { error: Record<string, unknown> };
    assert.equal(missingBody.error['category'], 'NOT_FOUND');
    assert.match(String(missingBody.error['code']), /^tracking\./);
    assert.equal(typeof missingBody.error['message'], 'string');

    await expectJson(await t.call('POST', '/api/v1/experiments', { json: { name: 'dup' } }), 201);
    const duplicate = await t.call('POST', '/api/v1/experiments', { json: { name: 'dup' } });
    assert.equal(duplicate.status, 409);
    const duplicateBody = (await duplicate.json()) as { error: Record<string, unknown> };
    assert.equal(duplicateBody.error['category'], 'ALREADY_EXISTS');
  });

  it('rejects invalid input with 400 INVALID_ARGUMENT naming the field', async () => {
    const cases: {
      path: string;
      init: Parameters<TestApp['call']>[2];
      method: string;
      field: string;
    }[] = [
      { method: 'POST', path: '/api/v1/experiments', init: { json: {} }, field: 'name' },
      { method: 'POST', path: '/api/v1/experiments', init: { json: { name: 5 } }, field: 'name' },
      {
        method: 'POST',
        path: '/api/v1/experiments',
        init: { json: { name: 'x', tags: [{ key: 'k' }] } },
        field: 'tags.0.value',
      },
      {
        method: 'POST',
        path: '/api/v1/experiments',
        init: { json: { name: 'x', surprise: true } },
        field: 'surprise',
      },
      {
        method: 'POST',
        path: '/api/v1/experiments',
        init: { json: { name: 'x'.repeat(1_001) } },
        field: 'name',
      },
      {
        method: 'GET',
        path: '/api/v1/experiments?maxResults=50001',
        init: {},
        field: 'maxResults',
      },
      { method: 'GET', path: '/api/v1/experiments?maxResults=abc', init: {}, field: 'maxResults' },
      { method: 'GET', path: '/api/v1/experiments?viewType=SOME', init: {}, field: 'viewType' },
    ];
    for (const { method, path, init, field } of cases) {
      const response = await t.call(method, path, init);
      assert.equal(response.status, 400, `${method} ${path} ${JSON.stringify(init)}`);
      const body = (await response.json()) as {
        error: { category: string; code: string; details: { field: string } };
      };
      assert.equal(body.error.category, 'INVALID_ARGUMENT');
      assert.equal(body.error.code, 'api.invalid_request');
      assert.equal(body.error.details.field, field);
    }

    const malformed = await t.call('POST', '/api/v1/experiments', {
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(malformed.status, 400);
    assert.equal(
      ((await malformed.json()) as { error: { code: string } }).error.code,
      'api.malformed_json',
    );

    const badFilter = await t.call(
      'GET',
      `/api/v1/experiments?filter=${encodeURIComponent('name ~~ 1')}`,
    );
    assert.equal(badFilter.status, 400);
    assert.equal(
      ((await badFilter.json()) as { error: { category: string } }).error.category,
      'INVALID_ARGUMENT',
    );
  });
});
