import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { before, test } from 'node:test';
import { blobObjectPath } from '../blob/blob-layout.ts';
import { hashFiles, ingestFiles } from './ingest-files.ts';
import type { Progress } from './ingest-files.ts';
import { scanPath } from './scan-path.ts';
import { openStatCache } from './stat-cache.ts';
import { createScratchDir, sha256 } from './test-fixtures.ts';

const scratch = createScratchDir('cairn-ingest-');
const { tree } = scratch;

/** A new store's blob root and stat cache file, in a directory of its own. */
function fresh(name: string) {
  const dir = scratch.fresh(name);
  return { blobRoot: join(dir, 'blobs'), cacheFile: join(dir, 'stat-cache.sqlite') };
}

// Files stamped within the stat cache's racy window are (rightly) not cached: the shared
// fixtures are written first and left to age past it.
const bigContent = randomBytes((64 << 20) + 123);
let aged: string;
let agedBig: string;
before(async () => {
  aged = tree({
    'a.txt': 'alpha',
    'b/same1.txt': 'same',
    'b/same2.txt': 'same',
    'c/d/e.bin': randomBytes(3 << 20),
    'medium.bin': randomBytes(9 << 20),
    'empty.txt': '',
  });
  agedBig = tree({ 'big.bin': bigContent });
  await sleep(1100);
});

test('ingest stores every distinct file once, read-only, and returns path-ordered entries', async () => {
  const { blobRoot, cacheFile } = fresh('store');
  const statCache = openStatCache(cacheFile);
  const scan = await scanPath(aged);
  const progress: Progress[] = [];
  const result = await ingestFiles(scan, {
    blobRoot,
    statCache,
    onProgress: (p) => progress.push(p),
  });
  statCache.close();

  assert.deepEqual(
    result.entries.map((e) => e.path),
    ['a.txt', 'b/same1.txt', 'b/same2.txt', 'c/d/e.bin', 'empty.txt', 'medium.bin'],
  );
  for (const entry of result.entries) {
    const bytes = readFileSync(join(aged, entry.path));
    assert.equal(entry.digest, sha256(bytes), entry.path);
    assert.equal(entry.size, bytes.length);
    const object = blobObjectPath(blobRoot, entry.digest);
    assert.deepEqual(readFileSync(object), bytes);
    assert.equal(statSync(object).mode & 0o777, 0o444);
  }
  assert.equal(result.hashedFiles, 6);
  assert.equal(result.cachedFiles, 0);
  assert.equal(result.newObjects, 5, 'the two identical files are one object');
  assert.equal(result.newBytes, 5 + 4 + (3 << 20) + (9 << 20));
  assert.deepEqual(readdirSync(join(blobRoot, 'tmp')), [], 'no temp files are left behind');
  const last = progress.at(-1);
  assert.equal(last?.files, 6);
  assert.equal(last?.totalFiles, 6);
  assert.equal(last?.bytes, last?.totalBytes);
});

test('a second ingest takes digests from the stat cache (also after reopening it)', async () => {
  const { blobRoot, cacheFile } = fresh('cache');
  const scan = await scanPath(aged);
  let statCache = openStatCache(cacheFile);
  const first = await ingestFiles(scan, { blobRoot, statCache });
  statCache.close();
  statCache = openStatCache(cacheFile);
  const second = await ingestFiles(await scanPath(aged), { blobRoot, statCache });
  assert.equal(second.hashedFiles, 0);
  assert.equal(second.cachedFiles, 6);
  assert.equal(second.newObjects, 0);
  assert.deepEqual(second.entries, first.entries);
  const hashed = await hashFiles(await scanPath(aged), { statCache });
  assert.deepEqual(hashed, first.entries);
  statCache.close();
});

test('a cached digest whose object is missing from this store is read and stored again', async () => {
  const { blobRoot, cacheFile } = fresh('missing');
  const statCache = openStatCache(cacheFile);
  const first = await ingestFiles(await scanPath(aged), { blobRoot, statCache });
  const entry = first.entries.find((e) => e.path === 'a.txt');
  rmSync(blobObjectPath(blobRoot, entry?.digest ?? ''), { force: true });
  const second = await ingestFiles(await scanPath(aged), { blobRoot, statCache });
  statCache.close();
  assert.equal(second.hashedFiles, 1);
  assert.equal(second.newObjects, 1);
  assert.equal(readFileSync(blobObjectPath(blobRoot, entry?.digest ?? ''), 'utf8'), 'alpha');
});

test('same size, mtime put back: the ctime change still forces a re-hash', async () => {
  const root = tree({ 'f.txt': 'one', 'g.txt': 'two' });
  const path = join(root, 'f.txt');
  // A whole-second mtime can be put back exactly (utimes takes no nanoseconds).
  utimesSync(path, 1_600_000_000, 1_600_000_000);
  await sleep(1100);
  const { blobRoot, cacheFile } = fresh('ctime');
  const statCache = openStatCache(cacheFile);
  const firstScan = await scanPath(root);
  const first = await ingestFiles(firstScan, { blobRoot, statCache });
  writeFileSync(path, 'uno');
  utimesSync(path, 1_600_000_000, 1_600_000_000);
  const rescanned = await scanPath(root);
  assert.equal(rescanned.files[0]?.mtimeNs, firstScan.files[0]?.mtimeNs);
  assert.equal(rescanned.files[0]?.size, firstScan.files[0]?.size);
  const second = await ingestFiles(rescanned, { blobRoot, statCache });
  statCache.close();
  assert.equal(second.hashedFiles, 1, 'only the edited file is read again');
  assert.equal(second.cachedFiles, 1);
  assert.equal(second.entries[0]?.digest, sha256('uno'));
  assert.notEqual(second.entries[0]?.digest, first.entries[0]?.digest);
  assert.equal(second.entries[1]?.digest, first.entries[1]?.digest);
});

test('a file written just now is not cached (racily clean), so it is hashed next time too', async () => {
  const root = tree({ 'new.txt': 'fresh' });
  const { blobRoot, cacheFile } = fresh('racy');
  const statCache = openStatCache(cacheFile);
  await ingestFiles(await scanPath(root), { blobRoot, statCache });
  const again = await ingestFiles(await scanPath(root), { blobRoot, statCache });
  statCache.close();
  assert.equal(again.hashedFiles, 1);
  assert.equal(again.newObjects, 0);
});

test('hashFiles writes nothing and agrees with ingest', async () => {
  const { blobRoot, cacheFile } = fresh('hash');
  const statCache = openStatCache(cacheFile);
  const hashed = await hashFiles(await scanPath(aged), { statCache, workers: 1 });
  const ingested = await ingestFiles(await scanPath(aged), {
    blobRoot,
    statCache: openStatCache(`${scratch.fresh('other-')}.sqlite`),
  });
  statCache.close();
  assert.deepEqual(hashed, ingested.entries);
  assert.equal(hashed.find((e) => e.path === 'empty.txt')?.digest, sha256(''));
});

test('a big file is copied by the kernel while hashed, and lands whole', async () => {
  const { blobRoot, cacheFile } = fresh('big');
  const statCache = openStatCache(cacheFile);
  const result = await ingestFiles(await scanPath(join(agedBig, 'big.bin')), {
    blobRoot,
    statCache,
    fsync: true,
  });
  statCache.close();
  const digest = sha256(bigContent);
  assert.deepEqual(result.entries, [{ path: 'big.bin', digest, size: bigContent.length }]);
  assert.equal(result.newObjects, 1);
  assert.equal(sha256(readFileSync(blobObjectPath(blobRoot, digest))), digest);
  assert.equal(statSync(blobObjectPath(blobRoot, digest)).mode & 0o777, 0o444);
  assert.deepEqual(readdirSync(join(blobRoot, 'tmp')), []);
});

test('the executable bit is carried into the entry', async () => {
  const root = tree({ 'run.sh': '#!/bin/sh\n', 'data.txt': 'd' });
  chmodSync(join(root, 'run.sh'), 0o755);
  const { cacheFile } = fresh('exec');
  const statCache = openStatCache(cacheFile);
  const entries = await hashFiles(await scanPath(root), { statCache });
  statCache.close();
  assert.deepEqual(
    entries.map((e) => [e.path, e.executable]),
    [
      ['data.txt', undefined],
      ['run.sh', true],
    ],
  );
});

test('a file that changes during every read is refused after three attempts', async () => {
  // Big enough that each read takes tens of milliseconds, so the writer surely lands in it.
  const root = tree({ 'growing.log': randomBytes(24 << 20) });
  const path = join(root, 'growing.log');
  // Another thread appends without pause, so every read sees the size move.
  const writer = new Worker(
    `const { openSync, writeSync } = require('node:fs');
     const { workerData } = require('node:worker_threads');
     const fd = openSync(workerData, 'a');
     const end = Date.now() + 20000;
     while (Date.now() < end) writeSync(fd, 'x');`,
    { eval: true, workerData: path },
  );
  try {
    while (statSync(path).size === 24 << 20) await sleep(5);
    const { blobRoot, cacheFile } = fresh('changing');
    const statCache = openStatCache(cacheFile);
    await assert.rejects(
      ingestFiles(await scanPath(root), { blobRoot, statCache }),
      (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'data.unreadable_file');
        assert.match((error as Error).message, /growing\.log/);
        return true;
      },
    );
    statCache.close();
  } finally {
    await writer.terminate();
  }
});

test('an aborted signal stops the ingest', async () => {
  const { blobRoot, cacheFile } = fresh('abort');
  const statCache = openStatCache(cacheFile);
  const controller = new AbortController();
  controller.abort(new Error('cancelled'));
  await assert.rejects(
    ingestFiles(await scanPath(aged), { blobRoot, statCache, signal: controller.signal }),
    /cancelled/,
  );
  statCache.close();
});

test('hundreds of files go through the worker pool in batches, with dedup across batches', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 600; i += 1)
    files[`d${i % 5}/f${String(i).padStart(3, '0')}.txt`] = `content ${i % 450}`;
  const root = tree(files);
  const { blobRoot, cacheFile } = fresh('pool');
  const statCache = openStatCache(cacheFile);
  const progress: number[] = [];
  const result = await ingestFiles(await scanPath(root), {
    blobRoot,
    statCache,
    workers: 2,
    onProgress: (p) => progress.push(p.files),
  });
  statCache.close();
  assert.equal(result.hashedFiles, 600);
  assert.equal(result.newObjects, 450, 'equal contents are stored once, whichever worker saw them');
  for (const entry of result.entries) assert.equal(entry.digest, sha256(files[entry.path] ?? ''));
  assert.ok(progress.length > 3, 'progress is reported per batch');
  assert.equal(progress.at(-1), 600);
  assert.equal(
    readdirSync(join(blobRoot, 'objects'), { recursive: true }).filter((p) => String(p).length > 10)
      .length,
    450,
  );
});

test('a store removed and recreated at the same path still ingests in the same process', async () => {
  const root = tree({ 'x.txt': 'same bytes' });
  const { blobRoot, cacheFile } = fresh('again');
  for (let round = 0; round < 2; round += 1) {
    rmSync(blobRoot, { recursive: true, force: true });
    const statCache = openStatCache(`${cacheFile}.${round}`);
    const result = await ingestFiles(await scanPath(root), { blobRoot, statCache });
    statCache.close();
    assert.equal(result.newObjects, 1);
    assert.equal(
      readFileSync(blobObjectPath(blobRoot, sha256('same bytes')), 'utf8'),
      'same bytes',
    );
  }
});
