/**
 * The default blob store: content-addressed files under a local directory. A blob is
 * streamed to `tmp/`, fsynced, renamed into `objects/<aa>/<sha256>` and its
 * directory fsynced, so after a crash an object is either whole or absent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { invalidArgument, isCairnError, resourceExhausted } from '@cairn/core';
import type { BlobStore, StoredBlob } from '@cairn/core';
import { BLOB_OBJECTS_DIR, BLOB_TEMP_DIR, blobObjectPath } from './blob-layout.ts';
import { adoptLegacyLayout } from './blob-legacy-layout.ts';

export { BLOB_OBJECTS_DIR, BLOB_TEMP_DIR, blobObjectPath };

export interface LocalBlobStoreOptions {
  /** Directory holding `objects/` and `tmp/`; created when missing. */
  root: string;
  /**
   * A temp file not written to for this long is a leftover of a crash and is removed when
   * the store is first used. Default one hour: an upload in progress keeps touching its
   * file, and another process may share the directory.
   */
  staleTempAfterMs?: number;
}

const DIGEST = /^[0-9a-f]{64}$/;
const MISSING_SLICE = 2000;
const DEFAULT_STALE_TEMP_MS = 60 * 60 * 1000;

/** The local store answers existence for a whole batch at once. */
export type LocalBlobStore = BlobStore & Required<Pick<BlobStore, 'missing'>>;

/** Creates the local-filesystem `BlobStore` rooted at `options.root`. */
export function createLocalBlobStore(options: LocalBlobStoreOptions): LocalBlobStore {
  const root = resolve(options.root);
  const tmpDir = join(root, BLOB_TEMP_DIR);
  const objectsDir = join(root, BLOB_OBJECTS_DIR);
  const staleAfterMs = options.staleTempAfterMs ?? DEFAULT_STALE_TEMP_MS;
  let ready: Promise<void> | undefined;

  const prepare = () => {
    ready ??= (async () => {
      await mkdir(tmpDir, { recursive: true });
      await mkdir(objectsDir, { recursive: true });
      await adoptLegacyLayout(objectsDir);
      await sweepStaleTemp(tmpDir, staleAfterMs);
    })().catch((error: unknown) => {
      // Let the next call try again (e.g. after a permission fix) instead of failing forever.
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const objectPath = (digest: string) => blobObjectPath(root, digest);

  return {
    async put(source, putOptions): Promise<StoredBlob> {
      const maxBytes = putOptions?.maxBytes ?? Number.POSITIVE_INFINITY;
      if (Number.isNaN(maxBytes) || maxBytes < 0) {
        throw invalidArgument('artifacts.invalid_limit', 'maxBytes must be a non-negative number.');
      }
      await prepare();
      const tempPath = join(tmpDir, `${randomBytes(16).toString('hex')}.part`);
      try {
        const { digest, size } = await writeTemp(source, tempPath, maxBytes);
        await publish(tempPath, digest, size);
        return { digest, size };
      } catch (error) {
        await rm(tempPath, { force: true });
        throw translate(error);
      }
    },

    async open(digest) {
      checkDigest(digest);
      await prepare();
      const path = objectPath(digest);
      if (!(await statIfExists(path))?.isFile()) return undefined;
      // The file is opened only when the caller starts reading, and closed when it stops
      // (a `break` destroys the stream), so an unread result never holds a descriptor.
      return {
        [Symbol.asyncIterator]: () =>
          createReadStream(path)[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>,
      };
    },

    async has(digest) {
      checkDigest(digest);
      await prepare();
      return (await statIfExists(objectPath(digest)))?.isFile() === true;
    },

    async missing(digests) {
      digests.forEach(checkDigest);
      await prepare();
      const absent: string[] = [];
      // Synchronous stats in slices: one async stat per object costs a thread-pool round trip
      // each (10,000 objects took ~150 ms that way, ~15 ms like this), and yielding between
      // slices keeps a server responsive while it checks a large manifest.
      for (let start = 0; start < digests.length; start += MISSING_SLICE) {
        if (start > 0) await new Promise((done) => setImmediate(done));
        for (const digest of digests.slice(start, start + MISSING_SLICE)) {
          const stats = statSync(objectPath(digest), { throwIfNoEntry: false });
          if (stats?.isFile() !== true) absent.push(digest);
        }
      }
      return absent;
    },
  };

  async function publish(tempPath: string, digest: string, size: number): Promise<void> {
    const target = objectPath(digest);
    const fanout = dirname(target);
    if ((await mkdir(fanout, { recursive: true })) !== undefined) {
      // New fanout directories are entries in their parents: make those durable too.
      await syncDirectory(objectsDir);
      await syncDirectory(dirname(fanout));
    }
    const existing = await statIfExists(target);
    if (existing?.isFile() === true && existing.size === size) {
      // Identical content is already stored (same SHA-256 and size).
      await rm(tempPath, { force: true });
      return;
    }
    // rename() replaces atomically, so a concurrent put of the same content is harmless.
    await rename(tempPath, target);
    await syncDirectory(fanout);
  }
}

async function writeTemp(
  source: AsyncIterable<Uint8Array>,
  tempPath: string,
  maxBytes: number,
): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    source,
    async function* measure(chunks: AsyncIterable<unknown>) {
      for await (const chunk of chunks) {
        if (!(chunk instanceof Uint8Array)) {
          throw invalidArgument('artifacts.invalid_body', 'Blob content must be bytes.');
        }
        size += chunk.byteLength;
        if (size > maxBytes) {
          throw resourceExhausted(
            'artifacts.too_large',
            `The artifact is larger than the limit of ${maxBytes} bytes.`,
            { details: { maxBytes } },
          );
        }
        hash.update(chunk);
        yield chunk;
      }
    },
    // `wx`: a fresh file, never someone else's; `flush`: fsync before the stream closes it.
    createWriteStream(tempPath, { flags: 'wx', mode: 0o644, flush: true }),
  );
  return { digest: hash.digest('hex'), size };
}

async function sweepStaleTemp(tmpDir: string, staleAfterMs: number): Promise<void> {
  const cutoff = Date.now() - staleAfterMs;
  for (const name of await readdir(tmpDir)) {
    const path = join(tmpDir, name);
    const info = await statIfExists(path);
    if (info?.isFile() === true && info.mtimeMs <= cutoff) await rm(path, { force: true });
  }
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function statIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function checkDigest(digest: string): void {
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw invalidArgument('artifacts.invalid_digest', 'A blob digest is 64 lowercase hex digits.');
  }
}

function translate(error: unknown): unknown {
  if (isCairnError(error)) return error;
  const code = errorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return resourceExhausted('artifacts.storage_full', 'The blob store is out of space.', {
      cause: error,
    });
  }
  return error;
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
