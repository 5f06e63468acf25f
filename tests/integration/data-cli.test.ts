/**
 * `cairn data …` end to end on real files and a real local store (SQLite + blobs + DuckDB),
 * run in-process through the same runner as `main.ts`, from a temporary working directory.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { runCliInProcess as cairn } from '../../packages/cli/src/testing/run-cli-in-process.ts';

async function ok(argv: string[]): Promise<string> {
  const result = await cairn(argv);
  assert.equal(result.code, 0, `cairn ${argv.join(' ')} → ${result.code}: ${result.err}`);
  return result.out;
}

async function json<T>(argv: string[]): Promise<T> {
  return JSON.parse(await ok([...argv, '--json'])) as T;
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir` → its bytes' digest, by relative path. */
async function treeDigests(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    result[full.slice(dir.length + 1)] = sha256(await readFile(full));
  }
  return result;
}

describe('cairn data on a local store', () => {
  const originalCwd = process.cwd();
  let work: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'cairn-data-cli-'));
    process.chdir(work);
    await mkdir('images/sub', { recursive: true });
    await writeFile('images/a.bin', Buffer.alloc(5000, 1));
    await writeFile('images/sub/b.bin', 'bee');
    await writeFile('images/same.bin', 'bee');
    await writeFile('images/run.sh', '#!/bin/sh\necho hi\n');
    await chmod('images/run.sh', 0o755);
    await writeFile('train.csv', 'id,age,city\n1,30,Oslo\n2,41,Rome\n3,25,Oslo\n');
  });
  after(async () => {
    process.chdir(originalCwd);
    await rm(work, { recursive: true, force: true });
  });

  it('adds a directory and gets it back byte-identical, executable bit included', async () => {
    const added = await cairn(['data', 'add', 'images', '--name', 'images', '--tag', 'raw']);
    assert.equal(added.code, 0, added.err);
    assert.match(
      added.out,
      /^Added images@1: 4 files, 5\.0 KB \(3 new objects\) sha256:[0-9a-f]{12}…\n$/,
    );
    await ok(['data', 'get', 'images@raw', 'out/images']);
    assert.deepEqual(
      await treeDigests(join(work, 'out/images')),
      await treeDigests(join(work, 'images')),
    );
    assert.ok(((await stat('out/images/run.sh')).mode & 0o100) !== 0);
    const again = await ok(['data', 'add', 'images', '--name', 'images']);
    assert.equal(again, 'images@1 is unchanged\n');
  });

  it('re-copies an object removed from the store by hand although the file is cached', async () => {
    const STORE = '.cairn-cached';
    await mkdir('cached', { recursive: true });
    await writeFile('cached/kept.txt', 'kept bytes');
    await writeFile('cached/other.txt', 'other bytes');
    // Files changed within the last second are not cached (their mtime could still move).
    await new Promise((done) => setTimeout(done, 1100));
    await ok(['data', 'add', 'cached', '--name', 'cached', '--store', STORE]);
    const digest = sha256('kept bytes');
    await unlink(join(STORE, 'blobs', 'objects', digest.slice(0, 2), digest));
    await writeFile('cached/other.txt', 'changed bytes');
    const added = await json<{ created: boolean; newObjects: number }>([
      'data',
      'add',
      'cached',
      '--name',
      'cached',
      '--store',
      STORE,
    ]);
    // The first pass stored the changed file and was refused for the missing object; the
    // second pass (not trusting the cache) is the one reported, and it stored that object.
    assert.equal(added.created, true);
    assert.equal(added.newObjects, 1);
    assert.equal(
      sha256(await readFile(join(STORE, 'blobs', 'objects', digest.slice(0, 2), digest))),
      digest,
    );
    await ok(['data', 'get', 'cached@2', 'out/cached', '--store', STORE]);
    assert.equal(await readFile('out/cached/kept.txt', 'utf8'), 'kept bytes');
  });

  it('adds a single file and gets it back with hardlink and copy modes', async () => {
    const added = await json<{
      version: { version: number; kind: string; digest: string };
      created: boolean;
    }>(['data', 'add', 'train.csv', '--name', 'train']);
    assert.equal(added.created, true);
    assert.equal(added.version.kind, 'file');
    assert.equal(added.version.digest, sha256(await readFile('train.csv')));
    await ok(['data', 'get', 'train', 'hard.csv', '--link', 'hardlink']);
    await ok(['data', 'get', 'train', 'copy.csv', '--link', 'copy']);
    assert.equal(await readFile('hard.csv', 'utf8'), await readFile('train.csv', 'utf8'));
    assert.equal(await readFile('copy.csv', 'utf8'), await readFile('train.csv', 'utf8'));
    assert.ok((await stat('hard.csv')).nlink >= 2, 'a hard link shares the stored object');
    assert.equal((await stat('copy.csv')).nlink, 1);
    const refused = await cairn(['data', 'get', 'train', 'copy.csv']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /data\.target_not_empty/);
    await ok(['data', 'get', 'train', 'copy.csv', '--force', '--link', 'copy']);
  });

  it('reports status after files are modified, added and deleted', async () => {
    assert.equal(await ok(['data', 'status', 'images']), 'images@1 (images): up to date\n');
    await writeFile('images/a.bin', Buffer.alloc(5000, 2));
    await writeFile('images/new.txt', 'new');
    await unlink('images/sub/b.bin');
    const status = await ok(['data', 'status']);
    assert.match(
      status,
      /^images@1 \(images\):\n  modified: a\.bin\n  added:    new\.txt\n  deleted:  sub\/b\.bin\n/m,
    );
    assert.match(status, /^train@1 \(train\.csv\): up to date$/m);
    const parsed = await json<{
      items: { dataset: string; diff: { added: { path: string }[]; unchangedCount: number } }[];
    }>(['data', 'status', 'images']);
    assert.deepEqual(
      parsed.items.map((item) => item.dataset),
      ['images'],
    );
    assert.deepEqual(
      parsed.items[0]?.diff.added.map((entry) => entry.path),
      ['new.txt'],
    );
    assert.equal(parsed.items[0]?.diff.unchangedCount, 2);
  });

  it('lists datasets and versions, shows a version and moves tags', async () => {
    await ok(['data', 'add', 'images', '--name', 'images']);
    const datasets = await json<{ items: { name: string; latestVersion: number }[] }>([
      'data',
      'ls',
    ]);
    assert.deepEqual(
      datasets.items.map((d) => [d.name, d.latestVersion]),
      [
        ['images', 2],
        ['train', 1],
      ],
    );
    const versions = await ok(['data', 'ls', 'images']);
    assert.match(versions, /^VERSION\s+KIND\s+FILES/);
    assert.match(versions, /\n2\s+directory\s+4\s+/);
    await ok(['data', 'tag', 'images@2', 'raw']);
    const shown = await json<{ version: { version: number; tags: string[] } }>([
      'data',
      'show',
      'images@raw',
    ]);
    assert.equal(shown.version.version, 2);
    assert.deepEqual(shown.version.tags, ['raw']);
    await ok(['data', 'tag', 'images', 'raw', '--delete']);
    const gone = await cairn(['data', 'show', 'images@raw']);
    assert.equal(gone.code, 3, gone.err);
  });

  it('diffs two CSV versions: rows added, statistics moved', async () => {
    await writeFile(
      'train.csv',
      'id,age,city\n1,30,Oslo\n2,41,Rome\n3,25,Oslo\n4,52,Rome\n5,38,Paris\n',
    );
    await ok(['data', 'add', 'train.csv', '--name', 'train']);
    const diff = await json<{
      files: { changed: { path: string }[] };
      tables: { rows: { from: number; to: number; added: number; removed: number } }[];
    }>(['data', 'diff', 'train@1', 'train@2']);
    assert.deepEqual(
      diff.files.changed.map((change) => change.path),
      ['train.csv'],
    );
    assert.deepEqual(diff.tables[0]?.rows, { from: 3, to: 5, added: 2, removed: 0 });
    const text = await ok(['data', 'diff', 'train@1', 'train@2']);
    assert.match(text, /^table train\.csv: rows 3 → 5 \(\+2 added, -0 removed\)$/m);
    const profile = await ok(['data', 'profile', 'train']);
    assert.match(profile, /^train\.csv \(csv\): 5 rows, 3 columns$/m);
  });

  it('validates: exit 0 when clean, exit 1 on an ERROR anomaly', async () => {
    const inferred = await ok(['data', 'schema', 'infer', 'train@2', '--save']);
    assert.ok(Array.isArray((JSON.parse(inferred) as { columns: unknown[] }).columns));
    const clean = await cairn(['data', 'validate', 'train@2']);
    assert.equal(clean.code, 0, clean.err);
    assert.match(clean.out, /^Passed \(schema revision 1\): 0 errors/m);
    await writeFile('train.csv', 'id,age,city\n1,30,Oslo\n2,old,Rome\n');
    await ok(['data', 'add', 'train.csv', '--name', 'train']);
    const failed = await cairn(['data', 'validate', 'train', '--json']);
    assert.equal(failed.code, 1);
    const report = JSON.parse(failed.out) as {
      passed: boolean;
      anomalies: { code: string; severity: string; column: string }[];
    };
    assert.equal(report.passed, false);
    assert.ok(
      report.anomalies.some(
        (a) => a.code === 'TYPE_MISMATCH' && a.column === 'age' && a.severity === 'ERROR',
      ),
    );
    const shown = await json<{ revision: number; schema: { columns: { name: string }[] } }>([
      'data',
      'schema',
      'show',
      'train',
    ]);
    assert.equal(shown.revision, 1);
    assert.deepEqual(
      shown.schema.columns.map((c) => c.name),
      ['id', 'age', 'city'],
    );
    // A hand-edited schema: age may be text now, so the failing version passes.
    const loosened = {
      ...shown.schema,
      columns: shown.schema.columns.map((c) => (c.name === 'age' ? { ...c, type: 'string' } : c)),
    };
    await writeFile('loose.json', JSON.stringify(loosened));
    assert.equal(
      await ok(['data', 'schema', 'set', 'train', 'loose.json']),
      "Saved revision 2 of train's schema.\n",
    );
    const passes = await cairn(['data', 'validate', 'train']);
    assert.equal(passes.code, 0, passes.out);
    await writeFile(
      'bad-schema.json',
      JSON.stringify({ columns: [{ name: 'x', type: 'decimal' }] }),
    );
    const refused = await cairn(['data', 'schema', 'set', 'train', 'bad-schema.json']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /data\.invalid_schema/);
  });

  it('refuses bad inputs with the right codes', async () => {
    const outside = await cairn(['data', 'add', '..', '--name', 'up']);
    assert.equal(outside.code, 2);
    assert.match(outside.err, /data\.path_outside_workdir/);
    const badName = await cairn(['data', 'add', 'images', '--name', '../evil']);
    assert.equal(badName.code, 2);
    assert.match(badName.err, /data\.invalid_name/);
    const elsewhere = await mkdtemp(join(tmpdir(), 'cairn-data-outside-'));
    await writeFile(join(elsewhere, 'secret.txt'), 'secret');
    await mkdir('linked');
    await symlink(join(elsewhere, 'secret.txt'), 'linked/secret.txt');
    const escaped = await cairn(['data', 'add', 'linked', '--name', 'linked']);
    assert.notEqual(escaped.code, 0);
    assert.match(escaped.err, /data\.symlink_outside/);
    await rm(elsewhere, { recursive: true, force: true });
    const noStore = await cairn(['data', 'add', '.', '--name', 'everything']);
    assert.equal(noStore.code, 2, 'the store lies inside the path');
  });

  it('adds a malformed CSV with a warning, and validating it fails with TABLE_UNREADABLE', async () => {
    await mkdir('broken');
    await writeFile('broken/bad.csv', 'a,b\n1,2\n3,4,5,6\n"unterminated\n');
    const added = await cairn(['data', 'add', 'broken', '--name', 'broken']);
    assert.equal(added.code, 0, added.err);
    assert.match(added.err, /^warning: bad\.csv was not profiled: .*\[data\.table_unreadable\]$/m);
    await writeFile(
      'schema.json',
      JSON.stringify({
        columns: [{ name: 'a', type: 'integer', required: true, maxNullFraction: 0 }],
      }),
    );
    const checked = await cairn([
      'data',
      'validate',
      '--file',
      'broken/bad.csv',
      '--schema',
      'schema.json',
      '--json',
    ]);
    assert.equal(checked.code, 1);
    const report = JSON.parse(checked.out) as { anomalies: { code: string }[] };
    assert.deepEqual(
      report.anomalies.map((a) => a.code),
      ['TABLE_UNREADABLE'],
    );
    await writeFile('good.csv', 'a\n1\n2\n');
    const good = await cairn(['data', 'validate', '--file', 'good.csv', '--schema', 'schema.json']);
    assert.equal(good.code, 0, good.err);
  });
});
