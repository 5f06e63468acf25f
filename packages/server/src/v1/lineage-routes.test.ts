/**
 * Lineage through the v1 API on SQLite, over entities created through the services:
 * dataset → run → logged model → model version, with the run's code version.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRegistryService, systemClock } from '@cairn/core';
import type { LineageGraph } from '@cairn/core';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';

const ctx = { actor: 'local' };
const commit = '0123456789abcdef0123456789abcdef01234567';

describe('v1 lineage route', () => {
  let t: TestApp;
  let runId: string;
  let otherRunId: string;
  let modelId: string;

  before(async () => {
    t = await createTestApp();
    const registry = createRegistryService({
      store: t.store.registry,
      tracking: t.tracking,
      clock: systemClock,
    });
    const run = await t.tracking.createRun(ctx, {
      experimentId: '0',
      runName: 'train',
      tags: [
        { key: 'mlflow.source.git.commit', value: commit },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.source.git.repoURL', value: 'https://git.example.com/churn.git' },
      ],
    });
    runId = run.info.runId;
    const dataset = (name: string, digest: string, context: string) => ({
      dataset: { name, digest, sourceType: 'local', source: `{"uri":"/data/${name}"}` },
      tags: [{ key: 'mlflow.data.context', value: context }],
    });
    await t.tracking.logInputs(ctx, runId, {
      datasets: [dataset('churn-train', 'd1', 'training'), dataset('churn-eval', 'd2', 'eval')],
    });
    const model = await t.tracking.createLoggedModel(ctx, {
      experimentId: '0',
      name: 'clf',
      sourceRunId: runId,
    });
    modelId = model.modelId;
    await registry.createRegisteredModel(ctx, { name: 'churn' });
    await registry.createModelVersion(ctx, { name: 'churn', source: `models:/${modelId}` });
    // A second version straight from the run's artifacts, without a logged model.
    await registry.createModelVersion(ctx, {
      name: 'churn',
      source: `runs:/${runId}/model`,
      runId,
    });
    // An unrelated run that read the same training data.
    const other = await t.tracking.createRun(ctx, { experimentId: '0', runName: 'other' });
    otherRunId = other.info.runId;
    await t.tracking.logInputs(ctx, otherRunId, {
      datasets: [dataset('churn-train', 'd1', 'training')],
    });
  });
  after(() => t.close());

  const lineage = async (query: string) =>
    (await expectJson(await t.call('GET', `/api/v1/lineage?${query}`), 200)) as LineageGraph;
  const edgeSet = (g: LineageGraph) =>
    new Set(g.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`));

  it('walks a model version upstream to its logged model, run, datasets and code', async () => {
    const g = await lineage('entity=model_version:churn/1&direction=upstream');
    assert.equal(g.root, 'model_version:churn/1');
    assert.deepEqual(
      edgeSet(g),
      new Set([
        `logged_model:${modelId} -registered-> model_version:churn/1`,
        `run:${runId} -source-> model_version:churn/1`,
        `run:${runId} -produced-> logged_model:${modelId}`,
        `dataset:churn-train@d1 -input-> run:${runId}`,
        `dataset:churn-eval@d2 -input-> run:${runId}`,
        `code_version:${commit} -code-> run:${runId}`,
      ]),
    );
    const code = g.nodes.find((n) => n.kind === 'code_version');
    assert.deepEqual(code?.attributes, {
      commit,
      sourceName: 'train.py',
      repoUrl: 'https://git.example.com/churn.git',
    });
    const train = g.nodes.find((n) => n.id === 'churn-train@d1');
    assert.equal(train?.attributes.context, 'training');
    assert.equal(g.hidden, 0);
    assert.equal(g.truncated, false);
  });

  it('walks a run downstream to its logged models and the versions registered from them', async () => {
    const g = await lineage(`entity=run:${runId}&direction=downstream`);
    assert.deepEqual(
      edgeSet(g),
      new Set([
        `run:${runId} -produced-> logged_model:${modelId}`,
        `run:${runId} -source-> model_version:churn/1`,
        `run:${runId} -source-> model_version:churn/2`,
        `logged_model:${modelId} -registered-> model_version:churn/1`,
      ]),
    );
  });

  it('walks a dataset and a code version downstream, and depth limits the walk', async () => {
    const g = await lineage('entity=dataset:churn-train@d1&direction=downstream&depth=1');
    assert.deepEqual(
      edgeSet(g),
      new Set([
        `dataset:churn-train@d1 -input-> run:${runId}`,
        `dataset:churn-train@d1 -input-> run:${otherRunId}`,
      ]),
    );
    const deep = await lineage('entity=dataset:churn-train@d1&direction=downstream');
    assert.ok(edgeSet(deep).has(`logged_model:${modelId} -registered-> model_version:churn/1`));
    const code = await lineage(`entity=code_version:${commit}&direction=downstream&depth=1`);
    assert.deepEqual(edgeSet(code), new Set([`code_version:${commit} -code-> run:${runId}`]));
  });

  it('both directions are the union of the two walks', async () => {
    const g = await lineage(`entity=logged_model:${modelId}`);
    const edges = edgeSet(g);
    assert.ok(edges.has(`logged_model:${modelId} -registered-> model_version:churn/1`));
    assert.ok(edges.has(`run:${runId} -produced-> logged_model:${modelId}`));
    assert.ok(edges.has(`dataset:churn-train@d1 -input-> run:${runId}`));
    // Not the whole component: the other run reading the same data is not upstream of the model.
    assert.ok(!g.nodes.some((n) => n.id === otherRunId));
  });

  it('refuses bad entities and answers 404 for missing ones', async () => {
    for (const entity of ['nope:1', 'run:', 'model_version:churn', 'dataset:nodigest']) {
      const response = await t.call('GET', `/api/v1/lineage?entity=${encodeURIComponent(entity)}`);
      assert.equal(response.status, 400, entity);
    }
    assert.equal((await t.call('GET', '/api/v1/lineage?entity=run:missing')).status, 404);
    assert.equal((await t.call('GET', '/api/v1/lineage?entity=model_version:churn/9')).status, 404);
    assert.equal((await t.call('GET', `/api/v1/lineage?entity=run:${runId}&depth=21`)).status, 400);
  });
});
