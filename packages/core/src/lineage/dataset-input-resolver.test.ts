import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetReader, DatasetVersion, ManagedDataset } from '../data/index.ts';
import {
  normalizeInputDigest,
  resolveDatasetInput,
  sourcePathForms,
  versionNamedBySource,
} from './dataset-input-resolver.ts';

const D1 = 'a'.repeat(64);
const D2 = 'b'.repeat(64);
const D3 = 'c'.repeat(64);
/** A digest whose prefixes are unlike any other's. */
const HEX = '3f9c1e7a5b2d8046e1f3a9c7b5d20486f1e3c5a7b9d02468ace13579bdf02468';

function version(
  datasetName: string,
  n: number,
  digest: string,
  createdAt: number,
  sourceUri: string | null = null,
): DatasetVersion {
  return {
    datasetId: `ds-${datasetName}`,
    datasetName,
    version: n,
    kind: 'file',
    digest,
    fileCount: 1,
    totalBytes: 10,
    description: '',
    sourceUri,
    producedByRunId: null,
    createdAt,
    createdBy: 'local',
    tags: [],
  };
}

/** A DatasetReader over a fixed list of versions, answering only what the resolver asks. */
function fakeReader(versions: DatasetVersion[]): DatasetReader & { calls: string[] } {
  const calls: string[] = [];
  const dataset = (name: string): ManagedDataset | undefined =>
    versions.some((v) => v.datasetName === name)
      ? {
          id: `ds-${name}`,
          name,
          description: '',
          createdAt: 0,
          updatedAt: 0,
          createdBy: 'local',
          latestVersion: Math.max(
            ...versions.filter((v) => v.datasetName === name).map((v) => v.version),
          ),
          tags: {},
        }
      : undefined;
  const unused = () => Promise.reject(new Error('not used by the resolver'));
  return {
    calls,
    getDatasetByName: (name) => {
      calls.push(`byName:${name}`);
      return Promise.resolve(dataset(name));
    },
    getDatasetById: unused,
    listDatasets: unused,
    getVersion: (id, n) => {
      calls.push(`version:${id}@${n}`);
      return Promise.resolve(versions.find((v) => v.datasetId === id && v.version === n));
    },
    listVersions: unused,
    findVersionByDigest: unused,
    findVersionsByDigestAnywhere: (digest, limit) => {
      calls.push(`digest:${digest}`);
      return Promise.resolve(
        versions
          .filter((v) => v.digest === digest)
          .sort((a, b) => a.createdAt - b.createdAt)
          .slice(0, limit),
      );
    },
    findVersionsByDigestPrefix: (prefix, limit) => {
      calls.push(`prefix:${prefix}`);
      return Promise.resolve(
        versions
          .filter((v) => v.digest.startsWith(prefix))
          .sort((a, b) => a.createdAt - b.createdAt)
          .slice(0, limit),
      );
    },
    findVersionsBySource: (uri, limit) => {
      calls.push(`source:${uri}`);
      return Promise.resolve(
        versions
          .filter((v) => v.sourceUri === uri)
          .sort((a, b) => b.createdAt - a.createdAt)
          .slice(0, limit),
      );
    },
    listVersionsProducedByRun: unused,
    getProfile: unused,
    getFileEntry: unused,
    getSchemaRevision: unused,
    listSchemaRevisions: unused,
  };
}

const key = (v: DatasetVersion | undefined) =>
  v === undefined ? 'none' : `${v.datasetName}@${v.version}`;

describe('resolveDatasetInput', () => {
  const versions = [
    version('train', 1, D1, 1000, '/data/train.csv'),
    version('train', 2, D2, 2000, '/data/train.csv'),
    version('copy', 1, D1, 3000),
    version('eval', 1, D3, 1500, 'file:///data/eval dir'),
  ];

  it('rule 1: a digest equal to a version digest (any case, sha256: prefix) → the oldest such version', async () => {
    const reader = fakeReader(versions);
    for (const digest of [D1, D1.toUpperCase(), `sha256:${D1}`, `SHA256:${D1.toUpperCase()}`]) {
      const found = await resolveDatasetInput(reader, { digest, source: '{}' }, 5000);
      assert.equal(key(found), 'train@1', digest);
    }
  });

  it('rule 1: a hex digest of 24 to 63 characters matches as a prefix (MLflow caps digests at 36)', async () => {
    const reader = fakeReader([...versions, version('hex', 1, HEX, 500)]);
    const resolve = async (digest: string) =>
      key(await resolveDatasetInput(reader, { digest, source: '{}' }, 5000));
    assert.equal(await resolve(HEX.slice(0, 24)), 'hex@1');
    assert.equal(await resolve(HEX.slice(0, 32)), 'hex@1');
    assert.equal(await resolve(`SHA256:${HEX.slice(0, 36).toUpperCase()}`), 'hex@1');
    assert.equal(await resolve(HEX.slice(0, 63)), 'hex@1');
    // Oldest first among versions sharing the prefix, as for whole digests.
    assert.equal(await resolve(D1.slice(0, 40)), 'train@1');
    // Too short to name a version: not looked up at all.
    assert.equal(await resolve(HEX.slice(0, 23)), 'none');
    assert.ok(!reader.calls.includes(`prefix:${HEX.slice(0, 23)}`));
    // Not hex, or hex that starts no digest: nothing.
    assert.equal(await resolve(`${HEX.slice(0, 23)}g`), 'none');
    assert.equal(await resolve(`${HEX.slice(0, 30)}-run`), 'none');
    assert.equal(await resolve(`${HEX.slice(0, 29)}0`), 'none');
    // A whole digest is still an exact lookup, never a prefix search.
    assert.equal(await resolve(HEX), 'hex@1');
    assert.ok(reader.calls.includes(`digest:${HEX}`));
    assert.ok(!reader.calls.includes(`prefix:${HEX}`));
  });

  it('rule 2: a source url or uri naming …/api/v1/datasets/<name>/versions/<n> → that version', async () => {
    const reader = fakeReader(versions);
    const cases: [string, string][] = [
      ['{"url": "http://127.0.0.1:7420/api/v1/datasets/train/versions/2"}', 'train@2'],
      ['{"uri": "https://cairn.example.com/base/api/v1/datasets/train/versions/1/"}', 'train@1'],
      ['{"url": "http://h/api/v1/datasets/train/versions/9"}', 'none'],
      ['{"url": "http://h/api/v1/datasets/nope/versions/1"}', 'none'],
      ['{"url": "http://h/api/v1/datasets/train/versions/2/files"}', 'none'],
    ];
    for (const [source, expected] of cases) {
      const found = await resolveDatasetInput(reader, { digest: '1f2e3d4c', source }, 5000);
      assert.equal(key(found), expected, source);
    }
  });

  it('rule 3: the source path equals a version sourceUri → the newest added at or before the run started', async () => {
    const reader = fakeReader(versions);
    const source = '{"uri": "/data/train.csv"}';
    const at = async (start: number | null) =>
      key(await resolveDatasetInput(reader, { digest: '1f2e3d4c', source }, start));
    assert.equal(await at(1500), 'train@1');
    assert.equal(await at(2000), 'train@2');
    assert.equal(await at(9000), 'train@2');
    // Started before any version was added: the newest.
    assert.equal(await at(10), 'train@2');
    assert.equal(await at(null), 'train@2');
    // file:// URLs and `path` fields name the same place.
    const viaFileUrl = await resolveDatasetInput(
      reader,
      { digest: 'x', source: '{"uri": "file:///data/train.csv"}' },
      1500,
    );
    assert.equal(key(viaFileUrl), 'train@1');
    const viaPath = await resolveDatasetInput(
      reader,
      { digest: 'x', source: '{"path": "/data/eval dir/"}' },
      5000,
    );
    assert.equal(key(viaPath), 'eval@1');
  });

  it('rules apply in order: digest, then version URL, then source path', async () => {
    const reader = fakeReader(versions);
    const found = await resolveDatasetInput(
      reader,
      {
        digest: D3,
        source: '{"url": "http://h/api/v1/datasets/train/versions/2", "uri": "/data/train.csv"}',
      },
      1500,
    );
    assert.equal(key(found), 'eval@1');
    const byUrl = await resolveDatasetInput(
      reader,
      { digest: 'f'.repeat(64), source: '{"uri": "http://h/api/v1/datasets/train/versions/1"}' },
      5000,
    );
    assert.equal(key(byUrl), 'train@1');
  });

  it('a non-matching digest and source resolve to nothing', async () => {
    const reader = fakeReader(versions);
    const cases = [
      { digest: 'd'.repeat(64), source: '{"uri": "/data/other.csv"}' },
      { digest: `sha256:${'e'.repeat(64)}`, source: 'not json' },
      { digest: D1.slice(1).replace(/^a/, '0'), source: '["/data/train.csv"]' },
      { digest: '', source: '{"uri": 42}' },
    ];
    for (const input of cases) {
      assert.equal(key(await resolveDatasetInput(reader, input, 5000)), 'none');
    }
    // A digest that cannot be a SHA-256 is not even looked up.
    await resolveDatasetInput(reader, { digest: '1f2e3d4c', source: '{}' }, 0);
    assert.ok(!reader.calls.includes('digest:1f2e3d4c'));
  });
});

describe('source parsing', () => {
  it('normalizes digests', () => {
    assert.equal(normalizeInputDigest(`SHA256:${D1.toUpperCase()}`), D1);
    assert.equal(normalizeInputDigest(` ${HEX.slice(0, 24).toUpperCase()} `), HEX.slice(0, 24));
    assert.equal(normalizeInputDigest(HEX.slice(0, 23)), undefined);
    assert.equal(normalizeInputDigest(`${HEX}0`), undefined);
    assert.equal(normalizeInputDigest('abc'), undefined);
  });

  it('names a version only by a whole /api/v1/datasets/<name>/versions/<n> path', () => {
    assert.deepEqual(versionNamedBySource('{"url":"http://h/api/v1/datasets/a.b-c/versions/12"}'), {
      name: 'a.b-c',
      version: 12,
    });
    assert.equal(
      versionNamedBySource('{"url":"http://h/api/v1/datasets/a/versions/0"}'),
      undefined,
    );
    assert.equal(versionNamedBySource('{"path":"/api/v1/datasets/a/versions/1"}'), undefined);
  });

  it('lists the forms a source path may have been recorded under', () => {
    assert.deepEqual(sourcePathForms('{"uri":"file://localhost/a%20b/"}').sort(), [
      '/a b',
      '/a b/',
      '/a%20b',
      '/a%20b/',
      'file:///a b',
      'file:///a b/',
      'file:///a%20b',
      'file:///a%20b/',
      'file://localhost/a%20b',
      'file://localhost/a%20b/',
    ]);
    assert.deepEqual(sourcePathForms('{"uri":"/x/y.csv"}').sort(), ['/x/y.csv', 'file:///x/y.csv']);
  });
});
