/**
 * Crash safety of `cairn data add`: a real CLI process adding a large tree is SIGKILLed
 * while it copies objects. No version may appear (the version row is written last, in one
 * transaction), and running the same add again completes with the digest of the tree's
 * canonical manifest, computed here independently.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { runCliInProcess as cairn } from '../../packages/cli/src/testing/run-cli-in-process.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const cliMain = path.join(repoRoot, 'packages', 'cli', 'src', 'main.ts');
const FILES = 1500;
const FILE_BYTES = 64 * 1024;
/** Kill once this many objects were published (well short of FILES). */
const KILL_AFTER_OBJECTS = 150;
const KILL_DEADLINE_MS = 30_000;

const sha256 = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

async function countObjects(dir: string): Promise<number> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    // Objects are named by their SHA-256; the store's layout marker is not one.
    return entries.filter((entry) => entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name)).length;
  } catch {
    return 0;
  }
}

test('a SIGKILLed `cairn data add` leaves no version, and re-running it completes', async () => {
  const work = await mkdtemp(path.join(tmpdir(), 'cairn-data-crash-'));
  const originalCwd = process.cwd();
  try {
    const expected: { path: string; digest: string; size: number }[] = [];
    for (let i = 0; i < FILES; i++) {
      const dir = `d${i % 30}`;
      const name = `${dir}/f${i}.bin`;
      const bytes = randomBytes(FILE_BYTES);
      await mkdir(path.join(work, 'tree', dir), { recursive: true });
      await writeFile(path.join(work, 'tree', name), bytes);
      expected.push({ path: name, digest: sha256(bytes), size: bytes.length });
    }
    expected.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const expectedDigest = sha256(JSON.stringify({ files: expected }));

    const child = spawn(
      process.execPath,
      [cliMain, 'data', 'add', 'tree', '--name', 'big', '--store', 'store'],
      { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const objectsDir = path.join(work, 'store', 'blobs', 'objects');
    const deadline = Date.now() + KILL_DEADLINE_MS;
    let seen = 0;
    while (child.exitCode === null && Date.now() < deadline) {
      seen = await countObjects(objectsDir);
      if (seen >= KILL_AFTER_OBJECTS) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(child.exitCode, null, `the add finished before the kill: ${output}`);
    child.kill('SIGKILL');
    await exited;
    assert.ok(seen >= KILL_AFTER_OBJECTS, `killed after ${seen} objects`);
    assert.ok(seen < FILES, 'the kill landed mid-way');

    process.chdir(work);
    const listed = await cairn(['data', 'ls', '--store', 'store', '--json']);
    assert.equal(listed.code, 0, listed.err);
    assert.deepEqual((JSON.parse(listed.out) as { items: unknown[] }).items, []);

    const rerun = await cairn([
      'data',
      'add',
      'tree',
      '--name',
      'big',
      '--store',
      'store',
      '--json',
    ]);
    assert.equal(rerun.code, 0, rerun.err);
    const added = JSON.parse(rerun.out) as {
      created: boolean;
      version: { version: number; digest: string; fileCount: number };
    };
    assert.equal(added.created, true);
    assert.equal(added.version.version, 1);
    assert.equal(added.version.fileCount, FILES);
    assert.equal(added.version.digest, expectedDigest);
    assert.equal(await countObjects(objectsDir), FILES + 1, 'every file and the manifest, once');
  } finally {
    process.chdir(originalCwd);
    await rm(work, { recursive: true, force: true });
  }
});
