import assert from 'node:assert/strict';
import {
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { ManifestEntry } from '@cairn/core';
import { blobObjectPath } from '../blob/blob-layout.ts';
import { ingestFiles } from './ingest-files.ts';
import { materialize } from './materialize.ts';
import { scanPath } from './scan-path.ts';
import { openStatCache } from './stat-cache.ts';
import { createScratchDir, rejectsWithCode, sha256 } from './test-fixtures.ts';

const scratch = createScratchDir('cairn-get-');
const { base } = scratch;
const blobRoot = join(base, 'blobs');
const files: Record<string, string> = {
  'README.md': '# data\n',
  'bin/run.sh': '#!/bin/sh\necho hi\n',
  'train/a.csv': 'x,y\n1,2\n',
  'train/b.csv': 'x,y\n1,2\n',
  'test/deep/c.jsonl': '{"x":1}\n',
};
let entries: ManifestEntry[];
const target = () => scratch.fresh('out/t');

/** Whether this filesystem can reflink (it cannot on ext4; it can on btrfs/xfs). */
function reflinkWorks(): boolean {
  const probe = join(base, 'probe');
  writeFileSync(probe, 'p');
  try {
    copyFileSync(probe, `${probe}.clone`, constants.COPYFILE_FICLONE_FORCE);
    return true;
  } catch {
    return false;
  }
}

before(async () => {
  const source = scratch.tree(files);
  chmodSync(join(source, 'bin/run.sh'), 0o755);
  const statCache = openStatCache(join(base, 'stat-cache.sqlite'));
  entries = (await ingestFiles(await scanPath(source), { blobRoot, statCache })).entries;
  statCache.close();
});

function assertTree(root: string): void {
  for (const [path, content] of Object.entries(files)) {
    assert.equal(readFileSync(join(root, path), 'utf8'), content, path);
  }
  assert.equal(statSync(join(root, 'bin/run.sh')).mode & 0o111, 0o111, 'executable restored');
  assert.equal(statSync(join(root, 'README.md')).mode & 0o111, 0, 'data is not executable');
}

test('copy writes every file with its bytes and modes', async () => {
  const out = target();
  const result = await materialize(entries, {
    kind: 'directory',
    blobRoot,
    target: out,
    link: 'copy',
  });
  assertTree(out);
  assert.deepEqual(result.linkCounts, { reflink: 0, hardlink: 0, copy: 5 });
  assert.equal(result.files, 5);
  assert.equal(
    result.bytes,
    Object.values(files).reduce((sum, c) => sum + c.length, 0),
  );
  assert.equal(statSync(join(out, 'README.md')).mode & 0o777, 0o644);
  assert.notEqual(
    statSync(join(out, 'README.md')).ino,
    statSync(blobObjectPath(blobRoot, sha256(files['README.md'] ?? ''))).ino,
  );
});

test('hardlink shares the read-only object; an executable file is copied instead', async () => {
  const out = target();
  const result = await materialize(entries, {
    kind: 'directory',
    blobRoot,
    target: out,
    link: 'hardlink',
  });
  assertTree(out);
  assert.deepEqual(result.linkCounts, { reflink: 0, hardlink: 4, copy: 1 });
  const linked = statSync(join(out, 'train/a.csv'));
  const object = statSync(blobObjectPath(blobRoot, sha256(files['train/a.csv'] ?? '')));
  assert.equal(linked.ino, object.ino);
  assert.equal(linked.mode & 0o777, 0o444);
  if (process.getuid?.() !== 0) {
    assert.throws(() => writeFileSync(join(out, 'train/a.csv'), 'oops'), { code: 'EACCES' });
  }
});

test('hardlinking an object that is writable makes it read-only first', async () => {
  const object = blobObjectPath(blobRoot, sha256(files['README.md'] ?? ''));
  chmodSync(object, 0o644);
  const out = target();
  await materialize(entries, { kind: 'directory', blobRoot, target: out, link: 'hardlink' });
  assert.equal(statSync(object).mode & 0o777, 0o444);
});

test('reflink works where the filesystem has it and is refused where it does not', async () => {
  const out = target();
  const run = materialize(entries, { kind: 'directory', blobRoot, target: out, link: 'reflink' });
  if (reflinkWorks()) {
    assert.deepEqual((await run).linkCounts, { reflink: 5, hardlink: 0, copy: 0 });
    assertTree(out);
  } else {
    await rejectsWithCode(run, 'data.link_unsupported');
    assert.equal(existsSync(out), false);
  }
});

test('auto picks reflink, else hardlink (copy for executables)', async () => {
  const out = target();
  const result = await materialize(entries, { kind: 'directory', blobRoot, target: out });
  assertTree(out);
  assert.deepEqual(
    result.linkCounts,
    reflinkWorks() ? { reflink: 5, hardlink: 0, copy: 0 } : { reflink: 0, hardlink: 4, copy: 1 },
  );
});

test('a file version is written at the target path', async () => {
  const entry = entries.find((e) => e.path === 'train/a.csv') as ManifestEntry;
  const out = join(target(), 'nested', 'a.csv');
  await materialize([{ ...entry, path: 'a.csv' }], {
    kind: 'file',
    blobRoot,
    target: out,
    link: 'copy',
  });
  assert.equal(readFileSync(out, 'utf8'), files['train/a.csv']);
  await rejectsWithCode(
    materialize([entry], { kind: 'file', blobRoot, target: out }),
    'data.target_not_empty',
  );
});

test('a non-empty target is refused and left alone; an empty directory is fine', async () => {
  const out = target();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'mine.txt'), 'keep me');
  await rejectsWithCode(
    materialize(entries, { kind: 'directory', blobRoot, target: out }),
    'data.target_not_empty',
  );
  assert.deepEqual(readdirSync(out), ['mine.txt']);
  const empty = target();
  mkdirSync(empty, { recursive: true });
  await materialize(entries, { kind: 'directory', blobRoot, target: empty });
  assertTree(empty);
});

test('force replaces the target, and leaves no temp siblings', async () => {
  const out = target();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'stale.txt'), 'old');
  await materialize(entries, { kind: 'directory', blobRoot, target: out, force: true });
  assertTree(out);
  assert.equal(existsSync(join(out, 'stale.txt')), false);
  assert.deepEqual(
    readdirSync(join(out, '..')).filter((name) => name.includes('cairn-')),
    [],
  );
});

test('entries that would escape the target are refused before anything is written', async () => {
  const good = entries[0] as ManifestEntry;
  for (const path of ['../evil.txt', '/etc/evil', 'a/../../evil', 'a//b', './a', 'a\\b', '']) {
    const out = target();
    await rejectsWithCode(
      materialize([{ ...good, path }], { kind: 'directory', blobRoot, target: out }),
      'data.invalid_path',
    );
    assert.equal(existsSync(out), false, path);
  }
  await rejectsWithCode(
    materialize([{ ...good, digest: '../../../../etc/passwd' }], {
      kind: 'directory',
      blobRoot,
      target: target(),
    }),
    'data.invalid_manifest',
  );
  await rejectsWithCode(
    materialize([good, good], { kind: 'directory', blobRoot, target: target() }),
    'data.invalid_manifest',
  );
  await rejectsWithCode(
    materialize(
      [
        { ...good, path: 'a' },
        { ...good, path: 'a/b' },
      ],
      { kind: 'directory', blobRoot, target: target() },
    ),
    'data.invalid_manifest',
  );
});

test('objects missing from the store fail the whole get, leaving nothing behind', async () => {
  const out = target();
  const absent = { path: 'absent.bin', digest: 'f'.repeat(64), size: 3 };
  await assert.rejects(
    materialize([...entries, absent], { kind: 'directory', blobRoot, target: out }),
    (error: unknown) => {
      const e = error as { code: string; details: { missing: string[] } };
      assert.equal(e.code, 'data.objects_missing');
      assert.deepEqual(e.details.missing, ['f'.repeat(64)]);
      return true;
    },
  );
  assert.equal(existsSync(out), false);
  assert.deepEqual(
    readdirSync(join(out, '..')).filter((name) => name.includes('cairn-')),
    [],
  );
});
