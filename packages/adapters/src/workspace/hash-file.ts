/**
 * Hashes batches of files with synchronous reads into one reused buffer (no stream or promise
 * per file), and when asked, publishes each file into the blob store in the same pass. Runs
 * on the hash workers (hash-worker.ts), or inline for a handful of files, where starting
 * threads would cost more than the work.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { blobObjectPath, BLOB_TEMP_DIR } from '../blob/blob-layout.ts';
import type { WorkerFailure, WorkerRequest, WorkerResult } from './hash-protocol.ts';
import { MAX_READ_ATTEMPTS } from './hash-protocol.ts';

const CHUNK = 1 << 20;
/** Files up to this size are read whole, then written only if the store lacks them. */
const WHOLE_FILE_LIMIT = 8 << 20;
let buffer = Buffer.allocUnsafe(CHUNK);
const knownDirs = new Set<string>();

class FileFailure extends Error {
  readonly failure: WorkerFailure;
  constructor(failure: WorkerFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** Hashes (and with `blobRoot`, stores) every file of `request`; the first failure ends it. */
export function runBatch(
  request: Omit<WorkerRequest, 'id'>,
):
  | { results: WorkerResult[]; failure?: undefined }
  | { failure: WorkerFailure; results?: undefined } {
  try {
    const { blobRoot } = request;
    const results = request.files.map((file) =>
      blobRoot === undefined
        ? hashOne(file.absolutePath)
        : storeOne(file.absolutePath, blobRoot, request.fsync === true),
    );
    return { results };
  } catch (error) {
    return { failure: toFailure(error, request) };
  }
}

/** Hashes one file, re-reading it while it changes under us. */
function hashOne(path: string): WorkerResult {
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt += 1) {
    const fd = open(path);
    try {
      const before = fstatSync(fd, { bigint: true });
      const hash = createHash('sha256');
      let total = 0;
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        total += n;
        hash.update(n === buffer.length ? buffer : buffer.subarray(0, n));
        // A regular file reads short only at its end: saves the extra read per small file.
        if (n < buffer.length) break;
      }
      const after = fstatSync(fd, { bigint: true });
      if (sameState(before, after) && BigInt(total) === after.size) {
        return result(hash.digest('hex'), after, false);
      }
    } finally {
      closeSync(fd);
    }
  }
  throw changing(path);
}

/** Hashes one file and, when the store lacks its object, writes it there (temp + rename). */
function storeOne(path: string, blobRoot: string, fsync: boolean): WorkerResult {
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt += 1) {
    const fd = open(path);
    let temp: { path: string; fd: number } | undefined;
    try {
      const before = fstatSync(fd, { bigint: true });
      const hash = createHash('sha256');
      let total = 0;
      const whole = before.size <= BigInt(WHOLE_FILE_LIMIT);
      if (whole) {
        total = readWhole(fd, Number(before.size));
        hash.update(buffer.subarray(0, total));
      } else {
        // Large enough that a second read would cost: copy while hashing, drop it if known.
        temp = createTemp(blobRoot);
        for (;;) {
          const n = readSync(fd, buffer, 0, buffer.length, null);
          if (n === 0) break;
          total += n;
          hash.update(n === buffer.length ? buffer : buffer.subarray(0, n));
          writeAll(temp.fd, n);
        }
      }
      const after = fstatSync(fd, { bigint: true });
      if (!sameState(before, after) || BigInt(total) !== after.size) continue;
      const digest = hash.digest('hex');
      const target = blobObjectPath(blobRoot, digest);
      if (existsSync(target)) return result(digest, after, false);
      if (temp === undefined) {
        temp = createTemp(blobRoot);
        writeAll(temp.fd, total);
      }
      if (fsync) fsyncSync(temp.fd);
      closeSync(temp.fd);
      temp.fd = -1;
      publish(temp.path, target, fsync);
      temp = undefined;
      return result(digest, after, true);
    } finally {
      closeSync(fd);
      if (temp !== undefined) {
        if (temp.fd >= 0) closeSync(temp.fd);
        rmSync(temp.path, { force: true });
      }
    }
  }
  throw changing(path);
}

/**
 * Reads the file into `buffer` from offset 0 and returns its length. The buffer has room for
 * one byte more than expected, so a short read marks the end (no extra read to see EOF); a
 * file that grew meanwhile is read on, and caught by the caller's stat comparison.
 */
function readWhole(fd: number, expected: number): number {
  if (buffer.length < expected + 1) buffer = Buffer.allocUnsafe(Math.max(expected + 1, CHUNK));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(grown);
      buffer = grown;
    }
    const room = buffer.length - length;
    const n = readSync(fd, buffer, length, room, null);
    length += n;
    if (n < room) return length;
  }
}

function createTemp(blobRoot: string): { path: string; fd: number } {
  const path = join(blobRoot, BLOB_TEMP_DIR, `${randomBytes(16).toString('hex')}.part`);
  // Created read-only: objects are never edited in place (a hard-linked working copy then
  // refuses writes instead of corrupting the store).
  return { path, fd: openSync(path, 'wx', 0o444) };
}

function writeAll(fd: number, length: number): void {
  let offset = 0;
  while (offset < length) offset += writeSync(fd, buffer, offset, length - offset);
}

function publish(tempPath: string, target: string, fsync: boolean): void {
  const fanout = dirname(target);
  if (!knownDirs.has(fanout)) {
    mkdirSync(fanout, { recursive: true });
    knownDirs.add(fanout);
  }
  try {
    renameSync(tempPath, target);
  } catch (error) {
    // The directory was known from an earlier call, but the store was removed since.
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    mkdirSync(fanout, { recursive: true });
    renameSync(tempPath, target);
  }
  if (fsync) syncDirectory(fanout);
}

function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function open(path: string): number {
  return openSync(path, 'r');
}

function sameState(a: BigIntStats, b: BigIntStats): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

function result(digest: string, stats: BigIntStats, stored: boolean): WorkerResult {
  return {
    digest,
    size: Number(stats.size),
    mtimeNs: stats.mtimeNs,
    ctimeNs: stats.ctimeNs,
    ino: stats.ino,
    dev: stats.dev,
    stored,
  };
}

function changing(path: string): FileFailure {
  return new FileFailure({
    code: 'data.unreadable_file',
    path,
    message: `${path} kept changing while it was read (${MAX_READ_ATTEMPTS} attempts); add it once it is written.`,
  });
}

function toFailure(error: unknown, request: Omit<WorkerRequest, 'id'>): WorkerFailure {
  if (error instanceof FileFailure) return error.failure;
  const errno = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  const path =
    typeof error === 'object' && error !== null && 'path' in error && typeof error.path === 'string'
      ? error.path
      : (request.files[0]?.absolutePath ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (errno === 'ENOSPC' || errno === 'EDQUOT') {
    return { code: 'artifacts.storage_full', path, message: 'The blob store is out of space.' };
  }
  if (errno === 'ENOENT') {
    return { code: 'data.path_not_found', path, message: `${path} disappeared while it was read.` };
  }
  return { code: 'data.unreadable_file', path, message: `${path} cannot be read: ${message}` };
}
