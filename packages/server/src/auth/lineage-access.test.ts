/**
 * A lineage walk with authentication on: the root must be readable, and runs, logged models
 * and versions the caller may not read are left out, with nothing behind them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LineageGraph, ModelCardView } from '@cairn/core';
import { createAuthTestApp } from './testing/auth-test-app.ts';
import type { AuthTestApp } from './testing/auth-test-app.ts';

const root = { actor: 'test-setup' };

describe('lineage with access control', () => {
  let t: AuthTestApp;
  let alice: string;
  let admin: string;
  let ownRunId: string;
  let foreignRunId: string;

  before(async () => {
    t = await createAuthTestApp({ defaultPermission: 'NO_PERMISSIONS' });
    alice = await t.user('alice');
    admin = await t.user('boss', { isAdmin: true });
    const own = (await t.tracking.createExperiment(root, { name: 'alice-exp' })).experimentId;
    const foreign = (await t.tracking.createExperiment(root, { name: 'bob-exp' })).experimentId;
    await t.grant('alice', own, 'READ');
    const data = {
      dataset: { name: 'shared', digest: 'd9', sourceType: 'local', source: '{}' },
      tags: [],
    };
    ownRunId = (await t.tracking.createRun(root, { experimentId: own })).info.runId;
    foreignRunId = (await t.tracking.createRun(root, { experimentId: foreign })).info.runId;
    await t.tracking.logInputs(root, ownRunId, { datasets: [data] });
    await t.tracking.logInputs(root, foreignRunId, { datasets: [data] });
    const model = await t.tracking.createLoggedModel(root, {
      experimentId: foreign,
      sourceRunId: foreignRunId,
    });
    const registered = await t.registry.createRegisteredModel(root, { name: 'shared-model' });
    await t.grant('alice', registered.id, 'READ', 'registered_model');
    await t.registry.createModelVersion(root, {
      name: 'shared-model',
      source: `models:/${model.modelId}`,
    });
  });
  after(() => t.close());

  const lineage = async (auth: string, entity: string) =>
    t.call('GET', `/api/v1/lineage?entity=${encodeURIComponent(entity)}`, { auth });

  it('hides the foreign run and logged model behind a readable version', async () => {
    const response = await lineage(alice, 'model_version:shared-model/1');
    assert.equal(response.status, 200);
    const g = (await response.json()) as LineageGraph;
    assert.deepEqual(
      g.nodes.map((n) => n.kind),
      ['model_version'],
    );
    assert.deepEqual(g.edges, []);
    assert.equal(g.hidden, 2);

    const full = (await (
      await lineage(admin, 'model_version:shared-model/1')
    ).json()) as LineageGraph;
    assert.ok(full.nodes.some((n) => n.id === foreignRunId));
    assert.ok(full.nodes.some((n) => n.id === 'shared@d9'));
  });

  it('lists only readable runs downstream of a dataset, and refuses a foreign root', async () => {
    const g = (await (await lineage(alice, 'dataset:shared@d9')).json()) as LineageGraph;
    assert.deepEqual(
      g.nodes.filter((n) => n.kind === 'run').map((n) => n.id),
      [ownRunId],
    );
    assert.equal((await lineage(alice, `run:${foreignRunId}`)).status, 403);
    assert.equal((await lineage(admin, `run:${foreignRunId}`)).status, 200);
    assert.equal((await t.call('GET', `/api/v1/lineage?entity=run:${ownRunId}`)).status, 401);
  });

  it('lets a model reader read and export its cards, and only an editor save them', async () => {
    const card = '/api/v1/registered-models/shared-model/versions/1/model-card';
    // The draft takes nothing from the foreign run alice cannot read; an admin's has its data.
    const draft = (await (await t.call('GET', card, { auth: alice })).json()) as ModelCardView;
    assert.deepEqual(draft.card.content.model_parameters.data, []);
    const full = (await (await t.call('GET', card, { auth: admin })).json()) as ModelCardView;
    assert.deepEqual(
      full.card.content.model_parameters.data.map((d) => d.name),
      ['shared'],
    );
    const md = await (await t.call('GET', `${card}/export`, { auth: alice })).text();
    assert.ok(!md.includes('shared@') && !md.includes('| shared |'), md);
    assert.equal((await t.call('GET', `${card}/export?format=html`, { auth: alice })).status, 200);
    assert.equal((await t.call('GET', `${card}/revisions`, { auth: alice })).status, 200);
    const content = { considerations: { limitations: ['x'] } };
    assert.equal((await t.call('PUT', card, { auth: alice, json: { content } })).status, 403);
    const registered = await t.registry.getRegisteredModel(root, 'shared-model');
    await t.grant('alice', registered.id, 'EDIT', 'registered_model');
    assert.equal((await t.call('PUT', card, { auth: alice, json: { content } })).status, 200);
    const bob = await t.user('bob');
    assert.equal((await t.call('GET', card, { auth: bob })).status, 403);
  });
});
