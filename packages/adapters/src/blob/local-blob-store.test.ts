import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CairnError } from '@cairn/core';
import { BLOB_LAYOUT_MARKER } from './blob-layout.ts';
import { createLocalBlobStore } from './local-blob-store.ts';

let base: string;
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-blob-'));
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

let counter = 0;
function freshRoot(): string {
  counter += 1;
  return join(base, `store-${counter}`);
}

/** An async source over in-memory chunks (any iterable, including an endless generator). */
function chunksOf(parts: Iterable<Uint8Array>): AsyncIterable<Uint8Array> {
  return Readable.from(parts);
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Every file under `dir`, relative to it, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return (
    entries
      // The layout marker is the store's bookkeeping, not a blob.
      .filter((e) => e.isFile() && e.name !== BLOB_LAYOUT_MARKER)
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort()
  );
}

function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function isError(category: string, code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, category);
    assert.equal(error.code, code);
    return true;
  };
}

describe('createLocalBlobStore', () => {
  it('round-trips content at its SHA-256 under fanout directories, leaving no temp file', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    const content = randomBytes(300_000);
    const blob = await store.put(chunksOf([content.subarray(0, 1000), content.subarray(1000)]));
    const digest = sha256(content);
    assert.deepEqual(blob, { digest, size: content.length });
    assert.deepEqual(await filesUnder(root), [join('objects', digest.slice(0, 2), digest)]);
    assert.deepEqual(await readFile(join(root, 'objects', digest.slice(0, 2), digest)), content);
    assert.equal(await store.has(digest), true);
    const body = await store.open(digest);
    assert.ok(body !== undefined);
    assert.deepEqual(await readAll(body), content);
  });

  it('stores an empty blob', async () => {
    const store = createLocalBlobStore({ root: freshRoot() });
    const blob = await store.put(chunksOf([]));
    assert.deepEqual(blob, { digest: sha256(new Uint8Array()), size: 0 });
    const body = await store.open(blob.digest);
    assert.ok(body !== undefined);
    assert.equal((await readAll(body)).length, 0);
  });

  it('stores identical content once', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    const content = new TextEncoder().encode('same bytes');
    const first = await store.put(chunksOf([content]));
    const second = await store.put(chunksOf([content.subarray(0, 3), content.subarray(3)]));
    assert.deepEqual(first, second);
    assert.equal((await filesUnder(root)).length, 1);
  });

  it('stores concurrent puts of the same content as one whole object', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    const content = randomBytes(256 * 1024);
    const slowly = async function* () {
      for (let offset = 0; offset < content.length; offset += 16 * 1024) {
        await new Promise((done) => setImmediate(done));
        yield content.subarray(offset, offset + 16 * 1024);
      }
    };
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put(slowly())));
    const digest = sha256(content);
    for (const result of results) assert.deepEqual(result, { digest, size: content.length });
    assert.deepEqual(await filesUnder(root), [join('objects', digest.slice(0, 2), digest)]);
    const body = await store.open(digest);
    assert.ok(body !== undefined);
    assert.equal(sha256(await readAll(body)), digest);
  });

  it('leaves no object and no temp file when the source fails midway', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    const failing = async function* () {
      yield* chunksOf([randomBytes(100_000), randomBytes(100_000)]);
      throw new Error('connection reset');
    };
    await assert.rejects(store.put(failing()), /connection reset/);
    assert.deepEqual(await filesUnder(root), []);
  });

  it('aborts past maxBytes with RESOURCE_EXHAUSTED and leaves nothing, reading no further', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    let pulled = 0;
    const endless = function* () {
      for (;;) {
        pulled += 1;
        yield new Uint8Array(1024);
      }
    };
    await assert.rejects(
      store.put(chunksOf(endless()), { maxBytes: 10 * 1024 }),
      isError('RESOURCE_EXHAUSTED', 'artifacts.too_large'),
    );
    // The source is read ahead a little, never to its (endless) end.
    assert.ok(pulled < 100, `read ${pulled} chunks of 1 KiB for a 10 KiB limit`);
    assert.deepEqual(await filesUnder(root), []);
    // Exactly at the limit is fine.
    const blob = await store.put(chunksOf([new Uint8Array(10 * 1024)]), { maxBytes: 10 * 1024 });
    assert.equal(blob.size, 10 * 1024);
  });

  it('refuses non-byte chunks', async () => {
    const store = createLocalBlobStore({ root: freshRoot() });
    const strings = chunksOf(['text' as unknown as Uint8Array]);
    await assert.rejects(store.put(strings), isError('INVALID_ARGUMENT', 'artifacts.invalid_body'));
  });

  it('validates digests before touching the filesystem', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    const bad = [
      '../../../../etc/passwd',
      'A'.repeat(64),
      'a'.repeat(63),
      `${'a'.repeat(62)}/b`,
      `${'0'.repeat(64)}\n`,
      '',
    ];
    for (const digest of bad) {
      await assert.rejects(
        store.open(digest),
        isError('INVALID_ARGUMENT', 'artifacts.invalid_digest'),
      );
      await assert.rejects(
        store.has(digest),
        isError('INVALID_ARGUMENT', 'artifacts.invalid_digest'),
      );
    }
    await assert.rejects(readdir(root), { code: 'ENOENT' });
  });

  it('answers absent digests with undefined and false', async () => {
    const store = createLocalBlobStore({ root: freshRoot() });
    assert.equal(await store.open('0'.repeat(64)), undefined);
    assert.equal(await store.has('0'.repeat(64)), false);
  });

  it('sweeps stale temp files on first use and keeps fresh ones', async () => {
    const root = freshRoot();
    await mkdir(join(root, 'tmp'), { recursive: true });
    await writeFile(join(root, 'tmp', 'stale.part'), 'left by a crash');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(root, 'tmp', 'stale.part'), old, old);
    await writeFile(join(root, 'tmp', 'fresh.part'), 'someone is writing this');
    const store = createLocalBlobStore({ root });
    await store.put(chunksOf([new Uint8Array([1])]));
    assert.deepEqual(await readdir(join(root, 'tmp')), ['fresh.part']);
  });

  it('streams 50 MB to disk as it reads, never holding the blob in memory', async () => {
    // Deterministic instead of an RSS reading: while the source is being read, the bytes
    // already handed over must be on their way to the temp file, within a small lag. A store
    // that buffered the whole body would leave the temp file empty until the end.
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    const chunkSize = 64 * 1024;
    const total = 50 * 1024 * 1024;
    const allowedLag = 4 * 1024 * 1024;
    const hash = createHash('sha256');
    let handedOver = 0;
    let worstLag = 0;
    const tempBytes = () =>
      readdirSync(join(root, 'tmp')).reduce(
        (sum, name) => sum + statSync(join(root, 'tmp', name)).size,
        0,
      );
    const source = chunksOf(
      (function* () {
        for (let offset = 0; offset < total; offset += chunkSize) {
          if (handedOver > allowedLag) worstLag = Math.max(worstLag, handedOver - tempBytes());
          const chunk = Buffer.alloc(chunkSize, (offset / chunkSize) % 251);
          hash.update(chunk);
          handedOver += chunk.byteLength;
          yield chunk;
        }
      })(),
    );
    const blob = await store.put(source);
    assert.equal(blob.size, total);
    assert.equal(blob.digest, hash.digest('hex'));
    assert.ok(worstLag <= allowedLag, `the temp file lagged ${worstLag} bytes behind the source`);
    const body = await store.open(blob.digest);
    assert.ok(body !== undefined);
    let read = 0;
    for await (const chunk of body) read += chunk.byteLength;
    assert.equal(read, total);
  });
});

describe('a store written in the two-level layout', () => {
  it('moves its objects to objects/aa/<digest> on first use and marks the store', async () => {
    const root = freshRoot();
    const content = randomBytes(5000);
    const digest = sha256(content);
    const legacyDir = join(root, 'objects', digest.slice(0, 2), digest.slice(2, 4));
    await mkdir(legacyDir, { recursive: true });
    await writeFile(join(legacyDir, digest), content);
    const store = createLocalBlobStore({ root });
    assert.equal(await store.has(digest), true);
    const body = await store.open(digest);
    assert.ok(body !== undefined);
    assert.deepEqual(await readAll(body), content);
    assert.deepEqual(await filesUnder(root), [join('objects', digest.slice(0, 2), digest)]);
    assert.deepEqual(readdirSync(join(root, 'objects', digest.slice(0, 2))), [digest]);
    assert.ok(readdirSync(join(root, 'objects')).includes(BLOB_LAYOUT_MARKER));
  });
});

describe('missing', () => {
  it('answers which digests of a batch the store lacks, refusing malformed ones', async () => {
    const store = createLocalBlobStore({ root: freshRoot() });
    const stored = await store.put(chunksOf([Buffer.from('kept')]));
    const absent = sha256(Buffer.from('never stored'));
    assert.deepEqual(await store.missing([stored.digest, absent, stored.digest]), [absent]);
    await assert.rejects(
      store.missing(['../etc/passwd']),
      isError('INVALID_ARGUMENT', 'artifacts.invalid_digest'),
    );
  });
});
