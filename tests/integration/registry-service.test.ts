/**
 * The registry service against the real SQLite metadata store: MLflow's registry rules as
 * a client sees them (names, per-model version numbers, aliases, stages, search), the
 * source allow-list against every bad-source class of MLflow's CVE history, and the
 * outbox promise (one event per state change, none for a refused call).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';

import { openMetadataStore } from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  CairnError,
  createManualClock,
  createRegistryService,
  createTrackingService,
  ensureDefaultExperiment,
} from '@cairn/core';
import type { RegistryApi, RequestContext, StoredEvent, TrackingApi } from '@cairn/core';

const ctx: RequestContext = { actor: 'alice' };
const dirs: string[] = [];

interface Harness {
  store: MetadataStore;
  tracking: TrackingApi;
  registry: RegistryApi;
  clock: ReturnType<typeof createManualClock>;
  runId: string;
  artifactUri: string;
  events(): Promise<StoredEvent[]>;
}

let h: Harness;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-registry-'));
  dirs.push(dir);
  const store = await openMetadataStore({ dataDir: dir });
  const clock = createManualClock(1_700_000_000_000);
  await ensureDefaultExperiment({ store: store.tracking, clock });
  const tracking = createTrackingService({ store: store.tracking, clock });
  const run = await tracking.createRun(ctx, { experimentId: '0' });
  h = {
    store,
    clock,
    tracking,
    registry: createRegistryService({ store: store.registry, tracking, clock }),
    runId: run.info.runId,
    artifactUri: run.info.artifactUri,
    events: async () =>
      (await store.events.listEvents(0, 10_000)).filter((e) => e.type.startsWith('registry.')),
  };
});

afterEach(async () => {
  await h.store.close();
});

after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function rejectsWith(
  promise: Promise<unknown>,
  category: string,
  code: string,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, category, error.message);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

const source = () => `runs:/${h.runId}/model`;

describe('registered models', () => {
  it('creates, renames, updates and deletes by name while the id stays put', async () => {
    const created = await h.registry.createRegisteredModel(ctx, {
      name: 'fraud',
      description: 'first',
      tags: [{ key: 'team', value: 'risk' }],
    });
    assert.match(created.id, /^rm-[0-9a-f]{32}$/);
    assert.equal(created.userId, 'alice');
    await rejectsWith(
      h.registry.createRegisteredModel(ctx, { name: 'fraud' }),
      'ALREADY_EXISTS',
      'registry.model_exists',
    );
    h.clock.advance(10);
    const renamed = await h.registry.renameRegisteredModel(ctx, 'fraud', 'fraud-v2');
    assert.equal(renamed.id, created.id);
    assert.equal(await h.registry.getRegisteredModelId(ctx, 'fraud-v2'), created.id);
    await rejectsWith(
      h.registry.getRegisteredModel(ctx, 'fraud'),
      'NOT_FOUND',
      'registry.model_not_found',
    );
    const updated = await h.registry.updateRegisteredModel(ctx, 'fraud-v2', {
      description: 'second',
    });
    assert.equal(updated.description, 'second');
    assert.equal(
      (await h.registry.getRegisteredModel(ctx, 'fraud-v2')).lastUpdatedTimestamp,
      h.clock.now(),
    );
    await h.registry.deleteRegisteredModel(ctx, 'fraud-v2');
    await rejectsWith(
      h.registry.getRegisteredModel(ctx, 'fraud-v2'),
      'NOT_FOUND',
      'registry.model_not_found',
    );
    const events = await h.events();
    assert.deepEqual(
      events.map((e) => e.type),
      [
        'registry.registered_model.created',
        'registry.registered_model.renamed',
        'registry.registered_model.updated',
        'registry.registered_model.deleted',
      ],
    );
    for (const event of events) {
      assert.equal(event.entityType, 'registered_model');
      assert.equal(event.entityId, created.id);
      assert.equal(event.payload.registeredModelId, created.id);
      assert.equal(event.actor, 'alice');
    }
    assert.equal(events[1]?.payload.name, 'fraud-v2');
    assert.equal(events[1]?.payload.previousName, 'fraud');
  });

  it('returns the first result to a retried create with the same idempotency key', async () => {
    const first = await h.registry.createRegisteredModel(
      ctx,
      { name: 'm' },
      { idempotencyKey: 'k1' },
    );
    const again = await h.registry.createRegisteredModel(
      ctx,
      { name: 'm' },
      { idempotencyKey: 'k1' },
    );
    assert.equal(again.id, first.id);
    const v1 = await h.registry.createModelVersion(
      ctx,
      { name: 'm', source: source() },
      { idempotencyKey: 'k2' },
    );
    const v1again = await h.registry.createModelVersion(
      ctx,
      { name: 'm', source: source() },
      { idempotencyKey: 'k2' },
    );
    assert.equal(v1again.version, v1.version);
    assert.equal(
      (await h.registry.createModelVersion(ctx, { name: 'm', source: source() })).version,
      2,
    );
    assert.equal((await h.events()).filter((e) => e.type.endsWith('.created')).length, 3);
  });

  it('ignores deleting a tag that is not there, without an event', async () => {
    await h.registry.createRegisteredModel(ctx, { name: 'm' });
    await h.registry.setRegisteredModelTag(ctx, 'm', { key: 'k', value: 'v' });
    await h.registry.deleteRegisteredModelTag(ctx, 'm', 'k');
    await h.registry.deleteRegisteredModelTag(ctx, 'm', 'k');
    assert.deepEqual((await h.registry.getRegisteredModel(ctx, 'm')).tags, []);
    assert.deepEqual(
      (await h.events()).map((e) => [e.type, e.payload.key]),
      [
        ['registry.registered_model.created', undefined],
        ['registry.registered_model.tag_set', 'k'],
        ['registry.registered_model.tag_deleted', 'k'],
      ],
    );
  });
});

describe('model versions', () => {
  beforeEach(async () => {
    await h.registry.createRegisteredModel(ctx, { name: 'm' });
  });

  it('numbers versions from 1 per model, READY at once, and never reuses a number', async () => {
    const v1 = await h.registry.createModelVersion(ctx, {
      name: 'm',
      source: source(),
      runId: h.runId,
      tags: [{ key: 'stage', value: 'cand' }],
      description: 'd',
    });
    assert.equal(v1.version, 1);
    assert.equal(v1.status, 'READY');
    assert.equal(v1.currentStage, 'None');
    assert.equal(v1.runId, h.runId);
    assert.equal(v1.storageLocation, `${h.artifactUri}/model`);
    assert.deepEqual(await h.registry.getModelVersion(ctx, 'm', '1'), v1);
    const v2 = await h.registry.createModelVersion(ctx, { name: 'm', source: source() });
    await h.registry.deleteModelVersion(ctx, 'm', v2.version);
    const v3 = await h.registry.createModelVersion(ctx, { name: 'm', source: source() });
    assert.equal(v3.version, 3);
    await rejectsWith(
      h.registry.getModelVersion(ctx, 'm', 2),
      'NOT_FOUND',
      'registry.version_not_found',
    );
    await rejectsWith(
      h.registry.getModelVersion(ctx, 'm', 'two'),
      'INVALID_ARGUMENT',
      'registry.invalid_version',
    );
    await h.registry.createRegisteredModel(ctx, { name: 'other' });
    assert.equal(
      (await h.registry.createModelVersion(ctx, { name: 'other', source: source() })).version,
      1,
    );
    assert.equal(await h.registry.getDownloadUri(ctx, 'm', 1), `${h.artifactUri}/model`);
    const created = (await h.events()).find((e) => e.type === 'registry.model_version.created');
    assert.equal(created?.entityType, 'model_version');
    assert.equal(created?.entityId, `${v1.registeredModelId}/1`);
    assert.equal(created?.payload.version, 1);
    // Webhook deliveries build MLflow's model_version.created data from this payload.
    assert.equal(created?.payload.description, 'd');
    assert.deepEqual(created?.payload.tags, [{ key: 'stage', value: 'cand' }]);
  });

  it('resolves models:/<model_id> to the logged model and mlflow-artifacts: to itself', async () => {
    const logged = await h.tracking.createLoggedModel(ctx, {
      experimentId: '0',
      sourceRunId: h.runId,
    });
    const fromModel = await h.registry.createModelVersion(ctx, {
      name: 'm',
      source: `models:/${logged.modelId}`,
    });
    assert.equal(fromModel.storageLocation, logged.artifactLocation);
    assert.equal(fromModel.modelId, logged.modelId);
    // The logged model's source run becomes the version's run when none is given.
    assert.equal(fromModel.runId, h.runId);
    const direct = await h.registry.createModelVersion(ctx, {
      name: 'm',
      source: 'mlflow-artifacts:/0/abc/artifacts/model',
    });
    assert.equal(direct.storageLocation, 'mlflow-artifacts:/0/abc/artifacts/model');
    assert.equal(await h.registry.getDownloadUri(ctx, 'm', direct.version), direct.storageLocation);
  });

  it('refuses every source that is not an artifact of this server, whatever the tags say', async () => {
    const run = h.runId;
    const bad = [
      'file:///etc/',
      'file:/etc/passwd',
      '/etc/passwd',
      'etc/passwd',
      './model',
      '//proc/self/root',
      '//proc/self/root/etc/passwd',
      'C:\\Windows\\system32',
      `runs:/${run}/../../etc`,
      `runs:/${run}/%2e%2e/%2e%2e/etc`,
      `runs:/${run}/%252e%252e/etc`,
      `runs:/${run}/model?x=1`,
      `runs:/${run}/model#frag`,
      `runs:/${run}/model;param`,
      `runs:/${run}/model%3Fx`,
      `runs:/../${run}/model`,
      'runs:/0123456789abcdef0123456789abcdef/model',
      'mlflow-artifacts:/0/../../etc/passwd',
      'mlflow-artifacts:/0/%2E%2E/%2E%2E/etc',
      'mlflow-artifacts:/0/model?x',
      'mlflow-artifacts:/',
      'mlflow-artifacts://evil host/0/model',
      'models:/m/1',
      'models:/m@champion',
      'models:/m-00000000000000000000000000000000',
      'http:///?/../../../../etc/',
      'http:///#/../../etc/',
      'http://attacker/api/2.0/mlflow-artifacts/artifacts/x',
      's3://bucket/model',
      'dbfs:/',
      'hdfs://nn/model',
      'ftp://x/y',
      'runs:/\u0000/model',
    ];
    for (const tags of [[], [{ key: 'mlflow.prompt.is_prompt', value: 'true' }]]) {
      for (const candidate of bad) {
        await assert.rejects(
          h.registry.createModelVersion(ctx, { name: 'm', source: candidate, tags }),
          (error: unknown) =>
            error instanceof CairnError &&
            error.category === 'INVALID_ARGUMENT' &&
            error.code === 'registry.invalid_source',
          candidate,
        );
      }
    }
    // Nothing was written: no version number was spent and no event was appended.
    assert.equal(
      (await h.registry.createModelVersion(ctx, { name: 'm', source: source() })).version,
      1,
    );
    assert.deepEqual(
      (await h.events()).map((e) => e.type),
      ['registry.registered_model.created', 'registry.model_version.created'],
    );
  });

  it('refuses a run or model id that disagrees with the source', async () => {
    const other = await h.tracking.createRun(ctx, { experimentId: '0' });
    await rejectsWith(
      h.registry.createModelVersion(ctx, { name: 'm', source: source(), runId: other.info.runId }),
      'INVALID_ARGUMENT',
      'registry.invalid_source',
    );
    await rejectsWith(
      h.registry.createModelVersion(ctx, { name: 'missing', source: source() }),
      'NOT_FOUND',
      'registry.model_not_found',
    );
  });

  it('points aliases at one version, moves them, and drops them with their version', async () => {
    await h.registry.createModelVersion(ctx, { name: 'm', source: source() });
    await h.registry.createModelVersion(ctx, { name: 'm', source: source() });
    await h.registry.setAlias(ctx, 'm', 'champion', '1');
    await h.registry.setAlias(ctx, 'm', 'champion', 2);
    assert.equal((await h.registry.getVersionByAlias(ctx, 'm', 'champion')).version, 2);
    assert.deepEqual((await h.registry.getModelVersion(ctx, 'm', 1)).aliases, []);
    assert.deepEqual((await h.registry.getRegisteredModel(ctx, 'm')).aliases, [
      { alias: 'champion', version: 2 },
    ]);
    for (const alias of ['latest', 'v3', 'a b']) {
      await rejectsWith(
        h.registry.setAlias(ctx, 'm', alias, 1),
        'INVALID_ARGUMENT',
        'registry.invalid_alias',
      );
    }
    await rejectsWith(
      h.registry.setAlias(ctx, 'm', 'x', 9),
      'NOT_FOUND',
      'registry.version_not_found',
    );
    await h.registry.deleteModelVersion(ctx, 'm', 2);
    await rejectsWith(
      h.registry.getVersionByAlias(ctx, 'm', 'champion'),
      'NOT_FOUND',
      'registry.alias_not_found',
    );
    const aliasEvents = (await h.events()).filter((e) => e.type.startsWith('registry.alias.'));
    assert.deepEqual(
      aliasEvents.map((e) => [e.type, e.payload.alias, e.payload.version, e.entityType]),
      [
        ['registry.alias.set', 'champion', 1, 'registered_model'],
        ['registry.alias.set', 'champion', 2, 'registered_model'],
        ['registry.alias.deleted', 'champion', 2, 'registered_model'],
      ],
    );
  });

  it('transitions stages, archives the others on request, and answers latest versions', async () => {
    for (let i = 0; i < 3; i++)
      await h.registry.createModelVersion(ctx, { name: 'm', source: source() });
    await h.registry.transitionStage(ctx, 'm', 1, 'production', false);
    await h.registry.transitionStage(ctx, 'm', 2, 'Production', false);
    const moved = await h.registry.transitionStage(ctx, 'm', 3, 'PRODUCTION', true);
    assert.equal(moved.currentStage, 'Production');
    const stages = await Promise.all(
      [1, 2, 3].map(async (v) => (await h.registry.getModelVersion(ctx, 'm', v)).currentStage),
    );
    assert.deepEqual(stages, ['Archived', 'Archived', 'Production']);
    assert.deepEqual(
      (await h.registry.getLatestVersions(ctx, 'm')).map((v) => [v.currentStage, v.version]),
      // MLflow's order: stages as their versions come up in version order.
      [
        ['Archived', 2],
        ['Production', 3],
      ],
    );
    assert.deepEqual(
      (await h.registry.getLatestVersions(ctx, 'm', ['archived'])).map((v) => v.version),
      [2],
    );
    await rejectsWith(
      h.registry.transitionStage(ctx, 'm', 1, 'Archived', true),
      'INVALID_ARGUMENT',
      'registry.invalid_stage',
    );
    await rejectsWith(
      h.registry.transitionStage(ctx, 'm', 1, 'Gone', false),
      'INVALID_ARGUMENT',
      'registry.invalid_stage',
    );
    const transitions = (await h.events()).filter(
      (e) => e.type === 'registry.model_version.stage_transitioned',
    );
    assert.deepEqual(
      transitions.map((e) => [e.payload.version, e.payload.fromStage, e.payload.stage]),
      [
        [1, 'None', 'Production'],
        [2, 'None', 'Production'],
        [1, 'Production', 'Archived'],
        [2, 'Production', 'Archived'],
        [3, 'None', 'Production'],
      ],
    );
  });

  it('searches versions and models with filters, order and page tokens, hiding prompts', async () => {
    await h.registry.createRegisteredModel(ctx, {
      name: 'prompt',
      tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }],
    });
    for (let i = 0; i < 3; i++)
      await h.registry.createModelVersion(ctx, { name: 'm', source: source(), runId: h.runId });
    await h.registry.createModelVersion(ctx, { name: 'prompt', source: source() });
    const all = await h.registry.searchModelVersions(ctx, {});
    assert.deepEqual(
      all.items.map((v) => `${v.name}/${v.version}`),
      ['m/3', 'm/2', 'm/1'],
    );
    const page1 = await h.registry.searchModelVersions(ctx, {
      filter: `run_id = '${h.runId}'`,
      maxResults: 2,
      orderBy: ['version_number ASC'],
    });
    assert.deepEqual(
      page1.items.map((v) => v.version),
      [1, 2],
    );
    assert.ok(page1.nextPageToken !== undefined);
    const page2 = await h.registry.searchModelVersions(ctx, {
      filter: `run_id = '${h.runId}'`,
      maxResults: 2,
      orderBy: ['version_number ASC'],
      pageToken: page1.nextPageToken,
    });
    assert.deepEqual(
      page2.items.map((v) => v.version),
      [3],
    );
    assert.equal(page2.nextPageToken, undefined);
    const models = await h.registry.searchRegisteredModels(ctx, {});
    assert.deepEqual(
      models.items.map((m) => m.name),
      ['m'],
    );
    assert.deepEqual(
      models.items[0]?.latestVersions.map((v) => v.version),
      [3],
    );
    const prompts = await h.registry.searchRegisteredModels(ctx, {
      filter: "tags.`mlflow.prompt.is_prompt` = 'true'",
    });
    assert.deepEqual(
      prompts.items.map((m) => m.name),
      ['prompt'],
    );
    await rejectsWith(
      h.registry.searchRegisteredModels(ctx, { maxResults: 1001 }),
      'INVALID_ARGUMENT',
      'tracking.invalid_max_results',
    );
    await rejectsWith(
      h.registry.searchModelVersions(ctx, { filter: "stage = 'x'" }),
      'INVALID_ARGUMENT',
      'registry.invalid_filter',
    );
  });

  it('updates and tags versions with one event each', async () => {
    await h.registry.createModelVersion(ctx, { name: 'm', source: source() });
    h.clock.advance(5);
    const updated = await h.registry.updateModelVersion(ctx, 'm', 1, { description: 'better' });
    assert.equal(updated.description, 'better');
    assert.equal(updated.lastUpdatedTimestamp, h.clock.now());
    await h.registry.setModelVersionTag(ctx, 'm', 1, { key: 'validated', value: 'yes' });
    assert.deepEqual((await h.registry.getModelVersion(ctx, 'm', 1)).tags, [
      { key: 'validated', value: 'yes' },
    ]);
    await h.registry.deleteModelVersionTag(ctx, 'm', 1, 'validated');
    await h.registry.deleteModelVersionTag(ctx, 'm', 1, 'validated');
    assert.deepEqual((await h.events()).map((e) => e.type).slice(2), [
      'registry.model_version.updated',
      'registry.model_version.tag_set',
      'registry.model_version.tag_deleted',
    ]);
  });
});
