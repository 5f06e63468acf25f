import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError } from '../kernel/index.ts';
import type { ManifestEntry } from './entities.ts';
import {
  canonicalManifestJson,
  diffManifests,
  manifestDigest,
  parseCanonicalManifest,
  tableFormatFromPath,
  validateManifestEntries,
} from './manifest.ts';

// Digests of the bytes `hello\n` and `a,b\n1,2\n`, from `printf … | sha256sum`.
const HELLO = '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03';
const CSV = '492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470';

// The expected text and its digest were written by hand and hashed with
// `printf '%s' '<text>' | sha256sum`, independently of the code under test.
const CANONICAL =
  `{"files":[{"path":"data/train.csv","digest":"${CSV}","size":8},` +
  `{"path":"run.sh","digest":"${HELLO}","size":6,"executable":true}]}`;
const CANONICAL_DIGEST = '83c804c0509d08b3b5548c8b2a5618a91d78125f750bdf37702fe5aa9057df81';

const entry = (path: string, digest = HELLO, size = 6): ManifestEntry => ({ path, digest, size });

const rejectsWith = (code: string, pattern?: RegExp) => (error: unknown) =>
  isCairnError(error) &&
  error.category === 'INVALID_ARGUMENT' &&
  error.code === code &&
  (pattern === undefined || pattern.test(error.message));

describe('canonical manifest', () => {
  const unsorted: ManifestEntry[] = [
    { path: 'run.sh', digest: HELLO, size: 6, executable: true },
    { path: 'data/train.csv', digest: CSV, size: 8, executable: false },
  ];

  it('serializes sorted, with fixed key order, executable only when true', () => {
    assert.equal(canonicalManifestJson(unsorted), CANONICAL);
  });

  it('digests the UTF-8 bytes of the canonical text', () => {
    assert.equal(manifestDigest(unsorted), CANONICAL_DIGEST);
  });

  it('sorts by UTF-16 code units, not by locale', () => {
    const text = canonicalManifestJson([entry('b'), entry('a/z'), entry('B'), entry('a-b')]);
    const paths = (JSON.parse(text) as { files: ManifestEntry[] }).files.map((e) => e.path);
    assert.deepEqual(paths, ['B', 'a-b', 'a/z', 'b']);
  });

  it('parses its own output back to the normalized entries', () => {
    assert.deepEqual(parseCanonicalManifest(CANONICAL), [
      { path: 'data/train.csv', digest: CSV, size: 8 },
      { path: 'run.sh', digest: HELLO, size: 6, executable: true },
    ]);
  });

  it('refuses unsorted, whitespace, extra keys and executable:false', () => {
    const swapped = `{"files":[{"path":"run.sh","digest":"${HELLO}","size":6},{"path":"data/train.csv","digest":"${CSV}","size":8}]}`;
    assert.throws(
      () => parseCanonicalManifest(swapped),
      rejectsWith('data.invalid_manifest', /out of path order/),
    );
    assert.throws(
      () => parseCanonicalManifest(CANONICAL.replace('{"files":', '{"files": ')),
      rejectsWith('data.invalid_manifest', /canonical/),
    );
    assert.throws(
      () => parseCanonicalManifest(`{"files":[],"more":1}`),
      rejectsWith('data.invalid_manifest'),
    );
    assert.throws(
      () => parseCanonicalManifest(CANONICAL.replace(',"executable":true', ',"executable":false')),
      rejectsWith('data.invalid_manifest'),
    );
    assert.throws(() => parseCanonicalManifest('not json'), rejectsWith('data.invalid_manifest'));
    assert.deepEqual(parseCanonicalManifest('{"files":[]}'), []);
  });
});

describe('validateManifestEntries', () => {
  it('refuses traversal and other unsafe paths with data.invalid_path', () => {
    for (const path of [
      '../etc/passwd',
      'a/../../b',
      '/abs',
      'a//b',
      './a',
      'a/.',
      'a\\b',
      'nul\0byte',
      '',
      'x'.repeat(4097),
    ]) {
      assert.throws(
        () => validateManifestEntries([entry('ok'), entry(path)]),
        (error: unknown) =>
          rejectsWith('data.invalid_path')(error) &&
          (error as { details?: { index?: number } }).details?.index === 1,
        path.slice(0, 20),
      );
    }
    assert.equal(validateManifestEntries([entry('x'.repeat(4096))]).length, 1);
  });

  it('refuses duplicates and a file that is also a directory', () => {
    assert.throws(
      () => validateManifestEntries([entry('a'), entry('b'), entry('a')]),
      rejectsWith('data.invalid_manifest', /entry 2 repeats/),
    );
    assert.throws(
      () => validateManifestEntries([entry('a'), entry('a-x'), entry('a/b')]),
      rejectsWith('data.invalid_manifest', /entry 2 .*which is a file/),
    );
  });

  it('refuses bad digests and sizes, naming the entry', () => {
    assert.throws(
      () => validateManifestEntries([entry('a', HELLO.toUpperCase())]),
      rejectsWith('data.invalid_manifest', /entry 0/),
    );
    assert.throws(
      () => validateManifestEntries([entry('a'), entry('b', HELLO.slice(1))]),
      rejectsWith('data.invalid_manifest', /entry 1/),
    );
    for (const size of [-1, 1.5, Number.NaN]) {
      assert.throws(
        () => validateManifestEntries([entry('a', HELLO, size)]),
        rejectsWith('data.invalid_manifest'),
      );
    }
    assert.throws(
      () => validateManifestEntries([{ ...entry('a'), mode: 420 }]),
      rejectsWith('data.invalid_manifest', /unknown field 'mode'/),
    );
  });
});

describe('diffManifests', () => {
  it('finds added, removed, changed and unchanged files in one walk', () => {
    const from = [entry('a'), entry('b'), entry('c', CSV, 8), entry('e')];
    const to = [
      entry('b'),
      entry('c', HELLO, 6),
      entry('d'),
      { ...entry('e'), executable: true },
      entry('f'),
    ];
    const diff = diffManifests(from, to);
    assert.deepEqual(diff.removed, [entry('a')]);
    assert.deepEqual(
      diff.added.map((e) => e.path),
      ['d', 'f'],
    );
    assert.deepEqual(diff.changed, [
      { path: 'c', fromDigest: CSV, toDigest: HELLO, fromSize: 8, toSize: 6 },
      { path: 'e', fromDigest: HELLO, toDigest: HELLO, fromSize: 6, toSize: 6 },
    ]);
    assert.equal(diff.unchangedCount, 1);
  });

  it('sorts unsorted input first', () => {
    const diff = diffManifests([entry('b'), entry('a')], [entry('a')]);
    assert.deepEqual(diff.removed, [entry('b')]);
    assert.equal(diff.unchangedCount, 1);
  });
});

describe('tableFormatFromPath', () => {
  it('maps table extensions case-insensitively', () => {
    assert.equal(tableFormatFromPath('data/train.CSV'), 'csv');
    assert.equal(tableFormatFromPath('x.tsv'), 'csv');
    assert.equal(tableFormatFromPath('x.parquet'), 'parquet');
    assert.equal(tableFormatFromPath('x.feather'), 'arrow');
    assert.equal(tableFormatFromPath('x.ipc'), 'arrow');
    assert.equal(tableFormatFromPath('x.arrow'), 'arrow');
    assert.equal(tableFormatFromPath('x.ndjson'), 'jsonl');
    assert.equal(tableFormatFromPath('x.jsonl'), 'jsonl');
    assert.equal(tableFormatFromPath('x.json'), undefined);
    assert.equal(tableFormatFromPath('csv'), undefined);
    assert.equal(tableFormatFromPath('dir.csv/readme'), undefined);
  });
});
