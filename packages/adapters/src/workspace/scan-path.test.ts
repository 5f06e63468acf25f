import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanPath } from './scan-path.ts';
import type { StatCache } from './stat-cache.ts';
import { createScratchDir, rejectsWithCode } from './test-fixtures.ts';

/** The conventional uid and gid of `nobody`. */
const NOBODY = 65534;
const scratch = createScratchDir('cairn-scan-');
const { base, tree } = scratch;

test('lists regular files sorted by code-unit path order, with sizes and the executable bit', async () => {
  const root = tree({
    'b.txt': 'bb',
    'a/z.txt': 'z',
    'a/b/c.txt': 'ccc',
    'A.txt': '',
    'a-b.txt': 'x',
  });
  chmodSync(join(root, 'a/z.txt'), 0o755);
  const scan = await scanPath(root);
  assert.equal(scan.kind, 'directory');
  assert.equal(scan.root, root);
  assert.deepEqual(
    scan.files.map((f) => [f.path, f.size, f.executable]),
    [
      ['A.txt', 0, false],
      ['a-b.txt', 1, false],
      ['a/b/c.txt', 3, false],
      ['a/z.txt', 1, true],
      ['b.txt', 2, false],
    ],
  );
  const first = scan.files[2];
  assert.equal(first?.absolutePath, join(root, 'a/b/c.txt'));
  assert.equal(typeof first?.mtimeNs, 'bigint');
  assert.ok((first?.ino ?? 0n) > 0n);
});

test('a single file scans as kind file named by its base name', async () => {
  const root = tree({ 'data.csv': 'a,b\n1,2\n' });
  const scan = await scanPath(join(root, 'data.csv'));
  assert.equal(scan.kind, 'file');
  assert.deepEqual(
    scan.files.map((f) => [f.path, f.size]),
    [['data.csv', 8]],
  );
});

test('an empty directory has no files', async () => {
  assert.deepEqual((await scanPath(tree({}))).files, []);
});

test('symlinks inside the root are followed: a file link as the file, a dir link as its files', async () => {
  const root = tree({ 'real/one.txt': '1', 'target.txt': 'hello' });
  symlinkSync('target.txt', join(root, 'link.txt'));
  symlinkSync('real', join(root, 'alias'));
  const scan = await scanPath(root);
  assert.deepEqual(
    scan.files.map((f) => [f.path, f.size]),
    [
      ['alias/one.txt', 1],
      ['link.txt', 5],
      ['real/one.txt', 1],
      ['target.txt', 5],
    ],
  );
});

test('a symlinked root is followed', async () => {
  const root = tree({ 'x.txt': 'x' });
  const link = scratch.fresh('link-root-');
  symlinkSync(root, link);
  assert.deepEqual(
    (await scanPath(link)).files.map((f) => f.path),
    ['x.txt'],
  );
});

test('a symlink pointing outside the root is refused', async () => {
  const outside = tree({ 'secret.txt': 's' });
  const root = tree({ 'a.txt': 'a' });
  symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
  await rejectsWithCode(scanPath(root), 'data.symlink_outside');
  const dirRoot = tree({ 'a.txt': 'a' });
  symlinkSync('..', join(dirRoot, 'up'));
  await rejectsWithCode(scanPath(dirRoot), 'data.symlink_outside');
});

test('symlink loops are refused: links to each other, and a dir link to its ancestor', async () => {
  const root = tree({ 'a.txt': 'a' });
  symlinkSync('l2', join(root, 'l1'));
  symlinkSync('l1', join(root, 'l2'));
  await rejectsWithCode(scanPath(root), 'data.symlink_loop');
  const cyclic = tree({ 'sub/a.txt': 'a' });
  symlinkSync('..', join(cyclic, 'sub', 'again'));
  await rejectsWithCode(scanPath(cyclic), 'data.symlink_loop');
});

test('a missing path is data.path_not_found', async () => {
  await rejectsWithCode(scanPath(join(base, 'nope')), 'data.path_not_found');
});

test('a dangling symlink inside the tree is data.unreadable_file naming it', async () => {
  const root = tree({ 'a.txt': 'a' });
  symlinkSync('gone.txt', join(root, 'dangling.txt'));
  await assert.rejects(scanPath(root), (error: unknown) => {
    const e = error as { code: string; message: string; details: { path: string } };
    assert.equal(e.code, 'data.unreadable_file');
    assert.equal(e.details.path, join(root, 'dangling.txt'));
    assert.match(e.message, /dangling\.txt/);
    return true;
  });
});

test('an unreadable file is data.unreadable_file (permission bits)', async () => {
  const root = tree({ 'a.txt': 'a', 'locked.txt': 'l' });
  chmodSync(join(root, 'locked.txt'), 0o000);
  if (process.getuid?.() !== 0) {
    await rejectsWithCode(scanPath(root), 'data.unreadable_file');
    return;
  }
  // Root reads anything, so a child process loads the scanner as root (the checkout may sit in
  // a directory only root can enter), then becomes `nobody` before scanning.
  chmodSync(base, 0o755);
  chmodSync(root, 0o755);
  const script = [
    `const { scanPath } = await import(${JSON.stringify(new URL('./scan-path.ts', import.meta.url).href)});`,
    `process.setgid(${NOBODY});`,
    `process.setuid(${NOBODY});`,
    `await scanPath(${JSON.stringify(root)}).then(() => console.log('no error'), (e) => console.log(e.code));`,
  ].join('\n');
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(output.trim(), 'data.unreadable_file');
});

test('a fifo is refused as data.invalid_path', async () => {
  const root = tree({ 'a.txt': 'a' });
  execFileSync('mkfifo', [join(root, 'pipe')]);
  await rejectsWithCode(scanPath(root), 'data.invalid_path');
});

test('a name with a backslash cannot be versioned', async () => {
  const root = tree({ 'a\\b.txt': 'a' });
  await rejectsWithCode(scanPath(root), 'data.invalid_path');
});

test('an aborted signal stops the scan', async () => {
  const root = tree({ 'a.txt': 'a' });
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await assert.rejects(scanPath(root, { signal: controller.signal }), /stop/);
});

test('a stat cache passed to the scan has its entries for the root read during the scan', async () => {
  const root = tree({ 'a.txt': 'a' });
  const preloaded: string[] = [];
  const statCache: StatCache = {
    lookup: () => undefined,
    record: () => undefined,
    flush: () => undefined,
    close: () => undefined,
    preload: (path) => preloaded.push(path),
  };
  await scanPath(root, { statCache });
  assert.deepEqual(preloaded, [root]);
});
