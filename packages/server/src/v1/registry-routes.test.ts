import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import { pageOf } from './entity-schemas.ts';
import { modelVersionSchema, registeredModelSchema } from './registry-schemas.ts';

/** The body is exactly the documented shape: parsing drops nothing. */
function assertShape(schema: { parse(value: unknown): unknown }, body: unknown): void {
  assert.deepEqual(schema.parse(body), body);
}

async function expectError(response: Response, status: number, code?: string): Promise<void> {
  const body = (await expectJson(response, status)) as { error: { code: string } };
  if (code !== undefined) assert.equal(body.error.code, code);
}

async function expectNoContent(response: Response): Promise<void> {
  assert.equal(response.status, 204, await response.text());
}

interface Version {
  version: number;
  name: string;
  currentStage: string;
  description: string;
  aliases: string[];
  tags: { key: string; value: string }[];
}

describe('v1 registry', () => {
  let t: TestApp;
  let source: string;
  const path = (name: string) => `/api/v1/registered-models/${encodeURIComponent(name)}`;

  before(async () => {
    t = await createTestApp();
    const run = await t.tracking.createRun({ actor: 'local' }, { experimentId: '0' });
    const upload = await t.call(
      'PUT',
      `/api/v1/runs/${run.info.runId}/artifacts/content?path=model%2FMLmodel`,
      { body: 'flavors: {}\n', headers: { 'content-type': 'application/octet-stream' } },
    );
    assert.equal(upload.status, 201, await upload.text());
    source = `runs:/${run.info.runId}/model`;
  });
  after(() => t.close());

  async function newVersion(name: string, body: Record<string, unknown> = {}): Promise<Version> {
    const created = await expectJson(
      await t.call('POST', `${path(name)}/versions`, { json: { source, ...body } }),
      201,
    );
    assertShape(modelVersionSchema, created);
    return created as Version;
  }

  it('creates, reads, renames, describes and deletes a registered model', async () => {
    const created = (await expectJson(
      await t.call('POST', '/api/v1/registered-models', {
        json: { name: 'team/fraud', description: 'scorer', tags: [{ key: 'team', value: 'risk' }] },
      }),
      201,
    )) as { id: string; name: string };
    assertShape(registeredModelSchema, created);
    assert.equal(created.name, 'team/fraud');
    assert.ok(created.id.length > 0);

    assert.deepEqual(await expectJson(await t.call('GET', path('team/fraud')), 200), created);
    await expectError(
      await t.call('POST', '/api/v1/registered-models', { json: { name: 'team/fraud' } }),
      409,
    );
    await expectError(await t.call('GET', path('missing')), 404);

    const renamed = (await expectJson(
      await t.call('PATCH', path('team/fraud'), {
        json: { name: 'team/fraud-v2', description: 'renamed' },
      }),
      200,
    )) as { id: string; name: string; description: string };
    assert.equal(renamed.id, created.id, 'the id survives a rename');
    assert.equal(renamed.name, 'team/fraud-v2');
    assert.equal(renamed.description, 'renamed');
    await expectError(await t.call('PATCH', path('team/fraud-v2'), { json: {} }), 400);

    const search = await expectJson(
      await t.call(
        'GET',
        `/api/v1/registered-models?filter=${encodeURIComponent("tags.team = 'risk'")}`,
      ),
      200,
    );
    assertShape(pageOf(registeredModelSchema), search);
    assert.deepEqual(
      (search as { items: { name: string }[] }).items.map((m) => m.name),
      ['team/fraud-v2'],
    );

    await expectNoContent(await t.call('DELETE', path('team/fraud-v2')));
    await expectError(await t.call('GET', path('team/fraud-v2')), 404);
  });

  it('replays a create with the same Idempotency-Key instead of refusing it', async () => {
    const send = () =>
      t.call('POST', `/api/v1/registered-models`, {
        json: { name: 'idem' },
        headers: { 'idempotency-key': 'k-1' },
      });
    const first = await expectJson(await send(), 201);
    assert.deepEqual(await expectJson(await send(), 201), first);
    const v1 = await t.call('POST', `${path('idem')}/versions`, {
      json: { source },
      headers: { 'idempotency-key': 'v-1' },
    });
    const again = await t.call('POST', `${path('idem')}/versions`, {
      json: { source },
      headers: { 'idempotency-key': 'v-1' },
    });
    assert.deepEqual(await expectJson(again, 201), await expectJson(v1, 201));
    // Without a key, the same source registered twice is two versions, as in MLflow.
    assert.equal((await newVersion('idem')).version, 2);
  });

  it('manages versions: list, get, describe, tag, stage, alias, download URI, delete', async () => {
    const name = "o'neil\\model";
    await expectJson(await t.call('POST', '/api/v1/registered-models', { json: { name } }), 201);
    assert.equal((await newVersion(name, { description: 'one' })).version, 1);
    assert.equal((await newVersion(name, { tags: [{ key: 'ok', value: 'yes' }] })).version, 2);

    const all = (await expectJson(await t.call('GET', `${path(name)}/versions`), 200)) as {
      items: Version[];
    };
    assertShape(pageOf(modelVersionSchema), all);
    assert.deepEqual(all.items.map((v) => v.version).sort(), [1, 2]);
    const filtered = (await expectJson(
      await t.call('GET', `${path(name)}/versions?filter=${encodeURIComponent("tags.ok = 'yes'")}`),
      200,
    )) as { items: Version[] };
    assert.deepEqual(
      filtered.items.map((v) => v.version),
      [2],
    );
    await expectError(await t.call('GET', `${path('nobody')}/versions`), 404);

    const described = (await expectJson(
      await t.call('PATCH', `${path(name)}/versions/1`, { json: { description: 'first' } }),
      200,
    )) as Version;
    assert.equal(described.description, 'first');
    await expectNoContent(
      await t.call('PUT', `${path(name)}/versions/1/tags/validated`, { json: { value: 'true' } }),
    );
    const staged = (await expectJson(
      await t.call('POST', `${path(name)}/versions/1/stage`, {
        json: { stage: 'Production', archiveExistingVersions: true },
      }),
      200,
    )) as Version;
    assert.equal(staged.currentStage, 'Production');
    await expectError(
      await t.call('POST', `${path(name)}/versions/1/stage`, { json: { stage: 'Shipped' } }),
      400,
    );
    const latest = (await expectJson(
      await t.call('GET', `${path(name)}/latest-versions?stage=Production`),
      200,
    )) as { items: Version[] };
    assert.deepEqual(
      latest.items.map((v) => v.version),
      [1],
    );

    await expectNoContent(
      await t.call('PUT', `${path(name)}/aliases/champion`, { json: { version: 2 } }),
    );
    const champion = (await expectJson(
      await t.call('GET', `${path(name)}/aliases/champion`),
      200,
    )) as Version;
    assert.equal(champion.version, 2);
    assert.deepEqual(champion.aliases, ['champion']);
    await expectError(
      await t.call('PUT', `${path(name)}/aliases/latest`, { json: { version: 1 } }),
      400,
    );
    await expectNoContent(await t.call('DELETE', `${path(name)}/aliases/champion`));
    await expectError(await t.call('GET', `${path(name)}/aliases/champion`), 404);

    const uri = (await expectJson(
      await t.call('GET', `${path(name)}/versions/1/download-uri`),
      200,
    )) as { artifactUri: string };
    assert.match(uri.artifactUri, /^mlflow-artifacts:\//);

    await expectNoContent(await t.call('DELETE', `${path(name)}/versions/1/tags/validated`));
    const got = (await expectJson(await t.call('GET', `${path(name)}/versions/1`), 200)) as Version;
    assert.deepEqual(got.tags, []);
    await expectNoContent(await t.call('DELETE', `${path(name)}/versions/1`));
    await expectError(await t.call('GET', `${path(name)}/versions/1`), 404);
    await expectError(await t.call('GET', `${path(name)}/versions/x1`), 400);
  });

  it('refuses foreign sources with 400 and registers nothing', async () => {
    await expectJson(
      await t.call('POST', '/api/v1/registered-models', { json: { name: 'guarded' } }),
      201,
    );
    for (const bad of [
      'file:///etc/passwd',
      '//proc/self/root',
      'http:///?/../',
      'runs:/x/../../y',
    ]) {
      await expectError(
        await t.call('POST', `${path('guarded')}/versions`, { json: { source: bad } }),
        400,
      );
    }
    const versions = (await expectJson(
      await t.call('GET', `${path('guarded')}/versions`),
      200,
    )) as {
      items: unknown[];
    };
    assert.deepEqual(versions.items, []);
  });

  it('searches versions across models', async () => {
    await expectJson(
      await t.call('POST', '/api/v1/registered-models', { json: { name: 'across' } }),
      201,
    );
    await newVersion('across', { tags: [{ key: 'scan', value: 'across' }] });
    const page = (await expectJson(
      await t.call(
        'GET',
        `/api/v1/model-versions?filter=${encodeURIComponent("tags.scan = 'across'")}`,
      ),
      200,
    )) as { items: Version[] };
    assert.deepEqual(
      page.items.map((v) => [v.name, v.version]),
      [['across', 1]],
    );
  });
});
