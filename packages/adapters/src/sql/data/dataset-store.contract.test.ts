/** The dataset store on SQLite and PostgreSQL: one set of expectations. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import type { DatasetRow, DatasetStore, DatasetVersionRow, SchemaRevisionRow } from '@cairn/core';
import { storeTargets } from '../contract/contract-harness.ts';
import type { OpenedStore } from '../contract/contract-harness.ts';
import type { MetadataStore } from '../index.ts';

const D1 = 'a'.repeat(64);
const D2 = 'b'.repeat(64);
const D3 = 'c'.repeat(64);

const dataset = (id: string, name: string): DatasetRow => ({
  id,
  name,
  description: `about ${name} ✓`,
  createdAt: 1_000,
  updatedAt: 1_000,
  createdBy: 'alice',
});

const versionRow = (
  datasetId: string,
  version: number,
  digest: string,
  overrides: Partial<DatasetVersionRow> = {},
): DatasetVersionRow => ({
  datasetId,
  version,
  kind: 'directory',
  digest,
  fileCount: 3,
  totalBytes: 12_345_678_901,
  description: '',
  sourceUri: null,
  producedByRunId: null,
  fileEntry: null,
  profile: null,
  createdAt: 2_000 + version,
  createdBy: 'alice',
  ...overrides,
});

/** Creates a dataset and adds versions with the given digests, numbered by the store. */
async function seed(datasets: DatasetStore, id: string, name: string, digests: string[]) {
  await datasets.write(async (w) => {
    await w.insertDataset(dataset(id, name));
    for (const digest of digests) {
      const n = await w.nextVersionNumber(id);
      await w.insertVersion(versionRow(id, n, digest));
    }
  });
}

const code = (category: string, expected: string) => (error: unknown) =>
  isCairnError(error) && error.category === category && error.code === expected;

for (const target of await storeTargets()) {
  describe(`dataset store (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    it('creates datasets with unique names and reads them by name and id', async () => {
      const { datasets } = store;
      await seed(datasets, 'ds-1', 'iris', []);
      await assert.rejects(
        datasets.write((w) => w.insertDataset(dataset('ds-2', 'iris'))),
        code('ALREADY_EXISTS', 'data.dataset_exists'),
      );
      const expected = {
        ...dataset('ds-1', 'iris'),
        latestVersion: 0,
        tags: {},
      };
      assert.deepEqual(await datasets.read((r) => r.getDatasetByName('iris')), expected);
      assert.deepEqual(await datasets.read((r) => r.getDatasetById('ds-1')), expected);
      assert.equal(await datasets.read((r) => r.getDatasetByName('ds-1')), undefined);
      await datasets.write((w) => w.updateDataset('ds-1', { description: 'new', updatedAt: 5 }));
      const updated = await datasets.read((r) => r.getDatasetById('ds-1'));
      assert.equal(updated?.description, 'new');
      assert.equal(updated?.updatedAt, 5);
    });

    it('numbers versions per dataset, never twice, and reads them back whole', async () => {
      const { datasets } = store;
      await seed(datasets, 'ds-1', 'iris', [D1, D2]);
      await seed(datasets, 'ds-2', 'mnist', [D1]);
      const entry = { path: 'train.csv', digest: D3, size: 42, executable: true };
      await datasets.write(async (w) => {
        const n = await w.nextVersionNumber('ds-1');
        assert.equal(n, 3);
        await w.insertVersion(
          versionRow('ds-1', n, D3, {
            kind: 'file',
            fileCount: 1,
            totalBytes: 42,
            fileEntry: entry,
            profile: '{"tables":[],"skipped":[]}',
            sourceUri: '/data/train.csv',
            producedByRunId: 'run1',
            description: 'третий',
          }),
        );
      });
      await assert.rejects(
        datasets.write((w) => w.insertVersion(versionRow('ds-1', 3, D1))),
        code('ALREADY_EXISTS', 'data.version_exists'),
      );
      assert.deepEqual(await datasets.read((r) => r.getVersion('ds-1', 3)), {
        datasetId: 'ds-1',
        datasetName: 'iris',
        version: 3,
        kind: 'file',
        digest: D3,
        fileCount: 1,
        totalBytes: 42,
        description: 'третий',
        sourceUri: '/data/train.csv',
        producedByRunId: 'run1',
        createdAt: 2_003,
        createdBy: 'alice',
        tags: [],
      });
      assert.deepEqual(await datasets.read((r) => r.getFileEntry('ds-1', 3)), entry);
      assert.equal(await datasets.read((r) => r.getFileEntry('ds-1', 1)), null);
      assert.equal(await datasets.read((r) => r.getFileEntry('ds-1', 9)), null);
      assert.equal(
        await datasets.read((r) => r.getProfile('ds-1', 3)),
        '{"tables":[],"skipped":[]}',
      );
      assert.equal(await datasets.read((r) => r.getProfile('ds-1', 1)), null);
      assert.equal(
        (await datasets.read((r) => r.getVersion('ds-1', 1)))?.totalBytes,
        12_345_678_901,
      );
      assert.equal((await datasets.read((r) => r.getDatasetById('ds-1')))?.latestVersion, 3);
      assert.equal(await datasets.read((r) => r.getVersion('ds-1', 4)), undefined);

      const page = async (offset: number, limit: number) =>
        (await datasets.read((r) => r.listVersions('ds-1', { offset, limit }))).map(
          (v) => v.version,
        );
      assert.deepEqual(await page(0, 2), [3, 2]);
      assert.deepEqual(await page(2, 2), [1]);

      await datasets.write((w) => w.updateVersion('ds-1', 1, { description: 'first' }));
      assert.equal((await datasets.read((r) => r.getVersion('ds-1', 1)))?.description, 'first');
    });

    it('finds versions by digest, source and producing run', async () => {
      const { datasets } = store;
      await seed(datasets, 'ds-1', 'iris', [D1, D2, D1]);
      await seed(datasets, 'ds-2', 'mnist', [D2]);
      await datasets.write(async (w) => {
        for (const [v, at] of [
          [4, 10_000],
          [5, 20_000],
        ] as const) {
          await w.nextVersionNumber('ds-1');
          await w.insertVersion(
            versionRow('ds-1', v, D3, { sourceUri: '/src', producedByRunId: 'r1', createdAt: at }),
          );
        }
      });
      const ids = (versions: { datasetName: string; version: number }[]) =>
        versions.map((v) => `${v.datasetName}@${v.version}`);
      assert.equal((await datasets.read((r) => r.findVersionByDigest('ds-1', D1)))?.version, 1);
      assert.equal(await datasets.read((r) => r.findVersionByDigest('ds-2', D1)), undefined);
      // Oldest first by creation time (mnist@1 was stamped 2001, iris@2 2002).
      assert.deepEqual(ids(await datasets.read((r) => r.findVersionsByDigestAnywhere(D2, 10))), [
        'mnist@1',
        'iris@2',
      ]);
      assert.deepEqual(ids(await datasets.read((r) => r.findVersionsByDigestAnywhere(D2, 1))), [
        'mnist@1',
      ]);
      assert.deepEqual(ids(await datasets.read((r) => r.findVersionsBySource('/src', 10))), [
        'iris@5',
        'iris@4',
      ]);
      assert.deepEqual(await datasets.read((r) => r.findVersionsBySource('/other', 10)), []);
      assert.deepEqual(ids(await datasets.read((r) => r.listVersionsProducedByRun('r1'))), [
        'iris@4',
        'iris@5',
      ]);
    });

    it('finds versions by a digest prefix with a range, oldest first, across carries', async () => {
      const { datasets } = store;
      // Neighbours across each place the range's upper bound carries: 9→a, f→0 and all f.
      const nines = `19${'f'.repeat(62)}`;
      const next = `1a${'0'.repeat(62)}`;
      const digit = `9f${'e'.repeat(62)}`;
      const letter = `a0${'0'.repeat(62)}`;
      const top = 'f'.repeat(64);
      await seed(datasets, 'ds-1', 'iris', [nines, next, digit, letter, top]);
      await seed(datasets, 'ds-2', 'mnist', [next]);
      const ids = (versions: { datasetName: string; version: number }[]) =>
        versions.map((v) => `${v.datasetName}@${v.version}`);
      const find = async (prefix: string, limit = 10) =>
        ids(await datasets.read((r) => r.findVersionsByDigestPrefix(prefix, limit)));
      assert.deepEqual(await find(nines.slice(0, 24)), ['iris@1']);
      assert.deepEqual(await find(next.slice(0, 24)), ['mnist@1', 'iris@2']);
      assert.deepEqual(await find(next.slice(0, 24), 1), ['mnist@1']);
      assert.deepEqual(await find(next), ['mnist@1', 'iris@2']);
      assert.deepEqual(await find('1'), ['iris@1', 'mnist@1', 'iris@2']);
      assert.deepEqual(await find('9f'), ['iris@3']);
      assert.deepEqual(await find('a'), ['iris@4']);
      assert.deepEqual(await find(top.slice(0, 30)), ['iris@5']);
      assert.deepEqual(await find(`${next.slice(0, 23)}1`), []);
      // Only lowercase hex is a prefix: anything else, or nothing, matches no version.
      for (const prefix of ['', '9F', 'g', '9f%', `${top}0`])
        assert.deepEqual(await find(prefix), []);
    });

    it('points, moves and deletes tags, shown on datasets and versions', async () => {
      const { datasets } = store;
      await seed(datasets, 'ds-1', 'iris', [D1, D2]);
      await datasets.write(async (w) => {
        await w.setTag('ds-1', 'prod', 1, 10);
        await w.setTag('ds-1', 'best', 1, 10);
      });
      assert.deepEqual((await datasets.read((r) => r.getVersion('ds-1', 1)))?.tags, [
        'best',
        'prod',
      ]);
      await datasets.write((w) => w.setTag('ds-1', 'prod', 2, 11));
      assert.deepEqual((await datasets.read((r) => r.getDatasetById('ds-1')))?.tags, {
        best: 1,
        prod: 2,
      });
      assert.deepEqual((await datasets.read((r) => r.getVersion('ds-1', 2)))?.tags, ['prod']);
      assert.equal(await datasets.write((w) => w.deleteTag('ds-1', 'best')), true);
      assert.equal(await datasets.write((w) => w.deleteTag('ds-1', 'best')), false);
      assert.deepEqual((await datasets.read((r) => r.getVersion('ds-1', 1)))?.tags, []);
    });

    it('appends schema revisions, reads the newest or a given one, refuses a taken number', async () => {
      const { datasets } = store;
      await seed(datasets, 'ds-1', 'iris', [D1]);
      const rev = (n: number): SchemaRevisionRow => ({
        datasetId: 'ds-1',
        revision: n,
        schema: JSON.stringify({ columns: [], n }),
        inferredFromVersion: n === 1 ? 1 : null,
        author: `author${n}`,
        createdAt: 100 + n,
      });
      assert.equal(await datasets.read((r) => r.getSchemaRevision('ds-1')), undefined);
      for (const n of [1, 2, 3]) await datasets.write((w) => w.insertSchemaRevision(rev(n)));
      await assert.rejects(
        datasets.write((w) => w.insertSchemaRevision({ ...rev(2), author: 'x' })),
        code('ALREADY_EXISTS', 'data.schema_revision_conflict'),
      );
      assert.deepEqual(await datasets.read((r) => r.getSchemaRevision('ds-1')), rev(3));
      assert.deepEqual(await datasets.read((r) => r.getSchemaRevision('ds-1', 1)), rev(1));
      assert.equal(await datasets.read((r) => r.getSchemaRevision('ds-1', 7)), undefined);
      assert.deepEqual(
        (await datasets.read((r) => r.listSchemaRevisions('ds-1', { offset: 1, limit: 5 }))).map(
          (row) => row.revision,
        ),
        [2, 1],
      );
    });

    it('lists by name, by prefix, and only what a user may read, filtered in SQL', async () => {
      const { datasets, identity, access } = store;
      for (const [i, name] of ['b-set', 'a-set', 'a-other', 'c', 'a'].entries()) {
        await seed(datasets, `ds-${i}`, name, []);
      }
      const names = async (options: Parameters<typeof listAll>[0]) =>
        (await listAll(options)).map((d) => d.name);
      const listAll = (options: {
        offset?: number;
        limit?: number;
        namePrefix?: string;
        readableBy?: { userId: string; readableByDefault: boolean };
      }) =>
        datasets.read((r) =>
          r.listDatasets({
            page: { offset: options.offset ?? 0, limit: options.limit ?? 100 },
            ...(options.namePrefix === undefined ? {} : { namePrefix: options.namePrefix }),
            ...(options.readableBy === undefined ? {} : { readableBy: options.readableBy }),
          }),
        );
      assert.deepEqual(await names({}), ['a', 'a-other', 'a-set', 'b-set', 'c']);
      assert.deepEqual(await names({ offset: 1, limit: 2 }), ['a-other', 'a-set']);
      assert.deepEqual(await names({ namePrefix: 'a-' }), ['a-other', 'a-set']);
      assert.deepEqual(await names({ namePrefix: 'zz' }), []);

      await identity.write((w) =>
        w.insertUser({
          id: 'u1',
          username: 'reader',
          isAdmin: false,
          disabled: false,
          createdAt: 1,
          updatedAt: 1,
          passwordHash: 'x',
        }),
      );
      await access.write(async (w) => {
        const grant = (resourceId: string, permission: 'READ' | 'NO_PERMISSIONS') =>
          w.putGrant({
            userId: 'u1',
            resourceType: 'dataset',
            resourceId,
            permission,
            updatedAt: 1,
          });
        await grant('ds-0', 'READ'); // b-set
        await grant('ds-2', 'NO_PERMISSIONS'); // a-other
        // A grant on an experiment with the same id must not leak into datasets.
        await w.putGrant({
          userId: 'u1',
          resourceType: 'experiment',
          resourceId: 'ds-3',
          permission: 'READ',
          updatedAt: 1,
        });
      });
      assert.deepEqual(await names({ readableBy: { userId: 'u1', readableByDefault: false } }), [
        'b-set',
      ]);
      assert.deepEqual(await names({ readableBy: { userId: 'u1', readableByDefault: true } }), [
        'a',
        'a-set',
        'b-set',
        'c',
      ]);
      assert.deepEqual(
        await names({ readableBy: { userId: 'u1', readableByDefault: true }, offset: 1, limit: 2 }),
        ['a-set', 'b-set'],
      );
    });

    it('grants the creator MANAGE with the data.dataset.created event, atomically', async () => {
      const { datasets, identity, access, events } = store;
      await identity.write((w) =>
        w.insertUser({
          id: 'u-alice',
          username: 'alice',
          isAdmin: false,
          disabled: false,
          createdAt: 1,
          updatedAt: 1,
          passwordHash: 'x',
        }),
      );
      const created = (id: string) => ({
        type: 'data.dataset.created',
        entityType: 'dataset',
        entityId: id,
        actor: 'alice',
        time: 7,
        payload: { name: id },
      });
      await datasets.write(async (w) => {
        await w.insertDataset(dataset('ds-1', 'iris'));
        await w.appendEvent(created('ds-1'));
      });
      assert.equal(
        (await access.read((r) => r.getGrant('u-alice', 'dataset', 'ds-1')))?.permission,
        'MANAGE',
      );
      await assert.rejects(
        datasets.write(async (w) => {
          await w.insertDataset(dataset('ds-2', 'mnist'));
          await w.appendEvent(created('ds-2'));
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await datasets.read((r) => r.getDatasetByName('mnist')), undefined);
      assert.equal(await access.read((r) => r.getGrant('u-alice', 'dataset', 'ds-2')), undefined);
      const logged = await events.listEvents(0, 100);
      assert.deepEqual(
        logged.map((e) => [e.type, e.entityId]),
        [['data.dataset.created', 'ds-1']],
      );
    });
  });
}
