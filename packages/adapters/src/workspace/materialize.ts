/**
 * Writes a version's files out of the blob store (`cairn data get`). Everything is built in
 * a hidden sibling of the target and renamed into place, so a crash never leaves a
 * half-written target. Files are reflinked where the filesystem can, else hard-linked (the
 * objects are read-only, so editing a linked file fails instead of corrupting the store),
 * else copied.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  constants,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { failedPrecondition, notFound } from '@cairn/core';
import type { ManifestEntry } from '@cairn/core';
import { blobObjectPath } from '../blob/blob-layout.ts';
import type { Progress } from './ingest-files.ts';
import { checkEntries } from './entry-paths.ts';

export type LinkMode = 'auto' | 'reflink' | 'hardlink' | 'copy';
type Placement = 'reflink' | 'hardlink' | 'copy';

export interface MaterializeOptions {
  kind: 'file' | 'directory';
  blobRoot: string;
  /** The directory to create, or for a file version the file's path. */
  target: string;
  /** Default `auto`: reflink, else hardlink, else copy. */
  link?: LinkMode;
  /** Replace an existing target. */
  force?: boolean;
  onProgress?: (p: Progress) => void;
}

export interface MaterializeResult {
  files: number;
  bytes: number;
  linkCounts: Record<Placement, number>;
}

const PROGRESS_EVERY = 200;
/** errno codes meaning "this filesystem cannot do that kind of link". */
const UNSUPPORTED = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS', 'EPERM']);

/**
 * Writes the files of `entries` under `target` (for a file version, `target` is the file).
 * Builds in a sibling temp dir and renames into place. `target` must not exist or be an empty
 * directory, unless `force` (then it is replaced). An executable entry is never hard-linked
 * (its mode would be the shared object's), so it is reflinked or copied. Entry paths are
 * re-validated: nothing is written outside `target`.
 */
export async function materialize(
  entries: ManifestEntry[],
  options: MaterializeOptions,
): Promise<MaterializeResult> {
  checkEntries(entries, options.kind);
  const target = resolve(options.target);
  const existing = lstatIfExists(target);
  const replaceEmptyDir = existing !== undefined && isEmptyDirectory(target, existing);
  if (existing !== undefined && !replaceEmptyDir && options.force !== true) {
    throw failedPrecondition(
      'data.target_not_empty',
      `${target} already exists and is not an empty directory; pick another path or use --force.`,
      { details: { path: target } },
    );
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const building = join(parent, `.${basename(target)}.cairn-get-${randomBytes(6).toString('hex')}`);
  const placer = createPlacer(options.blobRoot, options.link ?? 'auto');
  const totalBytes = entries.reduce((sum, entry) => sum + entry.size, 0);
  const progress: Progress = { files: 0, bytes: 0, totalFiles: entries.length, totalBytes };
  const missing: string[] = [];
  try {
    if (options.kind === 'directory') mkdirSync(building);
    const madeDirs = new Set<string>([building]);
    for (const entry of entries) {
      const destination = options.kind === 'file' ? building : join(building, entry.path);
      const folder = dirname(destination);
      if (!madeDirs.has(folder)) {
        mkdirSync(folder, { recursive: true });
        madeDirs.add(folder);
      }
      if (!placer.place(entry, destination)) missing.push(entry.digest);
      progress.files += 1;
      progress.bytes += entry.size;
      if (progress.files % PROGRESS_EVERY === 0) {
        options.onProgress?.({ ...progress });
        // Let the caller's timers (progress display, signal handlers) run on long copies.
        await setImmediate();
      }
    }
    if (missing.length > 0) {
      throw notFound(
        'data.objects_missing',
        `${missing.length} file(s) of this version are not in the local store; pull the version first.`,
        { details: { missing: [...new Set(missing)].slice(0, 1000) } },
      );
    }
    swapInto(building, target, existing, replaceEmptyDir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
  options.onProgress?.({ ...progress });
  return { files: progress.files, bytes: progress.bytes, linkCounts: placer.counts };
}

function swapInto(
  building: string,
  target: string,
  existing: Stats | undefined,
  replaceEmptyDir: boolean,
): void {
  if (existing === undefined) {
    renameSync(building, target);
  } else if (replaceEmptyDir) {
    rmdirSync(target);
    renameSync(building, target);
  } else {
    // Forced: move the old target aside first, so the new one appears in one rename.
    const old = join(
      dirname(target),
      `.${basename(target)}.cairn-old-${randomBytes(6).toString('hex')}`,
    );
    renameSync(target, old);
    renameSync(building, target);
    rmSync(old, { recursive: true, force: true });
  }
}

function createPlacer(blobRoot: string, link: LinkMode) {
  const counts: Record<Placement, number> = { reflink: 0, hardlink: 0, copy: 0 };
  const unsupported = new Set<Placement>();
  const readOnly = new Set<string>();
  const order: Placement[] =
    link === 'auto' ? ['reflink', 'hardlink', 'copy'] : link === 'copy' ? ['copy'] : [link];

  const attempt = (how: Placement, object: string, destination: string, executable: boolean) => {
    if (how === 'hardlink') {
      // The link shares the object's inode: make sure it is read-only first (objects written
      // by other paths into the store may not be).
      if (!readOnly.has(object)) {
        if ((statSync(object).mode & 0o222) !== 0) chmodSync(object, 0o444);
        readOnly.add(object);
      }
      linkSync(object, destination);
      return;
    }
    copyFileSync(
      object,
      destination,
      constants.COPYFILE_EXCL | (how === 'reflink' ? constants.COPYFILE_FICLONE_FORCE : 0),
    );
    chmodSync(destination, executable ? 0o755 : 0o644);
  };

  return {
    counts,
    /** False when the object is missing from the store. */
    place(entry: ManifestEntry, destination: string): boolean {
      const object = blobObjectPath(blobRoot, entry.digest);
      const executable = entry.executable === true;
      for (const how of order) {
        if (unsupported.has(how)) continue;
        // Hard links share the object's mode, so an executable file is copied instead.
        if (how === 'hardlink' && executable && link === 'auto') continue;
        const actual: Placement = how === 'hardlink' && executable ? 'copy' : how;
        try {
          attempt(actual, object, destination, executable);
          counts[actual] += 1;
          return true;
        } catch (error) {
          const code = errorCode(error);
          if (code === 'ENOENT' && lstatIfExists(object) === undefined) return false;
          if (actual === 'copy' || !(UNSUPPORTED.has(code) || code === 'EMLINK')) throw error;
          // EMLINK: this one object has too many links; the next file may still link.
          if (code !== 'EMLINK') unsupported.add(actual);
          if (link !== 'auto') {
            throw failedPrecondition(
              'data.link_unsupported',
              `This filesystem cannot ${actual} ${destination} from the store (${code}); use --link auto or copy.`,
              { cause: error, details: { link: actual } },
            );
          }
        }
      }
      throw failedPrecondition('data.link_unsupported', `Could not write ${destination}.`);
    },
  };
}

function isEmptyDirectory(path: string, stats: Stats): boolean {
  return stats.isDirectory() && readdirSync(path).length === 0;
}

function lstatIfExists(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}
