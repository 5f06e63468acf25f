/**
 * The dataset service against the real metadata store (SQLite, and PostgreSQL when its
 * binaries exist) and the real local blob store in a temp dir, with a small CSV-reading
 * fake of the TableAnalyzer port (the DuckDB one is tested on its own): versions of files
 * and directories, deduplication, missing objects, tags, refs, schemas, validation, diffs,
 * events, the creator's grant and listing filtered by grants.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { createLocalBlobStore } from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  CairnError,
  canonicalManifestJson,
  createDatasetService,
  createManualClock,
  invalidArgument,
} from '@cairn/core';
import type {
  Anomaly,
  DataObjectStore,
  DatasetsApi,
  ManifestEntry,
  RequestContext,
  StoredEvent,
  StoredTable,
  TableAnalyzer,
  TableProfile,
} from '@cairn/core';
import { storeTargets } from '../../packages/adapters/src/sql/contract/contract-harness.ts';
import type { OpenedStore } from '../../packages/adapters/src/sql/contract/contract-harness.ts';

async function readAll(objects: DataObjectStore, digest: string): Promise<string> {
  const source = await objects.open(digest);
  assert.ok(source, `object ${digest} is stored`);
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads CSV header and row count from the blob; a file starting `BAD` is unreadable. */
function createCsvAnalyzer(objects: DataObjectStore): TableAnalyzer & { profiled: string[] } {
  const parse = async (table: StoredTable) => {
    const text = await readAll(objects, table.digest);
    if (text.startsWith('BAD')) {
      throw invalidArgument('data.table_unreadable', `${table.path}: not a table`);
    }
    const lines = text.trim().split('\n');
    return { columns: (lines[0] ?? '').split(','), rowCount: lines.length - 1 };
  };
  const profiled: string[] = [];
  return {
    profiled,
    async profile(table): Promise<TableProfile> {
      profiled.push(table.path);
      const { columns, rowCount } = await parse(table);
      return {
        path: table.path,
        format: table.format,
        rowCount,
        columns: columns.map((name) => ({
          name,
          type: 'integer',
          physicalType: 'BIGINT',
          nullCount: 0,
          nullFraction: 0,
          distinctCount: rowCount,
          min: null,
          max: null,
          mean: null,
          std: null,
          quantiles: [],
          topValues: [],
          histogram: null,
        })),
      };
    },
    async validate(table, schema): Promise<Anomaly[]> {
      const { columns } = await parse(table);
      return schema.columns
        .filter((c) => c.required && !columns.includes(c.name))
        .map((c) => ({
          code: 'COLUMN_MISSING',
          severity: 'ERROR',
          table: table.path,
          column: c.name,
          message: `missing ${c.name}`,
          expected: 'present',
          observed: 'absent',
          rowCount: 0,
          sampleRows: [],
        }));
    },
    async diff(from, to) {
      const [a, b] = [await parse(from), await parse(to)];
      return {
        path: to.path,
        rows: { from: a.rowCount, to: b.rowCount, added: 0, removed: 0 },
        columns: {
          added: b.columns.filter((c) => !a.columns.includes(c)),
          removed: a.columns.filter((c) => !b.columns.includes(c)),
          typeChanged: [],
        },
        statistics: [],
      };
    },
  };
}

async function rejectsWith(promise: Promise<unknown>, category: string, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, category, error.message);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

const alice: RequestContext = { actor: 'alice' };
const bob: RequestContext = { actor: 'bob' };

for (const target of await storeTargets()) {
  describe(`datasets (${target.name})`, () => {
    let opened: OpenedStore;
    let store: MetadataStore;
    let blobDir: string;
    let objects: DataObjectStore;
    let analyzer: ReturnType<typeof createCsvAnalyzer>;
    let datasets: DatasetsApi;
    const clock = createManualClock();

    const put = async (text: string) => objects.put(Readable.from([Buffer.from(text, 'utf8')]));
    const file = async (path: string, text: string, executable = false): Promise<ManifestEntry> => {
      const { digest, size } = await put(text);
      return executable ? { path, digest, size, executable } : { path, digest, size };
    };
    /** Stores the files and their canonical manifest; returns the manifest digest. */
    const directory = async (entries: ManifestEntry[]) =>
      (await put(canonicalManifestJson(entries))).digest;
    const events = async (): Promise<StoredEvent[]> =>
      (await store.events.listEvents(0, 1000)).filter((e) => e.type.startsWith('data.'));

    beforeEach(async () => {
      opened = await target.open();
      store = opened.store;
      blobDir = await mkdtemp(join(tmpdir(), 'cairn-datasets-'));
      objects = createLocalBlobStore({ root: join(blobDir, 'blobs') });
      analyzer = createCsvAnalyzer(objects);
      datasets = createDatasetService({ store: store.datasets, objects, analyzer, clock });
      await store.identity.write(async (w) => {
        for (const [id, username] of [
          ['u-alice', 'alice'],
          ['u-bob', 'bob'],
        ]) {
          await w.insertUser({
            id: id as string,
            username: username as string,
            isAdmin: false,
            disabled: false,
            createdAt: 1,
            updatedAt: 1,
            passwordHash: 'x',
          });
        }
      });
    });
    afterEach(async () => {
      await opened.dispose();
      await rm(blobDir, { recursive: true, force: true });
    });

    it('adds a file version, creating the dataset, its event and the creator grant', async () => {
      const entry = await file('train.csv', 'a,b\n1,2\n3,4\n');
      const result = await datasets.addVersion(alice, 'iris', {
        content: { kind: 'file', entry },
        description: 'first cut',
        sourceUri: '/home/alice/train.csv',
        producedByRunId: 'run-1',
      });
      assert.equal(result.created, true);
      assert.equal(result.datasetCreated, true);
      const v = result.version;
      assert.equal(v.version, 1);
      assert.equal(v.kind, 'file');
      assert.equal(v.digest, entry.digest);
      assert.equal(v.fileCount, 1);
      assert.equal(v.totalBytes, entry.size);
      assert.equal(v.sourceUri, '/home/alice/train.csv');
      assert.equal(v.producedByRunId, 'run-1');
      assert.equal(v.createdBy, 'alice');
      assert.match(v.datasetId, /^ds-/);

      assert.deepEqual(await datasets.getManifest(alice, 'iris', 'latest'), [entry]);
      const profile = await datasets.getProfile(alice, 'iris', '1');
      assert.deepEqual(
        profile.tables.map((t) => [t.path, t.format, t.rowCount]),
        [['train.csv', 'csv', 2]],
      );
      const dataset = await datasets.getDataset(alice, 'iris');
      assert.equal(dataset.latestVersion, 1);
      assert.equal(dataset.createdBy, 'alice');

      const grant = await store.access.read((r) => r.getGrant('u-alice', 'dataset', v.datasetId));
      assert.equal(grant?.permission, 'MANAGE');
      assert.deepEqual(
        (await events()).map((e) => [e.type, e.entityType, e.entityId, e.actor]),
        [
          ['data.dataset.created', 'dataset', v.datasetId, 'alice'],
          ['data.version.created', 'dataset', v.datasetId, 'alice'],
        ],
      );
      const created = (await events())[1] as StoredEvent;
      assert.deepEqual(created.payload, {
        name: 'iris',
        version: 1,
        kind: 'file',
        digest: entry.digest,
        fileCount: 1,
        totalBytes: entry.size,
        producedByRunId: 'run-1',
      });
    });

    it('adds directory versions; identical content returns the existing version', async () => {
      const entries = [
        await file('data/train.csv', 'x,y\n1,2\n'),
        await file('run.sh', '#!/bin/sh\n', true),
        await file('README', 'hello\n'),
      ];
      const manifestDigest = await directory(entries);
      const first = await datasets.addVersion(alice, 'mnist', {
        content: { kind: 'directory', manifestDigest },
      });
      assert.equal(first.version.kind, 'directory');
      assert.equal(first.version.digest, manifestDigest);
      assert.equal(first.version.fileCount, 3);
      assert.equal(
        first.version.totalBytes,
        entries.reduce((s, e) => s + e.size, 0),
      );
      assert.deepEqual(
        (await datasets.getManifest(alice, 'mnist', '1')).map((e) => e.path),
        ['README', 'data/train.csv', 'run.sh'],
      );
      assert.deepEqual(analyzer.profiled, ['data/train.csv']);
      const before = (await events()).length;

      const again = await datasets.addVersion(bob, 'mnist', {
        content: { kind: 'directory', manifestDigest },
      });
      assert.equal(again.created, false);
      assert.equal(again.datasetCreated, false);
      assert.equal(again.version.version, 1);
      assert.equal((await events()).length, before, 'an identical add changes nothing');
      assert.deepEqual(analyzer.profiled, ['data/train.csv'], 'not profiled twice');

      const tagged = await datasets.addVersion(bob, 'mnist', {
        content: { kind: 'directory', manifestDigest },
        tags: ['prod', 'prod'],
      });
      assert.equal(tagged.created, false);
      assert.deepEqual(tagged.version.tags, ['prod']);
      assert.deepEqual(
        (await events()).slice(before).map((e) => [e.type, e.payload]),
        [['data.tag.set', { name: 'mnist', tag: 'prod', version: 1 }]],
      );

      // One changed file makes a new version.
      const changed = [entries[0] as ManifestEntry, await file('run.sh', '#!/bin/sh\nexit 1\n')];
      const second = await datasets.addVersion(alice, 'mnist', {
        content: { kind: 'directory', manifestDigest: await directory(changed) },
      });
      assert.equal(second.version.version, 2);
      assert.equal((await datasets.getDataset(alice, 'mnist')).latestVersion, 2);
    });

    it('refuses content whose objects are missing and writes nothing', async () => {
      const stored = await file('a.csv', 'a\n1\n');
      const absent: ManifestEntry = { path: 'b.csv', digest: 'e'.repeat(64), size: 3 };
      const manifestDigest = await directory([stored, absent]);
      await rejectsWith(
        datasets.addVersion(alice, 'ghost', { content: { kind: 'directory', manifestDigest } }),
        'FAILED_PRECONDITION',
        'data.objects_missing',
      );
      await assert.rejects(
        datasets.addVersion(alice, 'ghost', { content: { kind: 'file', entry: absent } }),
        (error: unknown) =>
          error instanceof CairnError &&
          error.code === 'data.objects_missing' &&
          JSON.stringify(error.details?.missing) === JSON.stringify([absent.digest]),
      );
      await rejectsWith(
        datasets.addVersion(alice, 'ghost', {
          content: { kind: 'directory', manifestDigest: 'f'.repeat(64) },
        }),
        'FAILED_PRECONDITION',
        'data.objects_missing',
      );
      // A stored manifest that is not canonical is refused too.
      const sloppy = (await put(`{"files": []}`)).digest;
      await rejectsWith(
        datasets.addVersion(alice, 'ghost', {
          content: { kind: 'directory', manifestDigest: sloppy },
        }),
        'INVALID_ARGUMENT',
        'data.invalid_manifest',
      );
      await rejectsWith(datasets.getDataset(alice, 'ghost'), 'NOT_FOUND', 'data.dataset_not_found');
      assert.deepEqual(await events(), []);
    });

    it('records an unreadable table in the profile without failing the add', async () => {
      const entries = [await file('good.csv', 'a\n1\n'), await file('bad.csv', 'BAD')];
      const { version } = await datasets.addVersion(alice, 'mixed', {
        content: { kind: 'directory', manifestDigest: await directory(entries) },
      });
      const profile = await datasets.getProfile(alice, 'mixed', String(version.version));
      assert.deepEqual(
        profile.tables.map((t) => t.path),
        ['good.csv'],
      );
      assert.deepEqual(profile.skipped, [
        { path: 'bad.csv', code: 'data.table_unreadable', message: 'bad.csv: not a table' },
      ]);
    });

    it('moves and deletes tags; refs resolve to numbers, tags and latest', async () => {
      for (const text of ['a\n1\n', 'a\n1\n2\n', 'a\n1\n2\n3\n']) {
        const entry = await file('t.csv', text);
        await datasets.addVersion(alice, 'ds', { content: { kind: 'file', entry } });
      }
      const base = (await events()).length;
      assert.equal((await datasets.setTag(alice, 'ds', 'prod', '1')).version, 1);
      assert.equal((await datasets.getVersion(alice, 'ds', 'prod')).version, 1);
      const moved = await datasets.setTag(alice, 'ds', 'prod', '2');
      assert.deepEqual(moved.tags, ['prod']);
      await datasets.setTag(alice, 'ds', 'prod', '2'); // no change, no event
      assert.equal((await datasets.getVersion(alice, 'ds', 'prod')).version, 2);
      assert.deepEqual((await datasets.getVersion(alice, 'ds', '1')).tags, []);
      assert.equal((await datasets.getVersion(alice, 'ds', 'latest')).version, 3);
      assert.deepEqual((await datasets.getDataset(alice, 'ds')).tags, { prod: 2 });
      await datasets.deleteTag(alice, 'ds', 'prod');
      await rejectsWith(
        datasets.getVersion(alice, 'ds', 'prod'),
        'NOT_FOUND',
        'data.version_not_found',
      );
      await rejectsWith(datasets.deleteTag(alice, 'ds', 'prod'), 'NOT_FOUND', 'data.tag_not_found');
      await rejectsWith(
        datasets.getVersion(alice, 'ds', '9'),
        'NOT_FOUND',
        'data.version_not_found',
      );
      await rejectsWith(
        datasets.getVersion(alice, 'ds', '0'),
        'INVALID_ARGUMENT',
        'data.invalid_ref',
      );
      await rejectsWith(
        datasets.setTag(alice, 'ds', 'latest', '1'),
        'INVALID_ARGUMENT',
        'data.invalid_tag',
      );
      await rejectsWith(
        datasets.getVersion(alice, '../x', '1'),
        'INVALID_ARGUMENT',
        'data.invalid_name',
      );
      assert.deepEqual(
        (await events()).slice(base).map((e) => [e.type, e.payload]),
        [
          ['data.tag.set', { name: 'ds', tag: 'prod', version: 1 }],
          ['data.tag.set', { name: 'ds', tag: 'prod', version: 2, previousVersion: 1 }],
          ['data.tag.deleted', { name: 'ds', tag: 'prod', version: 2 }],
        ],
      );
      const page1 = await datasets.listVersions(alice, 'ds', { maxResults: 2 });
      assert.deepEqual(
        page1.items.map((v) => v.version),
        [3, 2],
      );
      const page2 = await datasets.listVersions(alice, 'ds', {
        maxResults: 2,
        ...(page1.nextPageToken === undefined ? {} : { pageToken: page1.nextPageToken }),
      });
      assert.deepEqual(
        page2.items.map((v) => v.version),
        [1],
      );
      assert.equal(page2.nextPageToken, undefined);
      const updated = await datasets.updateVersion(alice, 'ds', '1', { description: 'oldest' });
      assert.equal(updated.description, 'oldest');
      assert.equal((await datasets.getVersion(alice, 'ds', '1')).description, 'oldest');
    });

    it('saves schema revisions with a stale guard, validates and records the outcome', async () => {
      const entry = await file('t.csv', 'a,b\n1,2\n');
      await datasets.addVersion(alice, 'ds', { content: { kind: 'file', entry } });
      const inferred = await datasets.inferSchema(alice, 'ds', 'latest');
      assert.deepEqual(
        inferred.columns.map((c) => c.name),
        ['a', 'b'],
      );
      await rejectsWith(datasets.getSchema(alice, 'ds'), 'NOT_FOUND', 'data.schema_not_found');
      await rejectsWith(
        datasets.validateVersion(alice, 'ds', 'latest'),
        'NOT_FOUND',
        'data.schema_not_found',
      );

      const r1 = await datasets.saveSchema(alice, 'ds', {
        schema: inferred,
        baseRevision: 0,
        inferredFromVersion: 1,
      });
      assert.equal(r1.revision, 1);
      assert.equal(r1.inferredFromVersion, 1);
      await rejectsWith(
        datasets.saveSchema(bob, 'ds', { schema: inferred, baseRevision: 0 }),
        'FAILED_PRECONDITION',
        'data.stale_schema_revision',
      );
      await rejectsWith(
        datasets.saveSchema(bob, 'ds', { schema: { columns: 'nope' } }),
        'INVALID_ARGUMENT',
        'data.invalid_schema',
      );
      const strict = {
        ...inferred,
        columns: [
          ...inferred.columns,
          { ...(inferred.columns[0] as (typeof inferred.columns)[0]), name: 'c' },
        ],
      };
      const r2 = await datasets.saveSchema(bob, 'ds', { schema: strict, baseRevision: 1 });
      assert.equal(r2.revision, 2);
      assert.equal(r2.author, 'bob');
      assert.equal((await datasets.getSchema(alice, 'ds')).revision, 2);
      assert.deepEqual((await datasets.getSchema(alice, 'ds', 1)).schema, r1.schema);
      const revisions = await datasets.listSchemaRevisions(alice, 'ds', { maxResults: 1 });
      assert.deepEqual(
        revisions.items.map((r) => r.revision),
        [2],
      );
      assert.ok(revisions.nextPageToken);

      const failed = await datasets.validateVersion(alice, 'ds', '1');
      assert.equal(failed.passed, false);
      assert.equal(failed.errorCount, 1);
      assert.equal(failed.schemaRevision, 2);
      assert.equal(failed.anomalies[0]?.column, 'c');
      const passed = await datasets.validateVersion(alice, 'ds', '1', { schemaRevision: 1 });
      assert.equal(passed.passed, true);
      assert.deepEqual(
        (await events())
          .filter((e) => e.type === 'data.version.validated' || e.type === 'data.schema.saved')
          .map((e) => [e.type, e.payload]),
        [
          [
            'data.schema.saved',
            { name: 'ds', revision: 1, inferredFromVersion: 1, columnCount: 2 },
          ],
          [
            'data.schema.saved',
            { name: 'ds', revision: 2, inferredFromVersion: null, columnCount: 3 },
          ],
          [
            'data.version.validated',
            {
              name: 'ds',
              version: 1,
              schemaRevision: 2,
              passed: false,
              errorCount: 1,
              warningCount: 0,
            },
          ],
          [
            'data.version.validated',
            {
              name: 'ds',
              version: 1,
              schemaRevision: 1,
              passed: true,
              errorCount: 0,
              warningCount: 0,
            },
          ],
        ],
      );

      // A version without tables fails with NO_TABLES.
      await datasets.addVersion(alice, 'ds', {
        content: { kind: 'file', entry: await file('notes.txt', 'hi') },
      });
      const empty = await datasets.validateVersion(alice, 'ds', '2', { schemaRevision: 1 });
      assert.deepEqual(
        empty.anomalies.map((a) => [a.code, a.severity]),
        [['NO_TABLES', 'ERROR']],
      );
    });

    it('diffs versions: files added, removed, changed, and table changes', async () => {
      const v1 = [await file('t.csv', 'a\n1\n'), await file('old.txt', 'x')];
      const v2 = [await file('t.csv', 'a,b\n1,2\n3,4\n'), await file('new.txt', 'y')];
      await datasets.addVersion(alice, 'ds', {
        content: { kind: 'directory', manifestDigest: await directory(v1) },
      });
      await datasets.addVersion(alice, 'ds', {
        content: { kind: 'directory', manifestDigest: await directory(v2) },
      });
      const diff = await datasets.diffVersions(
        alice,
        { name: 'ds', ref: '1' },
        { name: 'ds', ref: 'latest' },
      );
      assert.equal(diff.from.version, 1);
      assert.equal(diff.to.version, 2);
      assert.deepEqual(
        diff.files.added.map((e) => e.path),
        ['new.txt'],
      );
      assert.deepEqual(
        diff.files.removed.map((e) => e.path),
        ['old.txt'],
      );
      assert.deepEqual(
        diff.files.changed.map((c) => c.path),
        ['t.csv'],
      );
      assert.deepEqual(
        diff.tables.map((t) => [t.path, t.rows.from, t.rows.to, t.columns.added]),
        [['t.csv', 1, 2, ['b']]],
      );
    });

    it('lists datasets by name, limited to what the caller may read', async () => {
      await datasets.createDataset(alice, { name: 'a-private', description: 'mine' });
      await datasets.createDataset(bob, { name: 'b-shared' });
      await datasets.createDataset(alice, { name: 'c-other' });
      await rejectsWith(
        datasets.createDataset(bob, { name: 'a-private' }),
        'ALREADY_EXISTS',
        'data.dataset_exists',
      );
      const all = await datasets.listDatasets(alice, {});
      assert.deepEqual(
        all.items.map((d) => d.name),
        ['a-private', 'b-shared', 'c-other'],
      );
      const bobOnly: RequestContext = {
        actor: 'bob',
        access: { userId: 'u-bob', readableByDefault: false },
      };
      assert.deepEqual(
        (await datasets.listDatasets(bobOnly, {})).items.map((d) => d.name),
        ['b-shared'],
      );
      const paged = await datasets.listDatasets(alice, { maxResults: 2, namePrefix: '' });
      assert.equal(paged.items.length, 2);
      assert.ok(paged.nextPageToken);
      assert.deepEqual(
        (await datasets.listDatasets(alice, { namePrefix: 'b' })).items.map((d) => d.name),
        ['b-shared'],
      );
      const updated = await datasets.updateDataset(alice, 'a-private', { description: 'ours' });
      assert.equal(updated.description, 'ours');
      assert.deepEqual(
        (await events()).filter((e) => e.type === 'data.dataset.updated').map((e) => e.payload),
        [{ name: 'a-private', description: 'ours' }],
      );
    });

    it('concurrent adds of one new dataset both succeed, with one dataset and one version', async () => {
      const entry = await file('t.csv', 'a\n1\n');
      const other = await file('u.csv', 'a\n2\n');
      const results = await Promise.all([
        datasets.addVersion(alice, 'race', { content: { kind: 'file', entry } }),
        datasets.addVersion(bob, 'race', { content: { kind: 'file', entry } }),
        datasets.addVersion(bob, 'race', { content: { kind: 'file', entry: other } }),
      ]);
      const [a, b, c] = results;
      assert.equal(a.version.version, b.version.version);
      assert.equal([a, b].filter((r) => r.created).length, 1);
      assert.notEqual(c.version.version, a.version.version);
      assert.equal(results.filter((r) => r.datasetCreated).length, 1);
      const types = (await events()).map((e) => e.type);
      assert.equal(types.filter((t) => t === 'data.dataset.created').length, 1);
      assert.equal(types.filter((t) => t === 'data.version.created').length, 2);
      assert.equal((await datasets.getDataset(alice, 'race')).latestVersion, 2);

      // Identical new content added concurrently to an existing dataset: one version.
      const third = await file('v.csv', 'a\n3\n');
      const same = await Promise.all(
        [alice, bob, alice].map((ctx) =>
          datasets.addVersion(ctx, 'race', { content: { kind: 'file', entry: third } }),
        ),
      );
      assert.deepEqual(
        same.map((r) => r.version.version),
        [3, 3, 3],
      );
      assert.equal(same.filter((r) => r.created).length, 1);
      assert.equal((await datasets.getDataset(alice, 'race')).latestVersion, 3);
    });
  });
}
