/**
 * Lineage through Cairn dataset versions on SQLite, over real stores: a producing run →
 * dataset version → the runs whose MLflow inputs resolve to it (by source path, version
 * URL, or a prefix of its digest: MLflow caps an input's digest at 36 characters, so a
 * SHA-256 never arrives whole through the tracking API) → logged model → model version,
 * both ways; and with access control, a version of a dataset the caller may not read is
 * hidden.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MetadataStore } from '@cairn/adapters';
import { createLineageService, createRegistryService, systemClock } from '@cairn/core';
import type { LineageApi, LineageGraph, RequestContext, TrackingApi } from '@cairn/core';
import { createAccessVisibility } from '../auth/lineage-policies.ts';
import { createAuthTestApp } from '../auth/testing/auth-test-app.ts';
import type { AuthTestApp } from '../auth/testing/auth-test-app.ts';
import { createTestApp, expectJson } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';

const ctx = { actor: 'local' };
const D1 = '1'.repeat(64);
const D2 = '2'.repeat(64);
const SOURCE = '/data/churn.csv';

async function addVersion(
  store: MetadataStore,
  input: { digest: string; createdAt: number; producedByRunId?: string; sourceUri?: null },
): Promise<number> {
  return store.datasets.write(async (w) => {
    if ((await w.getDatasetById('ds-churn')) === undefined) {
      await w.insertDataset({
        id: 'ds-churn',
        name: 'churn',
        description: '',
        createdAt: input.createdAt,
        updatedAt: input.createdAt,
        createdBy: 'local',
      });
    }
    const version = await w.nextVersionNumber('ds-churn');
    await w.insertVersion({
      datasetId: 'ds-churn',
      version,
      kind: 'file',
      digest: input.digest,
      fileCount: 1,
      totalBytes: 12,
      description: '',
      sourceUri: input.sourceUri === null ? null : SOURCE,
      producedByRunId: input.producedByRunId ?? null,
      fileEntry: { path: 'churn.csv', digest: input.digest, size: 12 },
      profile: null,
      createdAt: input.createdAt,
      createdBy: 'local',
    });
    return version;
  });
}

/** A run in `experimentId` started at `startTime` that read one MLflow dataset. */
async function runReading(
  tracking: TrackingApi,
  experimentId: string,
  name: string,
  startTime: number,
  dataset: { name: string; digest: string; source: string },
): Promise<string> {
  const run = await tracking.createRun(ctx, { experimentId, runName: name, startTime });
  await tracking.logInputs(ctx, run.info.runId, {
    datasets: [{ dataset: { ...dataset, sourceType: 'local' }, tags: [] }],
  });
  return run.info.runId;
}

const edgeSet = (g: LineageGraph) =>
  new Set(g.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`));

describe('lineage through dataset versions', () => {
  let t: TestApp;
  let service: LineageApi | undefined;
  const ids: Record<string, string> = {};

  before(async () => {
    // The app's lineage is the service over the test app's own store, made once it exists.
    t = await createTestApp({
      lineage: {
        getLineage: (c, entity, options) => {
          if (service === undefined) throw new Error('lineage service not ready');
          return service.getLineage(c, entity, options);
        },
      },
    });
    service = createLineageService({
      tracking: t.store.tracking,
      registry: t.store.registry,
      datasets: t.store.datasets,
    });
    const prep = await t.tracking.createRun(ctx, { experimentId: '0', runName: 'prep' });
    ids.prep = prep.info.runId;
    await addVersion(t.store, { digest: D1, createdAt: 1000, producedByRunId: ids.prep });
    // MLflow's pandas digest never equals a file's SHA-256: the source path links it.
    ids.train = await runReading(t.tracking, '0', 'train', 2000, {
      name: 'train',
      digest: '4f1c2b3a',
      source: JSON.stringify({ uri: SOURCE }),
    });
    await t.tracking.logInputs(ctx, ids.train, {
      datasets: [
        {
          dataset: {
            name: 'holdout',
            digest: '99',
            sourceType: 'local',
            source: '{"uri": "/data/holdout.csv"}',
          },
          tags: [],
        },
      ],
    });
    await addVersion(t.store, { digest: D2, createdAt: 3000 });
    ids.late = await runReading(t.tracking, '0', 'late', 4000, {
      name: 'train',
      digest: '5e6d7c8b',
      source: JSON.stringify({ uri: `file://${SOURCE}` }),
    });
    ids.byUrl = await runReading(t.tracking, '0', 'by-url', 4000, {
      name: 'remote',
      digest: 'aa11',
      source: '{"url": "http://127.0.0.1:7420/api/v1/datasets/churn/versions/1"}',
    });
    // Sources the database search finds as candidates but that name something else.
    ids.decoy = await runReading(t.tracking, '0', 'decoy', 4000, {
      name: 'backup',
      digest: 'bb22',
      source: JSON.stringify({ uri: `${SOURCE}.bak` }),
    });
    ids.decoyUrl = await runReading(t.tracking, '0', 'decoy-url', 4000, {
      name: 'remote',
      digest: 'cc33',
      source: '{"url": "http://127.0.0.1:7420/api/v1/datasets/churn/versions/12"}',
    });
    const model = await t.tracking.createLoggedModel(ctx, {
      experimentId: '0',
      name: 'clf',
      sourceRunId: ids.train,
    });
    ids.model = model.modelId;
    const registry = createRegistryService({
      store: t.store.registry,
      tracking: t.tracking,
      clock: systemClock,
    });
    await registry.createRegisteredModel(ctx, { name: 'churn-model' });
    await registry.createModelVersion(ctx, {
      name: 'churn-model',
      source: `models:/${model.modelId}`,
    });
  });
  after(() => t.close());

  const lineage = async (query: string) =>
    (await expectJson(await t.call('GET', `/api/v1/lineage?${query}`), 200)) as LineageGraph;

  it('finds the runs whose inputs resolve to a version, by source path and version URL', async () => {
    const g = await lineage('entity=dataset_version:churn@1&direction=downstream&depth=1');
    assert.equal(g.root, 'dataset_version:churn@1');
    assert.deepEqual(
      edgeSet(g),
      new Set([
        `dataset_version:churn@1 -input-> run:${ids.train}`,
        `dataset_version:churn@1 -input-> run:${ids.byUrl}`,
      ]),
    );
    const root = g.nodes.find((n) => n.id === 'churn@1');
    assert.deepEqual(root, {
      kind: 'dataset_version',
      id: 'churn@1',
      label: 'churn@1',
      attributes: {
        datasetId: 'ds-churn',
        digest: D1,
        fileCount: '1',
        totalBytes: '12',
        sourceUri: SOURCE,
      },
    });
    // A run started after version 2 was added from the same path read version 2.
    const v2 = await lineage('entity=dataset_version:churn@2&direction=downstream&depth=1');
    assert.deepEqual(edgeSet(v2), new Set([`dataset_version:churn@2 -input-> run:${ids.late}`]));
  });

  it('walks downstream from a version to logged models and model versions', async () => {
    const edges = edgeSet(await lineage('entity=dataset_version:churn@1&direction=downstream'));
    assert.ok(edges.has(`run:${ids.train} -produced-> logged_model:${ids.model}`));
    assert.ok(edges.has(`logged_model:${ids.model} -registered-> model_version:churn-model/1`));
    assert.ok(![...edges].some((e) => e.includes(ids.decoy ?? '?')));
  });

  it('walks upstream from a model version to the dataset version and the run that produced it', async () => {
    const g = await lineage('entity=model_version:churn-model/1&direction=upstream');
    const edges = edgeSet(g);
    assert.ok(edges.has(`dataset_version:churn@1 -input-> run:${ids.train}`));
    assert.ok(edges.has(`run:${ids.prep} -output-> dataset_version:churn@1`));
    // The input that matches no version stays the MLflow dataset it was logged as.
    assert.ok(edges.has(`dataset:holdout@99 -input-> run:${ids.train}`));
    assert.ok(!g.nodes.some((n) => n.kind === 'dataset' && n.label === 'train'));
    const prep = await lineage(`entity=run:${ids.prep}&direction=downstream&depth=1`);
    assert.deepEqual(edgeSet(prep), new Set([`run:${ids.prep} -output-> dataset_version:churn@1`]));
    const up = await lineage('entity=dataset_version:churn@1&direction=upstream');
    assert.deepEqual(edgeSet(up), new Set([`run:${ids.prep} -output-> dataset_version:churn@1`]));
  });

  it('refuses malformed dataset versions and answers 404 for missing ones', async () => {
    for (const entity of [
      'dataset_version:churn',
      'dataset_version:churn@0',
      'dataset_version:@1',
    ]) {
      const response = await t.call('GET', `/api/v1/lineage?entity=${encodeURIComponent(entity)}`);
      assert.equal(response.status, 400, entity);
    }
    for (const entity of ['dataset_version:churn@9', 'dataset_version:nope@1']) {
      const response = await t.call('GET', `/api/v1/lineage?entity=${encodeURIComponent(entity)}`);
      assert.equal(response.status, 404, entity);
    }
  });

  it('links runs whose input digest is a prefix of 24 or more characters of a version digest', async () => {
    const digest = '7d3a9f0c2b6e4185a0d7c3f9e2b5184a6c0d3e7f9a2b5c8d1e4f7a0b3c6d9e2f';
    const version = await addVersion(t.store, { digest, createdAt: 5000, sourceUri: null });
    const elsewhere = JSON.stringify({ uri: '/elsewhere/features.parquet' });
    const reading = (name: string, inputDigest: string) =>
      runReading(t.tracking, '0', name, 6000, {
        name: 'features',
        digest: inputDigest,
        source: elsewhere,
      });
    const cut = await reading('cut', digest.slice(0, 32));
    const prefixed = await reading('prefixed', `sha256:${digest.slice(0, 24).toUpperCase()}`);
    // Found by the database search (same first 24 characters), but not a prefix of it.
    const diverging = await reading('diverging', `${digest.slice(0, 24)}${'0'.repeat(8)}`);
    const short = await reading('short', digest.slice(0, 23));
    const id = `churn@${version}`;
    const g = await lineage(`entity=dataset_version:${id}&direction=downstream&depth=1`);
    assert.deepEqual(
      edgeSet(g),
      new Set([
        `dataset_version:${id} -input-> run:${cut}`,
        `dataset_version:${id} -input-> run:${prefixed}`,
      ]),
    );
    const up = await lineage(`entity=run:${cut}&direction=upstream&depth=1`);
    assert.deepEqual(edgeSet(up), new Set([`dataset_version:${id} -input-> run:${cut}`]));
    for (const other of [diverging, short]) {
      const alone = await lineage(`entity=run:${other}&direction=upstream&depth=1`);
      assert.ok(!alone.nodes.some((n) => n.kind === 'dataset_version'), other);
    }
  });
});

describe('dataset versions in lineage with access control', () => {
  let t: AuthTestApp;
  let lineage: LineageApi;
  let alice: RequestContext;
  let trainRunId: string;
  let prepRunId: string;

  before(async () => {
    t = await createAuthTestApp({ defaultPermission: 'NO_PERMISSIONS' });
    await t.user('alice');
    const user = await t.identity.getUser('alice');
    alice = {
      actor: 'alice',
      principal: { userId: user.id, username: 'alice', isAdmin: false, scope: 'admin' },
      access: { userId: user.id, readableByDefault: false },
    };
    const experimentId = (await t.tracking.createExperiment(ctx, { name: 'alice-exp' }))
      .experimentId;
    await t.grant('alice', experimentId, 'READ');
    prepRunId = (await t.tracking.createRun(ctx, { experimentId, startTime: 500 })).info.runId;
    await addVersion(t.store, { digest: D1, createdAt: 1000, producedByRunId: prepRunId });
    trainRunId = await runReading(t.tracking, experimentId, 'train', 2000, {
      name: 'train',
      digest: '4f1c2b3a',
      source: JSON.stringify({ uri: SOURCE }),
    });
    lineage = createLineageService({
      tracking: t.store.tracking,
      registry: t.store.registry,
      datasets: t.store.datasets,
      visibility: createAccessVisibility(t.access),
    });
  });
  after(() => t.close());

  it('hides a version of a dataset the caller may not read, and refuses it as the root', async () => {
    const g = await lineage.getLineage(
      alice,
      { kind: 'run', id: trainRunId },
      { direction: 'upstream' },
    );
    assert.deepEqual(
      g.nodes.map((n) => n.kind),
      ['run'],
    );
    assert.equal(g.hidden, 1);
    // Nothing behind the hidden version either: not the run that produced it.
    assert.ok(!g.nodes.some((n) => n.id === prepRunId));
    await assert.rejects(lineage.getLineage(alice, { kind: 'dataset_version', id: 'churn@1' }), {
      code: 'lineage.permission_denied',
    });
  });

  it('shows it once the caller may read the dataset', async () => {
    await t.grant('alice', 'ds-churn', 'READ', 'dataset');
    const g = await lineage.getLineage(
      alice,
      { kind: 'run', id: trainRunId },
      { direction: 'upstream' },
    );
    assert.deepEqual(
      edgeSet(g),
      new Set([
        `dataset_version:churn@1 -input-> run:${trainRunId}`,
        `run:${prepRunId} -output-> dataset_version:churn@1`,
      ]),
    );
    assert.equal(g.hidden, 0);
    const down = await lineage.getLineage(
      alice,
      { kind: 'dataset_version', id: 'churn@1' },
      { direction: 'downstream' },
    );
    assert.deepEqual(
      edgeSet(down),
      new Set([`dataset_version:churn@1 -input-> run:${trainRunId}`]),
    );
  });
});
