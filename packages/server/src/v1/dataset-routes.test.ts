/**
 * The dataset routes through `app.request()`, over the real dataset service, SQLite, the
 * local blob store and DuckDB in a temporary data directory: objects in and out, versions,
 * tags, profiles, schemas, validation and diffs, and the access rules with `--auth`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hono } from 'hono';
import { createLocalBlobStore, openMetadataStore } from '@cairn/adapters';
import type { MetadataStore } from '@cairn/adapters';
import {
  canonicalManifestJson,
  createArtifactService,
  createRegistryService,
  createTrackingService,
  systemClock,
} from '@cairn/core';
import type { ManifestEntry } from '@cairn/core';
import { createApp } from '../app.ts';
import type { AppEnv } from '../app-env.ts';
import { createDataServices } from '../data-services.ts';
import type { DataServices } from '../data-services.ts';
import { createAuthTestApp } from '../auth/testing/auth-test-app.ts';
import type { AuthTestApp } from '../auth/testing/auth-test-app.ts';
import { createTestApp, expectJson } from '../test-support/test-app.ts';

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const TRAIN_CSV = 'id,label,score\n1,cat,0.5\n2,dog,0.7\n3,cat,0.9\n';
const TRAIN_V2_CSV = 'id,label,score\n1,cat,0.5\n2,dog,0.7\n3,cat,0.9\n4,bird,\n';
const README = '# Pets\n';
/** Small, so the size cap is cheap to cross. */
const MAX_OBJECT_BYTES = 64 * 1024;

type Call = (method: string, path: string, init?: CallInit) => Promise<Response>;
interface CallInit {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

function caller(app: Hono<AppEnv>, auth?: string): Call {
  return (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (auth !== undefined) headers['authorization'] = auth;
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    return Promise.resolve(
      app.request(`/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
    );
  };
}

async function expectError(response: Response, status: number, code: string): Promise<void> {
  const body = (await expectJson(response, status)) as { error: { code: string } };
  assert.equal(body.error.code, code);
}

const octets = { 'content-type': 'application/octet-stream' };

/** Uploads `content` under its digest into dataset `name`; answers the manifest entry. */
async function upload(call: Call, name: string, path: string, content: string) {
  const digest = sha256(content);
  const response = await call('PUT', `/datasets/${name}/objects/${digest}`, {
    body: content,
    headers: octets,
  });
  assert.deepEqual(await expectJson(response, 200), {
    digest,
    size: Buffer.byteLength(content),
  });
  return { path, digest, size: Buffer.byteLength(content) } satisfies ManifestEntry;
}

/** Uploads the files and then the canonical manifest; answers the manifest digest. */
async function uploadDirectory(call: Call, name: string, files: Record<string, string>) {
  const entries: ManifestEntry[] = [];
  for (const [path, content] of Object.entries(files)) {
    entries.push(await upload(call, name, path, content));
  }
  const manifest = canonicalManifestJson(entries);
  await upload(call, name, 'manifest.json', manifest);
  return { entries, manifestDigest: sha256(manifest) };
}

describe('dataset routes', () => {
  let dataDir: string;
  let store: MetadataStore;
  let data: DataServices;
  let call: Call;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-dataset-routes-'));
    store = await openMetadataStore({ dataDir });
    const clock = systemClock;
    const tracking = createTrackingService({ store: store.tracking, clock });
    data = createDataServices({ store, dataDir, clock });
    const app = createApp({
      tracking,
      artifacts: createArtifactService({
        index: store.artifacts,
        blobs: createLocalBlobStore({ root: join(dataDir, 'blobs') }),
        clock,
      }),
      registry: createRegistryService({ store: store.registry, tracking, clock }),
      events: store.events,
      datasets: { api: data.datasets, objects: data.objects },
      version: '9.9.9-test',
      artifactMaxBytes: MAX_OBJECT_BYTES,
    });
    call = caller(app);
  });
  after(async () => {
    await data.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reports missing objects, stores uploads under their digest and refuses a wrong digest', async () => {
    const digest = sha256(TRAIN_CSV);
    const other = sha256('never uploaded');
    const before = await call('POST', '/datasets/objs/objects/missing', {
      json: { digests: [digest, other, digest] },
    });
    assert.deepEqual(await expectJson(before, 200), { missing: [digest, other] });

    await upload(call, 'objs', 'train.csv', TRAIN_CSV);
    const afterUpload = await call('POST', '/datasets/objs/objects/missing', {
      json: { digests: [digest, other] },
    });
    assert.deepEqual(await expectJson(afterUpload, 200), { missing: [other] });

    // Bytes that hash to something else: refused, and stored under neither digest.
    const wrong = await call('PUT', `/datasets/objs/objects/${other}`, {
      body: 'tampered bytes',
      headers: octets,
    });
    await expectError(wrong, 400, 'data.digest_mismatch');
    const stillMissing = await call('POST', '/datasets/objs/objects/missing', {
      json: { digests: [other, sha256('tampered bytes')] },
    });
    assert.deepEqual(await expectJson(stillMissing, 200), {
      missing: [other, sha256('tampered bytes')],
    });
  });

  it('validates digests, batch sizes, names and the upload size cap with 4xx codes', async () => {
    await expectError(
      await call('PUT', '/datasets/objs/objects/ABC', { body: 'x', headers: octets }),
      400,
      'api.invalid_request',
    );
    await expectError(
      await call('POST', '/datasets/objs/objects/missing', {
        json: { digests: Array.from({ length: 1001 }, (_, i) => sha256(String(i))) },
      }),
      400,
      'api.invalid_request',
    );
    await expectError(
      await call('POST', '/datasets/objs/objects/missing', { json: { digests: ['nothex'] } }),
      400,
      'api.invalid_request',
    );
    await expectError(
      await call('POST', '/datasets/..bad/objects/missing', { json: { digests: [] } }),
      400,
      'data.invalid_name',
    );
    const big = 'x'.repeat(MAX_OBJECT_BYTES + 1);
    const tooBig = await call('PUT', `/datasets/objs/objects/${sha256(big)}`, {
      body: big,
      headers: octets,
    });
    assert.equal(tooBig.status, 413);
    await tooBig.body?.cancel();
    const missing = await call('POST', '/datasets/objs/objects/missing', {
      json: { digests: [sha256(big)] },
    });
    assert.deepEqual(await expectJson(missing, 200), { missing: [sha256(big)] });
  });

  it('adds a file version (201, creating the dataset), and the same content again (200)', async () => {
    const entry = await upload(call, 'labels', 'train.csv', TRAIN_CSV);
    const first = (await expectJson(
      await call('POST', '/datasets/labels/versions', {
        json: { content: { kind: 'file', entry }, description: 'first', tags: ['prod'] },
      }),
      201,
    )) as { version: { version: number; digest: string; tags: string[] }; created: boolean };
    assert.equal(first.version.version, 1);
    assert.equal(first.version.digest, entry.digest);
    assert.deepEqual(first.version.tags, ['prod']);
    assert.deepEqual(
      {
        created: first.created,
        datasetCreated: (first as { datasetCreated?: boolean }).datasetCreated,
      },
      { created: true, datasetCreated: true },
    );

    const again = (await expectJson(
      await call('POST', '/datasets/labels/versions', {
        json: { content: { kind: 'file', entry } },
      }),
      200,
    )) as { version: { version: number }; created: boolean; datasetCreated: boolean };
    assert.equal(again.version.version, 1);
    assert.equal(again.created, false);
    assert.equal(again.datasetCreated, false);

    const dataset = (await expectJson(await call('GET', '/datasets/labels'), 200)) as {
      dataset: { latestVersion: number; tags: Record<string, number> };
    };
    assert.equal(dataset.dataset.latestVersion, 1);
    assert.deepEqual(dataset.dataset.tags, { prod: 1 });
  });

  it('refuses a version whose objects were not uploaded, writing nothing', async () => {
    const entry = { path: 'ghost.csv', digest: sha256('ghost'), size: 5 };
    await expectError(
      await call('POST', '/datasets/ghosts/versions', {
        json: { content: { kind: 'file', entry } },
      }),
      400,
      'data.objects_missing',
    );
    await expectError(await call('GET', '/datasets/ghosts'), 404, 'data.dataset_not_found');
  });

  it('adds a directory version, reads its manifest and downloads its files by digest only', async () => {
    const { entries, manifestDigest } = await uploadDirectory(call, 'pets', {
      'train.csv': TRAIN_CSV,
      'docs/README.md': README,
    });
    const added = (await expectJson(
      await call('POST', '/datasets/pets/versions', {
        json: { content: { kind: 'directory', manifestDigest }, sourceUri: '/data/pets' },
      }),
      201,
    )) as { version: { kind: string; digest: string; fileCount: number; totalBytes: number } };
    assert.deepEqual(
      {
        kind: added.version.kind,
        digest: added.version.digest,
        fileCount: added.version.fileCount,
        totalBytes: added.version.totalBytes,
      },
      {
        kind: 'directory',
        digest: manifestDigest,
        fileCount: 2,
        totalBytes: Buffer.byteLength(TRAIN_CSV) + Buffer.byteLength(README),
      },
    );

    const manifest = (await expectJson(
      await call('GET', '/datasets/pets/versions/1/manifest'),
      200,
    )) as {
      entries: ManifestEntry[];
    };
    assert.deepEqual(
      manifest.entries,
      [...entries].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );

    const readme = await call('GET', `/datasets/pets/versions/latest/files/${sha256(README)}`);
    assert.equal(readme.status, 200);
    assert.equal(readme.headers.get('content-type'), 'application/octet-stream');
    assert.equal(readme.headers.get('x-content-type-options'), 'nosniff');
    assert.match(readme.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.equal(readme.headers.get('content-length'), String(Buffer.byteLength(README)));
    assert.match(readme.headers.get('content-disposition') ?? '', /README\.md/);
    assert.equal(await readme.text(), README);

    const head = await call('HEAD', `/datasets/pets/versions/1/files/${sha256(README)}`);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(README)));
    assert.equal(await head.text(), '');

    const manifestObject = await call('GET', `/datasets/pets/versions/1/files/${manifestDigest}`);
    assert.equal(await manifestObject.text(), canonicalManifestJson(entries));

    // Stored in the blob store, but not a file of this version: not served through it.
    const foreign = await upload(call, 'pets', 'other', 'someone else’s bytes');
    await expectError(
      await call('GET', `/datasets/pets/versions/1/files/${foreign.digest}`),
      404,
      'data.file_not_found',
    );
    await expectError(
      await call('GET', `/datasets/pets/versions/9/files/${sha256(README)}`),
      404,
      'data.version_not_found',
    );
  });

  it('moves and deletes tags, resolving refs by number, tag and latest', async () => {
    const entry = await upload(call, 'tagged', 'train.csv', TRAIN_CSV);
    await call('POST', '/datasets/tagged/versions', { json: { content: { kind: 'file', entry } } });
    const entry2 = await upload(call, 'tagged', 'train.csv', TRAIN_V2_CSV);
    await call('POST', '/datasets/tagged/versions', {
      json: { content: { kind: 'file', entry: entry2 } },
    });

    const set = (await expectJson(
      await call('PUT', '/datasets/tagged/tags/stable', { json: { version: 1 } }),
      200,
    )) as { version: { version: number } };
    assert.equal(set.version.version, 1);
    const byTag = (await expectJson(
      await call('GET', '/datasets/tagged/versions/stable'),
      200,
    )) as {
      version: { version: number; tags: string[] };
    };
    assert.deepEqual([byTag.version.version, byTag.version.tags], [1, ['stable']]);
    const latest = (await expectJson(
      await call('GET', '/datasets/tagged/versions/latest'),
      200,
    )) as {
      version: { version: number };
    };
    assert.equal(latest.version.version, 2);

    await expectJson(
      await call('PUT', '/datasets/tagged/tags/stable', { json: { version: 'latest' } }),
      200,
    );
    const moved = (await expectJson(
      await call('GET', '/datasets/tagged/versions/stable'),
      200,
    )) as {
      version: { version: number };
    };
    assert.equal(moved.version.version, 2);

    const deleted = await call('DELETE', '/datasets/tagged/tags/stable');
    assert.equal(deleted.status, 204);
    await expectError(
      await call('GET', '/datasets/tagged/versions/stable'),
      404,
      'data.version_not_found',
    );
    await expectError(
      await call('PUT', '/datasets/tagged/tags/latest', { json: { version: 1 } }),
      400,
      'data.invalid_tag',
    );

    const versions = (await expectJson(
      await call('GET', '/datasets/tagged/versions?maxResults=1'),
      200,
    )) as { versions: { version: number }[]; nextPageToken?: string };
    assert.deepEqual(
      versions.versions.map((v) => v.version),
      [2],
    );
    assert.ok(versions.nextPageToken !== undefined);
    const next = (await expectJson(
      await call(
        'GET',
        `/datasets/tagged/versions?maxResults=1&pageToken=${encodeURIComponent(versions.nextPageToken)}`,
      ),
      200,
    )) as { versions: { version: number }[] };
    assert.deepEqual(
      next.versions.map((v) => v.version),
      [1],
    );

    const patched = (await expectJson(
      await call('PATCH', '/datasets/tagged/versions/1', { json: { description: 'the first' } }),
      200,
    )) as { version: { description: string } };
    assert.equal(patched.version.description, 'the first');
    const dataset = (await expectJson(
      await call('PATCH', '/datasets/tagged', { json: { description: 'pets, tagged' } }),
      200,
    )) as { dataset: { description: string } };
    assert.equal(dataset.dataset.description, 'pets, tagged');
  });

  it('profiles tables, infers and saves a schema, validates versions and diffs them', async () => {
    const entry = await upload(call, 'scored', 'train.csv', TRAIN_CSV);
    await call('POST', '/datasets/scored/versions', { json: { content: { kind: 'file', entry } } });
    const entry2 = await upload(call, 'scored', 'train.csv', TRAIN_V2_CSV);
    await call('POST', '/datasets/scored/versions', {
      json: { content: { kind: 'file', entry: entry2 } },
    });

    const profile = (await expectJson(
      await call('GET', '/datasets/scored/versions/1/profile'),
      200,
    )) as {
      profile: { tables: { path: string; rowCount: number; columns: { name: string }[] }[] };
    };
    assert.equal(profile.profile.tables.length, 1);
    assert.equal(profile.profile.tables[0]?.rowCount, 3);
    assert.deepEqual(
      profile.profile.tables[0]?.columns.map((c) => c.name),
      ['id', 'label', 'score'],
    );

    const inferred = (await expectJson(
      await call('GET', '/datasets/scored/versions/1/schema/inferred?maxDomainSize=5'),
      200,
    )) as { schema: { columns: { name: string; domain?: string[]; maxNullFraction: number }[] } };
    const label = inferred.schema.columns.find((c) => c.name === 'label');
    assert.deepEqual(label?.domain, ['cat', 'dog']);

    await expectError(await call('GET', '/datasets/scored/schema'), 404, 'data.schema_not_found');
    await expectError(
      await call('PUT', '/datasets/scored/schema', { json: { schema: { columns: 'nope' } } }),
      400,
      'data.invalid_schema',
    );
    const saved = (await expectJson(
      await call('PUT', '/datasets/scored/schema', {
        json: { schema: inferred.schema, inferredFromVersion: 1 },
      }),
      200,
    )) as { schema: { revision: number; inferredFromVersion: number } };
    assert.deepEqual([saved.schema.revision, saved.schema.inferredFromVersion], [1, 1]);
    await expectError(
      await call('PUT', '/datasets/scored/schema', {
        json: { schema: inferred.schema, baseRevision: 0 },
      }),
      400,
      'data.stale_schema_revision',
    );
    const revisions = (await expectJson(
      await call('GET', '/datasets/scored/schema/revisions'),
      200,
    )) as {
      revisions: { revision: number }[];
    };
    assert.deepEqual(
      revisions.revisions.map((r) => r.revision),
      [1],
    );

    const passing = (await expectJson(
      await call('POST', '/datasets/scored/versions/1/validate', { json: {} }),
      200,
    )) as { report: { passed: boolean; schemaRevision: number; errorCount: number } };
    assert.deepEqual(
      [passing.report.passed, passing.report.schemaRevision, passing.report.errorCount],
      [true, 1, 0],
    );
    // Version 2 has a label outside the domain and a null score.
    const failing = (await expectJson(
      await call('POST', '/datasets/scored/versions/2/validate', { json: { schemaRevision: 1 } }),
      200,
    )) as { report: { passed: boolean; anomalies: { code: string; column: string | null }[] } };
    assert.equal(failing.report.passed, false);
    const codes = failing.report.anomalies.map((a) => `${a.code}:${a.column ?? ''}`);
    assert.ok(codes.includes('VALUE_OUT_OF_DOMAIN:label'), codes.join(', '));
    assert.ok(codes.includes('NULL_FRACTION_EXCEEDED:score'), codes.join(', '));

    const diff = (await expectJson(
      await call('GET', '/datasets/scored/diff?from=1&to=2'),
      200,
    )) as {
      diff: {
        files: { changed: { path: string }[] };
        tables: { path: string; rows: { from: number; to: number } }[];
      };
    };
    assert.deepEqual(
      diff.diff.files.changed.map((c) => c.path),
      ['train.csv'],
    );
    assert.deepEqual(diff.diff.tables[0]?.rows.from, 3);
    assert.deepEqual(diff.diff.tables[0]?.rows.to, 4);
    await expectError(
      await call('GET', '/datasets/scored/diff?from=1&to=1&toDataset=nowhere'),
      404,
      'data.dataset_not_found',
    );
  });

  it('creates and lists datasets by name prefix', async () => {
    const created = await call('POST', '/datasets', {
      json: { name: 'zz-empty', description: 'nothing yet' },
    });
    const body = (await expectJson(created, 201)) as { dataset: { latestVersion: number } };
    assert.equal(body.dataset.latestVersion, 0);
    await expectError(
      await call('POST', '/datasets', { json: { name: 'zz-empty' } }),
      409,
      'data.dataset_exists',
    );
    await expectError(
      await call('POST', '/datasets', { json: { name: '../x' } }),
      400,
      'data.invalid_name',
    );
    const listed = (await expectJson(await call('GET', '/datasets?namePrefix=zz-'), 200)) as {
      datasets: { name: string }[];
    };
    assert.deepEqual(
      listed.datasets.map((d) => d.name),
      ['zz-empty'],
    );
  });

  it('documents the dataset routes in the OpenAPI document, with both add-version answers', async () => {
    const document = (await expectJson(await call('GET', '/openapi.json'), 200)) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const add = document.paths['/api/v1/datasets/{name}/versions']?.['post'];
    assert.ok(add !== undefined);
    assert.ok('200' in add.responses && '201' in add.responses);
    assert.ok(document.paths['/api/v1/datasets/{name}/objects/{digest}']?.['put'] !== undefined);
  });
});

describe('dataset routes without a dataset service', () => {
  it('answer 503 data.not_configured', async () => {
    const t = await createTestApp();
    try {
      await expectError(await t.call('GET', '/api/v1/datasets'), 503, 'data.not_configured');
      await expectError(
        await t.call('PUT', `/api/v1/datasets/x/objects/${sha256('x')}`, {
          body: 'x',
          headers: octets,
        }),
        503,
        'data.not_configured',
      );
    } finally {
      await t.close();
    }
  });
});

describe('dataset routes with --auth', () => {
  let t: AuthTestApp;
  let owner: Call;
  let reader: Call;
  let stranger: Call;
  let readToken: Call;
  let anonymous: Call;

  before(async () => {
    t = await createAuthTestApp({ defaultPermission: 'NO_PERMISSIONS' });
    owner = caller(t.app, await t.user('owner'));
    reader = caller(t.app, await t.user('reader'));
    stranger = caller(t.app, await t.user('stranger'));
    const token = await t.identity.createToken(
      { actor: 'test-setup' },
      { username: 'owner', name: 'ro', scope: 'read' },
    );
    readToken = caller(t.app, `Bearer ${token.secret}`);
    anonymous = caller(t.app);
  });
  after(() => t.close());

  it('lets a logged-in writer create a dataset by pushing to a new name, and makes them its manager', async () => {
    const entry = await upload(owner, 'secret', 'train.csv', TRAIN_CSV);
    const added = (await expectJson(
      await owner('POST', '/datasets/secret/versions', {
        json: { content: { kind: 'file', entry } },
      }),
      201,
    )) as { version: { datasetId: string } };
    const grants = await t.access.listPermissions('dataset', added.version.datasetId);
    const user = await t.identity.getUser('owner');
    assert.deepEqual(
      grants.map((g) => [g.userId, g.permission]),
      [[user.id, 'MANAGE']],
    );
    await t.grant('reader', added.version.datasetId, 'READ', 'dataset');
  });

  it('lets READ read but not add, and hides the dataset from users without a grant', async () => {
    await expectJson(await reader('GET', '/datasets/secret/versions/1/manifest'), 200);
    const file = await reader('GET', `/datasets/secret/versions/1/files/${sha256(TRAIN_CSV)}`);
    assert.equal(await file.text(), TRAIN_CSV);
    await expectError(
      await reader('POST', '/datasets/secret/objects/missing', { json: { digests: [] } }),
      403,
      'access.permission_denied',
    );
    await expectError(
      await reader('PUT', '/datasets/secret/tags/x', { json: { version: 1 } }),
      403,
      'access.permission_denied',
    );

    await expectError(await stranger('GET', '/datasets/secret'), 403, 'access.permission_denied');
    const strangerList = (await expectJson(await stranger('GET', '/datasets'), 200)) as {
      datasets: { name: string }[];
    };
    assert.deepEqual(strangerList.datasets, []);
    const readerList = (await expectJson(await reader('GET', '/datasets'), 200)) as {
      datasets: { name: string }[];
    };
    assert.deepEqual(
      readerList.datasets.map((d) => d.name),
      ['secret'],
    );
    // Creating a new dataset is open to writers; adding to someone else's is not.
    const entry = await upload(stranger, 'mine', 'train.csv', TRAIN_CSV);
    await expectError(
      await stranger('POST', '/datasets/secret/versions', {
        json: { content: { kind: 'file', entry } },
      }),
      403,
      'access.permission_denied',
    );
    await expectError(
      await stranger('PUT', `/datasets/secret/objects/${entry.digest}`, {
        body: TRAIN_CSV,
        headers: octets,
      }),
      403,
      'access.permission_denied',
    );
  });

  it('refuses read-only tokens every write, even to a new name, and anonymous callers everything', async () => {
    await expectJson(await readToken('GET', '/datasets/secret'), 200);
    await expectError(
      await readToken('POST', '/datasets/brand-new/objects/missing', { json: { digests: [] } }),
      403,
      'access.permission_denied',
    );
    await expectError(
      await readToken('POST', '/datasets/secret/versions', { json: {} }),
      403,
      'access.permission_denied',
    );
    for (const [method, path] of [
      ['GET', '/datasets'],
      ['GET', '/datasets/secret'],
      ['POST', '/datasets/brand-new/objects/missing'],
    ] as const) {
      const response = await anonymous(
        method,
        path,
        method === 'POST' ? { json: { digests: [] } } : {},
      );
      assert.equal(response.status, 401, `${method} ${path}`);
      await response.body?.cancel();
    }
  });
});
