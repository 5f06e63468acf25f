/**
 * Crash safety of `data add`'s ingest: a child process ingesting a large tree into a blob
 * store is SIGKILLed mid-way. Afterwards no object under `objects/` may hold partial bytes
 * (every object hashes to its name: objects appear only by rename), and running the ingest
 * again on the same store and stat cache completes with every file stored.
 *
 * The kill moment comes from a seeded PRNG; the seed is printed and can be replayed with
 * CAIRN_CRASH_SEED=<n>.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { ingestFiles, openStatCache, scanPath } from '@cairn/adapters';

const SMALL_FILES = 1000;
const SMALL_SIZE = 64 << 10;
/** Above the ingest's big-file threshold, so the kernel-copy path is also cut mid-way. */
const BIG_SIZE = 80 << 20;
const workspaceModule = pathToFileURL(
  path.resolve(import.meta.dirname, '../../packages/adapters/src/workspace/index.ts'),
).href;

const base = mkdtempSync(path.join(os.tmpdir(), 'cairn-add-crash-'));
after(() => rmSync(base, { recursive: true, force: true }));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The child: ingest with fsync (slow enough to be cut), reporting progress per batch. */
const childSource = `
import { ingestFiles, openStatCache, scanPath } from ${JSON.stringify(workspaceModule)};
const [source, blobRoot, cacheFile] = process.argv.slice(2);
const statCache = openStatCache(cacheFile);
const scan = await scanPath(source);
await ingestFiles(scan, {
  blobRoot, statCache, fsync: true, workers: 2,
  onProgress: (p) => process.stdout.write('progress ' + p.files + '\\n'),
});
statCache.close();
process.stdout.write('done\\n');
`;

test('a SIGKILL during ingest leaves only whole objects, and the ingest then completes', async () => {
  const seed = Number(process.env['CAIRN_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`data-add crash seed: ${seed} (replay with CAIRN_CRASH_SEED=${seed})`);
  // Kill once this many files are done: somewhere in the first 60% (batches are in flight).
  const killAfter = 1 + (seed % Math.floor(SMALL_FILES * 0.6));

  const source = path.join(base, 'source');
  const expected = new Map<string, string>();
  for (let i = 0; i < SMALL_FILES; i += 1) {
    const rel = `part-${i % 8}/file-${String(i).padStart(4, '0')}.bin`;
    const bytes = randomBytes(SMALL_SIZE);
    mkdirSync(path.join(source, rel, '..'), { recursive: true });
    writeFileSync(path.join(source, rel), bytes);
    expected.set(rel, sha256(bytes));
  }
  const big = randomBytes(BIG_SIZE);
  writeFileSync(path.join(source, 'big.bin'), big);
  expected.set('big.bin', sha256(big));
  const blobRoot = path.join(base, 'store', 'blobs');
  const cacheFile = path.join(base, 'store', 'stat-cache.sqlite');

  // A script file, not --eval: worker threads inherit the parent's exec flags.
  const childScript = path.join(base, 'ingest-child.mjs');
  writeFileSync(childScript, childSource);
  const child = spawn(process.execPath, [childScript, source, blobRoot, cacheFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let killedAt: number | undefined;
  let finished = false;
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'done') finished = true;
    const files = Number(line.split(' ')[1]);
    if (killedAt === undefined && line.startsWith('progress') && files >= killAfter) {
      killedAt = files;
      child.kill('SIGKILL');
    }
  }
  assert.equal(await exited, 'SIGKILL');
  assert.equal(finished, false, 'the child was cut before it finished');
  console.log(`killed after ${killedAt} of ${expected.size} files`);

  const objectsDir = path.join(blobRoot, 'objects');
  const stored = listObjects(objectsDir);
  assert.ok(stored.length > 0, 'some objects were written before the kill');
  assert.ok(stored.length < expected.size, 'the kill landed mid-way');
  for (const object of stored) {
    const digest = path.basename(object);
    assert.equal(sha256(readFileSync(object)), digest, `${object} holds partial or wrong bytes`);
    assert.equal(path.relative(objectsDir, object), path.join(digest.slice(0, 2), digest));
  }

  const statCache = openStatCache(cacheFile);
  const result = await ingestFiles(await scanPath(source), { blobRoot, statCache });
  statCache.close();
  assert.equal(result.entries.length, expected.size);
  for (const entry of result.entries)
    assert.equal(entry.digest, expected.get(entry.path), entry.path);
  assert.equal(result.newObjects, expected.size - stored.length);
  const after = listObjects(objectsDir);
  assert.equal(after.length, expected.size);
  for (const object of after) assert.equal(sha256(readFileSync(object)), path.basename(object));
});

function listObjects(objectsDir: string): string[] {
  return readdirSync(objectsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
