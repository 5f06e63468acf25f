/** The registry client's stage transitions and aliases against the real server. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { apiErrorOf, useTestServer } from './testing/test-server.ts';

const server = useTestServer('cairn-sdk-stage-');
const MODEL = 'stage-model';

describe('registry client: stages and aliases', () => {
  before(async () => {
    const run = await server.client.runs.create({ runName: 'train' });
    await server.client.artifacts.upload(
      run.info.runId,
      'model/MLmodel',
      new TextEncoder().encode('flavors: {}\n'),
    );
    const post = (path: string, json: unknown) =>
      fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      }).then((response) => assert.equal(response.status, 201));
    await post('/registered-models', { name: MODEL });
    for (let i = 0; i < 2; i++) {
      await post(`/registered-models/${MODEL}/versions`, {
        source: `runs:/${run.info.runId}/model`,
      });
    }
  });

  it('moves versions between stages, archiving the previous holder on request', async () => {
    const { registry } = server.client;
    const v1 = await registry.transitionStage(MODEL, 1, 'Production');
    assert.equal(v1.currentStage, 'Production');
    const v2 = await registry.transitionStage(MODEL, 2, 'Production', true);
    assert.equal(v2.currentStage, 'Production');
    assert.equal((await registry.getVersion(MODEL, 1)).currentStage, 'Archived');
    // Without the flag, the versions already there stay.
    await registry.transitionStage(MODEL, 1, 'Production');
    assert.equal((await registry.getVersion(MODEL, 2)).currentStage, 'Production');

    const refused = await apiErrorOf(registry.transitionStage(MODEL, 1, 'None', true));
    assert.equal(refused.status, 400);
    assert.equal(refused.code, 'registry.invalid_stage');
  });

  it('sets, moves and deletes an alias', async () => {
    const { registry } = server.client;
    await registry.setAlias(MODEL, 'candidate', 1);
    await registry.setAlias(MODEL, 'candidate', 2);
    assert.deepEqual((await registry.getModel(MODEL)).aliases, [
      { alias: 'candidate', version: 2 },
    ]);
    await registry.deleteAlias(MODEL, 'candidate');
    assert.deepEqual((await registry.getModel(MODEL)).aliases, []);
  });
});
