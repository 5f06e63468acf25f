/**
 * Turns a scan into manifest entries: files the stat cache knows keep their digest; the rest
 * are hashed on worker threads, in batches (one message per many small files), and for `add`
 * copied into the blob store in the same pass. A big file is copied by the kernel
 * (`copyFile`, a reflink where the filesystem has them) while a worker hashes it.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  statSync,
} from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { chmod, copyFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { failedPrecondition } from '@cairn/core';
import type { ManifestEntry } from '@cairn/core';
import { BLOB_OBJECTS_DIR, BLOB_TEMP_DIR, blobObjectPath } from '../blob/blob-layout.ts';
import { runBatch } from './hash-file.ts';
import { createHashPool, defaultWorkerCount, toCairnError } from './hash-pool.ts';
import type { HashPool } from './hash-pool.ts';
import { MAX_READ_ATTEMPTS } from './hash-protocol.ts';
import type { WorkerResult } from './hash-protocol.ts';
import type { ScanResult, ScannedFile } from './scan-path.ts';
import type { StatCache } from './stat-cache.ts';

export interface Progress {
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
}

export interface IngestResult {
  /** In path order, like the scan. */
  entries: ManifestEntry[];
  hashedFiles: number;
  /** Files whose digest came from the stat cache (not read). */
  cachedFiles: number;
  /** Distinct objects this call wrote into the store, and their bytes. */
  newObjects: number;
  newBytes: number;
}

export interface IngestOptions {
  blobRoot: string;
  statCache: StatCache;
  /** fsync each new object and its directory (slower; survives power loss, not just a kill). */
  fsync?: boolean;
  workers?: number;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /**
   * Take a cached digest's object as present without checking the store (one stat per file
   * saved). Cairn never deletes objects, so this only misses objects removed by hand; the
   * dataset service's own check then refuses the version (`data.objects_missing`) and the
   * caller runs the ingest again without this.
   */
  trustCachedObjects?: boolean;
}

export interface HashOptions {
  statCache: StatCache;
  workers?: number;
  onProgress?: (p: Progress) => void;
}

/** From this size a file is copied by the kernel while a worker hashes it. */
const BIG_FILE = 64 << 20;
/** A batch of small files ends at this many files or bytes, whichever comes first. */
const BATCH_FILES = 64;
const BATCH_BYTES = 8 << 20;
/** Up to this many files and bytes are hashed on the calling thread. */
const INLINE_FILES = 256;
const INLINE_BYTES = 16 << 20;

/**
 * Hashes (on worker threads) every file not in the stat cache, copying its bytes into the
 * blob store in the same pass when the object is absent (temp + rename; fsync only with
 * `fsync: true`), and returns the manifest entries in path order. A file changing while read
 * is re-read (stat compared before and after), at most 3 times, then `data.unreadable_file`.
 */
export function ingestFiles(scan: ScanResult, options: IngestOptions): Promise<IngestResult> {
  mkdirSync(join(options.blobRoot, BLOB_TEMP_DIR), { recursive: true });
  mkdirSync(join(options.blobRoot, BLOB_OBJECTS_DIR), { recursive: true });
  return processFiles(scan, options, options.blobRoot);
}

/** Same as `ingestFiles`, but only hashes (nothing is copied): for `status`. */
export async function hashFiles(scan: ScanResult, options: HashOptions): Promise<ManifestEntry[]> {
  return (await processFiles(scan, options, undefined)).entries;
}

interface Task {
  indexes: number[];
  big: boolean;
}

async function processFiles(
  scan: ScanResult,
  options: HashOptions & { fsync?: boolean; signal?: AbortSignal; trustCachedObjects?: boolean },
  blobRoot: string | undefined,
): Promise<IngestResult> {
  const { files } = scan;
  const { statCache, signal } = options;
  signal?.throwIfAborted();
  const digests: string[] = new Array<string>(files.length);
  const states: ScannedFile[] = files.slice();
  const progress: Progress = { files: 0, bytes: 0, totalFiles: files.length, totalBytes: 0 };
  const present = new Map<string, boolean>();
  const hasObject = (digest: string) => {
    let known = present.get(digest);
    if (known === undefined) {
      known = existsSync(blobObjectPath(blobRoot as string, digest));
      present.set(digest, known);
    }
    return known;
  };

  statCache.preload?.(scan.root);
  const misses: number[] = [];
  files.forEach((file, index) => {
    progress.totalBytes += file.size;
    const digest = statCache.lookup(file);
    // A cached digest is enough for `status`; `add` also needs the object in this store.
    const stored = blobRoot === undefined || options.trustCachedObjects === true;
    if (digest !== undefined && (stored || hasObject(digest))) {
      digests[index] = digest;
      progress.files += 1;
      progress.bytes += file.size;
    } else {
      misses.push(index);
    }
  });
  const cachedFiles = progress.files;
  options.onProgress?.({ ...progress });

  const stored = new Map<string, number>();
  const accept = (index: number, result: WorkerResult) => {
    const file = files[index] as ScannedFile;
    digests[index] = result.digest;
    states[index] = { ...file, ...stateOf(result) };
    if (result.stored && !stored.has(result.digest)) stored.set(result.digest, result.size);
    statCache.record(states[index], result.digest);
    progress.files += 1;
    progress.bytes += file.size;
  };
  const report = () => options.onProgress?.({ ...progress });
  if (misses.length > 0) {
    const work: Work = { files, misses, blobRoot, fsync: options.fsync === true };
    try {
      if (fewFiles(work)) {
        runInline(work, accept);
        report();
      } else {
        await runOnWorkers(work, accept, report, options.workers, signal);
      }
    } finally {
      statCache.flush();
    }
  }

  let newBytes = 0;
  for (const size of stored.values()) newBytes += size;
  return {
    entries: states.map((file, index) => ({
      path: file.path,
      digest: digests[index] as string,
      size: file.size,
      ...(file.executable ? { executable: true } : {}),
    })),
    hashedFiles: misses.length,
    cachedFiles,
    newObjects: stored.size,
    newBytes,
  };
}

interface Work {
  files: ScannedFile[];
  misses: number[];
  blobRoot: string | undefined;
  fsync: boolean;
}

/** A few small files (a re-add after a small edit) are done before threads would start. */
function fewFiles({ files, misses }: Work): boolean {
  if (misses.length > INLINE_FILES) return false;
  let bytes = 0;
  for (const index of misses) bytes += (files[index] as ScannedFile).size;
  return bytes <= INLINE_BYTES;
}

function runInline(work: Work, accept: (index: number, result: WorkerResult) => void): void {
  const outcome = runBatch({
    files: work.misses.map((index) => ({
      absolutePath: (work.files[index] as ScannedFile).absolutePath,
    })),
    ...(work.blobRoot === undefined ? {} : { blobRoot: work.blobRoot, fsync: work.fsync }),
  });
  if (outcome.failure !== undefined) throw toCairnError(outcome.failure);
  outcome.results.forEach((result, i) => accept(work.misses[i] as number, result));
}

async function runOnWorkers(
  work: Work,
  accept: (index: number, result: WorkerResult) => void,
  report: () => void,
  workers: number | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { files, misses, blobRoot, fsync } = work;
  const workerCount = Math.max(
    1,
    Math.min(workers ?? defaultWorkerCount(), Math.ceil(misses.length / 16)),
  );
  const pool = createHashPool(workerCount);
  const runTask = async (task: Task) => {
    if (task.big) {
      const index = task.indexes[0] as number;
      const file = files[index] as ScannedFile;
      accept(
        index,
        blobRoot === undefined
          ? await hashOne(pool, file.absolutePath)
          : await storeBig(pool, file.absolutePath, blobRoot, fsync),
      );
    } else {
      const results = await pool.run({
        files: task.indexes.map((index) => ({
          absolutePath: (files[index] as ScannedFile).absolutePath,
        })),
        ...(blobRoot === undefined ? {} : { blobRoot, fsync }),
      });
      results.forEach((result, i) => accept(task.indexes[i] as number, result));
    }
    report();
  };
  try {
    await runAll(planTasks(files, misses), runTask, pool.size * 2, signal);
  } finally {
    await pool.close();
  }
}

function planTasks(files: ScannedFile[], misses: number[]): Task[] {
  const tasks: Task[] = [];
  let batch: number[] = [];
  let batchBytes = 0;
  for (const index of misses) {
    const size = (files[index] as ScannedFile).size;
    if (size >= BIG_FILE) {
      tasks.push({ indexes: [index], big: true });
      continue;
    }
    batch.push(index);
    batchBytes += size;
    if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
      tasks.push({ indexes: batch, big: false });
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length > 0) tasks.push({ indexes: batch, big: false });
  return tasks;
}

/** Runs `tasks` with at most `limit` in flight; the first failure stops the rest. */
async function runAll<T>(
  tasks: T[],
  run: (task: T) => Promise<void>,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < tasks.length) {
      const task = tasks[next] as T;
      next += 1;
      try {
        signal?.throwIfAborted();
        await run(task);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
}

async function hashOne(pool: HashPool, absolutePath: string): Promise<WorkerResult> {
  return (await pool.run({ files: [{ absolutePath }] }))[0] as WorkerResult;
}

/**
 * A big file: the kernel copies it into a temp file while a worker hashes it. Both sides
 * compare the file's stat before and after, so a file written meanwhile is read again.
 */
async function storeBig(
  pool: HashPool,
  absolutePath: string,
  blobRoot: string,
  fsync: boolean,
): Promise<WorkerResult> {
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt += 1) {
    const temp = join(blobRoot, BLOB_TEMP_DIR, `${randomBytes(16).toString('hex')}.part`);
    try {
      const before = statSync(absolutePath, { bigint: true });
      const [result] = await Promise.all([
        hashOne(pool, absolutePath),
        copyFile(absolutePath, temp, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL),
      ]);
      const after = statSync(absolutePath, { bigint: true });
      if (!sameState(before, after) || !sameState(after, result)) continue;
      const target = blobObjectPath(blobRoot, result.digest);
      if (existsSync(target)) return { ...result, stored: false };
      await chmod(temp, 0o444);
      if (fsync) syncPath(temp);
      mkdirSync(dirname(target), { recursive: true });
      await rename(temp, target);
      if (fsync) syncPath(dirname(target));
      return { ...result, stored: true };
    } finally {
      await rm(temp, { force: true });
    }
  }
  throw failedPrecondition(
    'data.unreadable_file',
    `${absolutePath} kept changing while it was read (${MAX_READ_ATTEMPTS} attempts); add it once it is written.`,
    { details: { path: absolutePath } },
  );
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function sameState(
  a: BigIntStats | WorkerResult,
  b: { size: number | bigint; mtimeNs: bigint; ctimeNs: bigint; ino: bigint },
): boolean {
  return (
    BigInt(a.size) === BigInt(b.size) &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.ino === b.ino
  );
}

function stateOf(result: WorkerResult): Omit<ScannedFile, 'path' | 'absolutePath' | 'executable'> {
  return {
    size: result.size,
    mtimeNs: result.mtimeNs,
    ctimeNs: result.ctimeNs,
    ino: result.ino,
    dev: result.dev,
  };
}
