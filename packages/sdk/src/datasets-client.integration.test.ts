/** The datasets client against the real server (SQLite and blobs in a temporary directory). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalManifestJson } from '@cairn/core';
import type { ManifestEntry } from './data-wire-types.ts';
import { paginate } from './paginate.ts';
import { apiErrorOf, useTestServer } from './testing/test-server.ts';

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const encoder = new TextEncoder();

const TRAIN_CSV = 'id,label\n1,cat\n2,dog\n3,cat\n';
const TRAIN_V2_CSV = 'id,label\n1,cat\n2,dog\n3,cat\n4,fish\n';
const NOTES = 'collected in 2024\n';

const server = useTestServer('cairn-sdk-data-');

/** Chunks of `text`, as a Node read stream or a file reader would yield them. */
async function* chunksOf(text: string, size = 7): AsyncIterable<Uint8Array> {
  const bytes = encoder.encode(text);
  for (let offset = 0; offset < bytes.length; offset += size) {
    // Like a real stream, each chunk arrives on a later turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    yield bytes.subarray(offset, offset + size);
  }
}

/** Pushes a directory the way `cairn data push` does: missing objects, files, manifest, version. */
async function pushDirectory(name: string, files: Record<string, string>) {
  const entries: ManifestEntry[] = Object.entries(files).map(([path, content]) => ({
    path,
    digest: sha256(content),
    size: encoder.encode(content).length,
  }));
  const manifest = canonicalManifestJson(entries);
  const manifestDigest = sha256(manifest);
  const missing = await server.client.datasets.missingObjects(name, [
    ...entries.map((e) => e.digest),
    manifestDigest,
  ]);
  for (const entry of entries) {
    if (!missing.includes(entry.digest)) continue;
    const content = files[entry.path] as string;
    await server.client.datasets.uploadObject(name, entry.digest, chunksOf(content));
  }
  if (missing.includes(manifestDigest)) {
    await server.client.datasets.uploadObject(name, manifestDigest, encoder.encode(manifest));
  }
  return { entries, manifestDigest, missing };
}

describe('datasets client', () => {
  it('pushes a directory version, sending only missing objects, and reads it back', async () => {
    const first = await pushDirectory('pets', { 'train.csv': TRAIN_CSV, 'notes.txt': NOTES });
    assert.equal(first.missing.length, 3);
    const added = await server.client.datasets.addVersion('pets', {
      content: { kind: 'directory', manifestDigest: first.manifestDigest },
      description: 'first cut',
      tags: ['prod'],
    });
    assert.equal(added.created, true);
    assert.equal(added.datasetCreated, true);
    assert.equal(added.version.version, 1);
    assert.equal(added.version.fileCount, 2);

    // The second push shares notes.txt: only the changed table and the new manifest travel.
    const second = await pushDirectory('pets', { 'train.csv': TRAIN_V2_CSV, 'notes.txt': NOTES });
    assert.deepEqual(second.missing.sort(), [sha256(TRAIN_V2_CSV), second.manifestDigest].sort());
    const v2 = await server.client.datasets.addVersion('pets', {
      content: { kind: 'directory', manifestDigest: second.manifestDigest },
    });
    assert.equal(v2.version.version, 2);
    const again = await server.client.datasets.addVersion('pets', {
      content: { kind: 'directory', manifestDigest: second.manifestDigest },
    });
    assert.deepEqual([again.created, again.version.version], [false, 2]);

    const manifest = await server.client.datasets.getManifest('pets', 'prod');
    assert.deepEqual(
      manifest,
      [...first.entries].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    const download = await server.client.datasets.downloadFile('pets', 1, sha256(TRAIN_CSV));
    assert.equal(download.size, encoder.encode(TRAIN_CSV).length);
    assert.equal(await new Response(download.body).text(), TRAIN_CSV);
    const notInV1 = await apiErrorOf(
      server.client.datasets.downloadFile('pets', 1, sha256(TRAIN_V2_CSV)),
    );
    assert.equal(notInV1.status, 404);

    const dataset = await server.client.datasets.get('pets');
    assert.deepEqual([dataset.latestVersion, dataset.tags], [2, { prod: 1 }]);
    const versions = [];
    for await (const version of paginate((pageToken) =>
      server.client.datasets.listVersions('pets', {
        maxResults: 1,
        ...(pageToken ? { pageToken } : {}),
      }),
    )) {
      versions.push(version.version);
    }
    assert.deepEqual(versions, [2, 1]);
  });

  it('refuses an upload whose bytes do not match its digest', async () => {
    const error = await apiErrorOf(
      server.client.datasets.uploadObject(
        'pets',
        sha256('expected'),
        encoder.encode('something else'),
      ),
    );
    assert.deepEqual([error.status, error.code], [400, 'data.digest_mismatch']);
    assert.deepEqual(
      await server.client.datasets.missingObjects('pets', [sha256('something else')]),
      [sha256('something else')],
    );
  });

  it('checks more than one batch of digests for existence', async () => {
    const digests = Array.from({ length: 1_500 }, (_, i) => sha256(`absent ${i}`));
    digests.push(sha256(NOTES));
    const missing = await server.client.datasets.missingObjects('pets', digests);
    assert.equal(missing.length, 1_500);
    assert.ok(!missing.includes(sha256(NOTES)));
  });

  it('tags, profiles, infers, saves and validates against a schema, and diffs', async () => {
    const tagged = await server.client.datasets.setTag('pets', 'candidate', 'latest');
    assert.equal(tagged.version, 2);
    assert.deepEqual((await server.client.datasets.getVersion('pets', 'candidate')).tags, [
      'candidate',
    ]);
    await server.client.datasets.deleteTag('pets', 'candidate');
    assert.equal(
      (await apiErrorOf(server.client.datasets.getVersion('pets', 'candidate'))).status,
      404,
    );

    const profile = await server.client.datasets.getProfile('pets', 1);
    assert.deepEqual(
      profile.tables.map((t) => [t.path, t.rowCount]),
      [['train.csv', 3]],
    );
    const schema = await server.client.datasets.inferSchema('pets', 1, { maxDomainSize: 5 });
    assert.deepEqual(schema.columns.find((c) => c.name === 'label')?.domain, ['cat', 'dog']);
    const revision = await server.client.datasets.saveSchema('pets', {
      schema,
      inferredFromVersion: 1,
    });
    assert.equal(revision.revision, 1);
    assert.equal((await server.client.datasets.getSchema('pets')).revision, 1);
    assert.equal((await server.client.datasets.listSchemaRevisions('pets')).items.length, 1);

    const good = await server.client.datasets.validate('pets', 1);
    assert.equal(good.passed, true);
    const bad = await server.client.datasets.validate('pets', 2, { schemaRevision: 1 });
    assert.equal(bad.passed, false);
    assert.ok(bad.anomalies.some((a) => a.code === 'VALUE_OUT_OF_DOMAIN' && a.column === 'label'));

    const diff = await server.client.datasets.diff('pets', 1, 2);
    assert.deepEqual(
      diff.files.changed.map((c) => c.path),
      ['train.csv'],
    );
    assert.equal(diff.files.unchangedCount, 1);
    assert.deepEqual(diff.tables[0]?.rows.to, 4);
  });

  it('creates, describes and lists datasets', async () => {
    const created = await server.client.datasets.create({
      name: 'empty-one',
      description: 'later',
    });
    assert.equal(created.latestVersion, 0);
    const updated = await server.client.datasets.update('empty-one', { description: 'soon' });
    assert.equal(updated.description, 'soon');
    const page = await server.client.datasets.list({ namePrefix: 'empty-' });
    assert.deepEqual(
      page.items.map((d) => d.name),
      ['empty-one'],
    );
    const file = encoder.encode(TRAIN_CSV);
    await server.client.datasets.uploadObject('single', sha256(file), new Blob([file]));
    const single = await server.client.datasets.addVersion('single', {
      content: {
        kind: 'file',
        entry: { path: 'train.csv', digest: sha256(file), size: file.length },
      },
    });
    assert.equal(single.version.kind, 'file');
    const patched = await server.client.datasets.updateVersion('single', 1, { description: 'raw' });
    assert.equal(patched.description, 'raw');
  });
});
