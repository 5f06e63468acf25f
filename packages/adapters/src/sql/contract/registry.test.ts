import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import type {
  ModelVersionRow,
  ModelVersionSearchQuery,
  RegisteredModelRow,
  RegisteredModelSearchQuery,
} from '@cairn/core';
import type { MetadataStore } from '../index.ts';
import { storeTargets } from './contract-harness.ts';
import type { OpenedStore } from './contract-harness.ts';

const model = (id: string, name: string, time = 1_000): RegisteredModelRow => ({
  id,
  name,
  creationTimestamp: time,
  lastUpdatedTimestamp: time,
  userId: 'alice',
  description: '',
});

const versionRow = (
  registeredModelId: string,
  version: number,
  overrides: Partial<ModelVersionRow> = {},
): ModelVersionRow => ({
  registeredModelId,
  version,
  creationTimestamp: 1_000 + version,
  lastUpdatedTimestamp: 1_000 + version,
  userId: 'alice',
  currentStage: 'None',
  description: '',
  source: `mlflow-artifacts:/1/r${version}/artifacts/model`,
  storageLocation: `mlflow-artifacts:/1/r${version}/artifacts/model`,
  runId: `run${version}`,
  runLink: null,
  modelId: null,
  status: 'READY',
  statusMessage: null,
  ...overrides,
});

const models = (
  overrides: Partial<RegisteredModelSearchQuery> = {},
): RegisteredModelSearchQuery => ({
  filter: [],
  orderBy: [],
  excludePrompts: false,
  offset: 0,
  limit: 100,
  ...overrides,
});

const versions = (overrides: Partial<ModelVersionSearchQuery> = {}): ModelVersionSearchQuery => ({
  filter: [],
  orderBy: [],
  excludePrompts: false,
  offset: 0,
  limit: 100,
  ...overrides,
});

for (const target of await storeTargets()) {
  describe(`registry (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    /** Creates a model and `count` versions, allocating numbers as the service does. */
    async function seed(id: string, name: string, count: number, time = 1_000) {
      await store.registry.write(async (w) => {
        await w.insertRegisteredModel(model(id, name, time), [{ key: 'team', value: name }]);
        for (let i = 0; i < count; i++) {
          const number = await w.allocateVersion(id);
          await w.insertModelVersion(versionRow(id, number), [{ key: 'v', value: String(number) }]);
        }
      });
    }

    it('stores a model with tags, looks it up by name and id, and refuses a duplicate name', async () => {
      await seed('rm-1', 'fraud', 0);
      const byName = await store.registry.read((r) => r.getRegisteredModel('fraud'));
      assert.equal(byName?.id, 'rm-1');
      assert.deepEqual(byName?.tags, [{ key: 'team', value: 'fraud' }]);
      assert.deepEqual(await store.registry.read((r) => r.getRegisteredModelById('rm-1')), byName);
      assert.equal(await store.registry.read((r) => r.getRegisteredModelId('fraud')), 'rm-1');
      assert.equal(await store.registry.read((r) => r.getRegisteredModelId('nope')), undefined);
      await assert.rejects(
        store.registry.write((w) => w.insertRegisteredModel(model('rm-2', 'fraud'), [])),
        (e) => isCairnError(e) && e.code === 'registry.model_exists',
      );
      await seed('rm-3', 'churn', 0);
      await assert.rejects(
        store.registry.write((w) =>
          w.updateRegisteredModel('rm-3', { name: 'fraud', lastUpdatedTimestamp: 2 }),
        ),
        (e) => isCairnError(e) && e.code === 'registry.model_exists',
      );
    });

    it('numbers versions per model and never reuses a deleted number', async () => {
      await seed('rm-a', 'a', 2);
      await seed('rm-b', 'b', 1);
      await store.registry.write((w) => w.deleteModelVersion('rm-a', 2));
      const next = await store.registry.write((w) => w.allocateVersion('rm-a'));
      assert.equal(next, 3);
      assert.equal(await store.registry.write((w) => w.allocateVersion('rm-b')), 2);
    });

    it('moves aliases, drops them with their version, and upserts tags', async () => {
      await seed('rm-1', 'm', 3);
      await store.registry.write(async (w) => {
        await w.setAlias('rm-1', 'champion', 1);
        await w.setAlias('rm-1', 'champion', 2);
        await w.setAlias('rm-1', 'old', 1);
        await w.setModelVersionTag('rm-1', 2, { key: 'v', value: 'two' });
        await w.setRegisteredModelTag('rm-1', { key: 'team', value: 'risk' });
      });
      const v2 = await store.registry.read((r) => r.getModelVersion('rm-1', 2));
      assert.deepEqual(v2?.aliases, ['champion']);
      assert.deepEqual(v2?.tags, [{ key: 'v', value: 'two' }]);
      assert.equal(v2?.name, 'm');
      const m = await store.registry.read((r) => r.getRegisteredModel('m'));
      assert.deepEqual(m?.aliases, [
        { alias: 'champion', version: 2 },
        { alias: 'old', version: 1 },
      ]);
      assert.deepEqual(m?.tags, [{ key: 'team', value: 'risk' }]);
      await store.registry.write((w) => w.deleteModelVersion('rm-1', 2));
      assert.equal(
        await store.registry.read((r) => r.getAliasVersion('rm-1', 'champion')),
        undefined,
      );
      assert.equal(await store.registry.read((r) => r.getAliasVersion('rm-1', 'old')), 1);
      await store.registry.write((w) => w.deleteAlias('rm-1', 'old'));
      assert.equal(await store.registry.read((r) => r.getAliasVersion('rm-1', 'old')), undefined);
    });

    it('reports the highest version per stage as the latest versions', async () => {
      await seed('rm-1', 'm', 4);
      await store.registry.write(async (w) => {
        await w.updateModelVersion('rm-1', 1, {
          currentStage: 'Production',
          lastUpdatedTimestamp: 5,
        });
        await w.updateModelVersion('rm-1', 2, {
          currentStage: 'Production',
          lastUpdatedTimestamp: 5,
        });
        await w.updateModelVersion('rm-1', 3, { currentStage: 'Staging', lastUpdatedTimestamp: 5 });
        await w.updateModelVersion('rm-1', 4, {
          currentStage: 'Production',
          lastUpdatedTimestamp: 5,
        });
        const fifth = await w.allocateVersion('rm-1');
        await w.insertModelVersion(versionRow('rm-1', fifth), []);
      });
      const m = await store.registry.read((r) => r.getRegisteredModel('m'));
      assert.deepEqual(
        m?.latestVersions.map((v) => [v.currentStage, v.version]),
        // Stages in the order their first version came up, each with its highest version.
        [
          ['Production', 4],
          ['Staging', 3],
          ['None', 5],
        ],
      );
    });

    it('deletes a model with its versions, tags and aliases', async () => {
      await seed('rm-1', 'm', 2);
      await store.registry.write((w) => w.setAlias('rm-1', 'a', 1));
      await store.registry.write((w) => w.deleteRegisteredModel('rm-1'));
      assert.equal(await store.registry.read((r) => r.getRegisteredModel('m')), undefined);
      assert.deepEqual(await store.registry.read((r) => r.searchModelVersions(versions())), []);
      // The name is free again, and numbering starts over for the new model.
      await seed('rm-2', 'm', 1);
      assert.equal((await store.registry.read((r) => r.getModelVersion('rm-2', 1)))?.version, 1);
    });

    it('searches registered models by name and tag, orders, pages and hides prompts', async () => {
      await seed('rm-1', 'alpha', 0, 3_000);
      await seed('rm-2', 'Beta', 0, 2_000);
      await seed('rm-3', 'gamma', 0, 1_000);
      await store.registry.write((w) =>
        w.setRegisteredModelTag('rm-3', { key: 'mlflow.prompt.is_prompt', value: 'true' }),
      );
      const names = async (q: Partial<RegisteredModelSearchQuery>) =>
        (await store.registry.read((r) => r.searchRegisteredModels(models(q)))).map((m) => m.name);
      assert.deepEqual(await names({}), ['Beta', 'alpha', 'gamma']);
      assert.deepEqual(await names({ excludePrompts: true }), ['Beta', 'alpha']);
      assert.deepEqual(
        await names({ filter: [{ kind: 'name', comparator: 'LIKE', value: '%a' }] }),
        ['Beta', 'alpha', 'gamma'],
      );
      assert.deepEqual(
        await names({ filter: [{ kind: 'name', comparator: 'LIKE', value: 'b%' }] }),
        [],
      );
      assert.deepEqual(
        await names({ filter: [{ kind: 'name', comparator: 'ILIKE', value: 'b%' }] }),
        ['Beta'],
      );
      assert.deepEqual(
        await names({ filter: [{ kind: 'name', comparator: '!=', value: 'alpha' }] }),
        ['Beta', 'gamma'],
      );
      assert.deepEqual(
        await names({ filter: [{ kind: 'tag', key: 'team', comparator: '=', value: 'gamma' }] }),
        ['gamma'],
      );
      assert.deepEqual(
        await names({ orderBy: [{ key: 'last_updated_timestamp', ascending: false }] }),
        ['alpha', 'Beta', 'gamma'],
      );
      assert.deepEqual(await names({ orderBy: [{ key: 'creation_timestamp', ascending: true }] }), [
        'gamma',
        'Beta',
        'alpha',
      ]);
      assert.deepEqual(await names({ offset: 1, limit: 1 }), ['alpha']);
    });

    it('searches model versions by name, run id, source, number and tag, in MLflow order', async () => {
      await seed('rm-1', 'a', 3);
      await seed('rm-2', 'b', 2);
      const found = async (q: Partial<ModelVersionSearchQuery>) =>
        (await store.registry.read((r) => r.searchModelVersions(versions(q)))).map(
          (v) => `${v.name}/${v.version}`,
        );
      // Newest change first, then name, then the highest version.
      assert.deepEqual(await found({}), ['a/3', 'a/2', 'b/2', 'a/1', 'b/1']);
      assert.deepEqual(await found({ filter: [{ kind: 'name', comparator: '=', value: 'b' }] }), [
        'b/2',
        'b/1',
      ]);
      assert.deepEqual(
        await found({ filter: [{ kind: 'run_id', comparator: 'IN', value: ['run1', 'run3'] }] }),
        ['a/3', 'a/1', 'b/1'],
      );
      assert.deepEqual(
        await found({ filter: [{ kind: 'version_number', comparator: '>=', value: 2 }] }),
        ['a/3', 'a/2', 'b/2'],
      );
      assert.deepEqual(
        await found({ filter: [{ kind: 'source_path', comparator: 'LIKE', value: '%/r2/%' }] }),
        ['a/2', 'b/2'],
      );
      assert.deepEqual(
        await found({ filter: [{ kind: 'tag', key: 'v', comparator: '=', value: '1' }] }),
        ['a/1', 'b/1'],
      );
      assert.deepEqual(
        await found({
          orderBy: [
            { key: 'version_number', ascending: true },
            { key: 'name', ascending: false },
          ],
        }),
        ['b/1', 'a/1', 'b/2', 'a/2', 'a/3'],
      );
      assert.deepEqual(await found({ offset: 3, limit: 10 }), ['a/1', 'b/1']);
      await store.registry.write((w) =>
        w.setRegisteredModelTag('rm-2', { key: 'mlflow.prompt.is_prompt', value: 'TRUE' }),
      );
      assert.deepEqual(await found({ excludePrompts: true }), ['a/3', 'a/2', 'a/1']);
    });

    it('limits both searches to the models a user may read, inside the query', async () => {
      await seed('rm-1', 'a', 1);
      await seed('rm-2', 'b', 1);
      await seed('rm-3', 'c', 1);
      await store.identity.write((w) =>
        w.insertUser({
          id: 'u1',
          username: 'bob',
          isAdmin: false,
          disabled: false,
          createdAt: 1,
          updatedAt: 1,
          passwordHash: 'x',
        }),
      );
      await store.access.write(async (w) => {
        await w.putGrant({
          userId: 'u1',
          resourceType: 'registered_model',
          resourceId: 'rm-2',
          permission: 'READ',
          updatedAt: 1,
        });
        await w.putGrant({
          userId: 'u1',
          resourceType: 'registered_model',
          resourceId: 'rm-3',
          permission: 'NO_PERMISSIONS',
          updatedAt: 1,
        });
      });
      const names = async (readableByDefault: boolean) => {
        const access = { userId: 'u1', readableByDefault };
        const [ms, vs] = await store.registry.read(async (r) => [
          await r.searchRegisteredModels(models({ access, limit: 1 })),
          await r.searchModelVersions(versions({ access })),
        ]);
        return [ms.map((m) => m.name), vs.map((v) => v.name)];
      };
      // A page of one is still full: the filter runs before the limit.
      assert.deepEqual(await names(false), [['b'], ['b']]);
      assert.deepEqual(await names(true), [['a'], ['a', 'b']]);
    });

    it('appends events in the same transaction, and a failed write leaves neither', async () => {
      await assert.rejects(
        store.registry.write(async (w) => {
          await w.insertRegisteredModel(model('rm-1', 'x'), []);
          await w.appendEvent({
            type: 'registry.registered_model.created',
            entityType: 'registered_model',
            entityId: 'rm-1',
            actor: 'alice',
            time: 1,
            payload: {},
          });
          throw new Error('boom');
        }),
      );
      assert.equal(await store.registry.read((r) => r.getRegisteredModel('x')), undefined);
      assert.deepEqual(await store.events.listEvents(0, 10), []);
    });
  });
}
