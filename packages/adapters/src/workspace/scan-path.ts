/**
 * Walks a file or directory the user asked to version and lists its regular files with the
 * stat fields the stat cache keys on. Synchronous `readdirSync(withFileTypes)` + one
 * `lstatSync` per file: at 100,000 files this is the whole cost of a no-op `status`, so no
 * extra syscalls (readability is judged from the mode bits, `access` only to confirm a "no").
 */
import { accessSync, constants, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { BigIntStats, Dirent } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { CairnError, ErrorCategory, invalidArgument, notFound } from '@cairn/core';
import { statRegularFiles } from './parallel-stat.ts';
import type { FileStat } from './parallel-stat.ts';
import type { StatCache } from './stat-cache.ts';

/** The longest relative path a manifest accepts. */
const MAX_PATH_LENGTH = 4096;
const YIELD_EVERY_DIRS = 64;

export interface ScannedFile {
  /** Relative to the scanned root, `/`-separated; a single file's own name. */
  path: string;
  absolutePath: string;
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
  executable: boolean;
}

export interface ScanResult {
  kind: 'file' | 'directory';
  /** The absolute path that was scanned. */
  root: string;
  /** Sorted by `path` (code-unit order, as manifests are). */
  files: ScannedFile[];
}

/**
 * Lists the regular files of `root` (a file or a directory). Refuses (CairnError) a missing
 * path (`data.path_not_found`), a symlink resolving outside `root` (`data.symlink_outside`),
 * symlink loops (`data.symlink_loop`), unreadable files or directories (`data.unreadable_file`,
 * naming the path) and sockets, fifos or devices (`data.invalid_path`). Symlinks inside the
 * root are followed as the file they point to; directory symlinks as long as they stay inside.
 * With `statCache`, its entries for `root` are read while worker threads stat a big tree (the
 * main thread would wait anyway), so the `hashFiles`/`ingestFiles` that follows starts warm.
 */
export async function scanPath(
  root: string,
  options?: { signal?: AbortSignal; statCache?: StatCache },
): Promise<ScanResult> {
  const absoluteRoot = resolve(root);
  const signal = options?.signal;
  signal?.throwIfAborted();
  const rootStats = lstatOrThrow(absoluteRoot, absoluteRoot);
  // The root (or a parent) may be a symlink the user named on purpose: follow it, and judge
  // every link below against where the root really is.
  const realRoot = realpathOrThrow(absoluteRoot, absoluteRoot);
  const stats = rootStats.isSymbolicLink() ? statOrThrow(absoluteRoot) : rootStats;
  if (stats.isFile()) {
    return {
      kind: 'file',
      root: absoluteRoot,
      files: [toScanned(basename(absoluteRoot), absoluteRoot, stats)],
    };
  }
  if (!stats.isDirectory()) throw notRegular(absoluteRoot);

  const walker = createWalker(realRoot, signal);
  await walker.walk(absoluteRoot, '', [inodeKey(stats)]);
  const { files, regular } = walker;
  const regularStats = await statRegularFiles(
    regular.map((f) => f.absolutePath),
    { whileWaiting: () => options?.statCache?.preload?.(absoluteRoot) },
  );
  regular.forEach(({ path, absolutePath }, i) => {
    // Undefined: it changed since it was listed (or cannot be stat'ed): look again to say why.
    const info = regularStats[i] ?? lstatOrThrow(absolutePath, absolutePath);
    if (!isRegular(info)) throw changedWhileScanning(absolutePath);
    files.push(toScanned(path, absolutePath, info));
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { kind: 'directory', root: absoluteRoot, files };
}

function createWalker(realRoot: string, signal: AbortSignal | undefined) {
  const files: ScannedFile[] = [];
  const regular: { path: string; absolutePath: string }[] = [];
  const realRootPrefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
  const inside = (real: string) => real === realRoot || real.startsWith(realRootPrefix);

  /** `ancestors`: inodes of the directories on the current path, to catch linked cycles. */
  let sinceYield = 0;
  const walk = async (dir: string, prefix: string, ancestors: string[]): Promise<void> => {
    sinceYield += 1;
    if (sinceYield >= YIELD_EVERY_DIRS) {
      // Let timers and signal handlers run (a Ctrl-C abort, a progress line) on huge trees.
      sinceYield = 0;
      await setImmediate();
    }
    signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw fsError(error, dir);
    }
    // Sorted per directory, the final list is nearly in order and its sort is cheap.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const base = dir.endsWith(sep) ? dir : dir + sep;
    for (const entry of entries) {
      const name = entry.name;
      const absolutePath = base + name;
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (name.includes('\\') || path.length > MAX_PATH_LENGTH) throw unportable(absolutePath);
      if (entry.isFile()) {
        // Stat'ed later, many at once.
        regular.push({ path, absolutePath });
        continue;
      }
      // Anything else (also an entry readdir gives no type for) is looked at here.
      const info = lstatOrThrow(absolutePath, absolutePath);
      if (info.isFile()) {
        files.push(toScanned(path, absolutePath, info));
      } else if (info.isDirectory()) {
        await walk(absolutePath, path, [...ancestors, inodeKey(info)]);
      } else if (info.isSymbolicLink()) {
        const real = resolveLink(absolutePath);
        if (!inside(real)) {
          throw invalidArgument(
            'data.symlink_outside',
            `The symlink ${absolutePath} points outside ${realRoot}; copy the data in or add it separately.`,
            { details: { path: absolutePath, target: real } },
          );
        }
        const target = statOrThrow(absolutePath);
        if (target.isFile()) {
          files.push(toScanned(path, absolutePath, target));
        } else if (target.isDirectory()) {
          const key = inodeKey(target);
          if (ancestors.includes(key)) throw loop(absolutePath);
          await walk(absolutePath, path, [...ancestors, key]);
        } else {
          throw notRegular(absolutePath);
        }
      } else {
        throw notRegular(absolutePath);
      }
    }
  };
  return { files, regular, walk };
}

const inodeKey = (stats: BigIntStats) => `${stats.dev}:${stats.ino}`;
const isRegular = (stats: FileStat) => (stats.mode & 0o170000n) === 0o100000n;

/** A link inside the tree that leads nowhere is unreadable data, not a missing argument. */
function resolveLink(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
    if (code === 'ENOENT') throw unreadable(path, error, 'is a dangling symlink');
    throw fsError(error, path);
  }
}

function toScanned(path: string, absolutePath: string, stats: FileStat): ScannedFile {
  if (!readable(stats, absolutePath)) throw unreadable(absolutePath);
  return {
    path,
    absolutePath,
    size: Number(stats.size),
    mtimeNs: stats.mtimeNs,
    ctimeNs: stats.ctimeNs,
    ino: stats.ino,
    dev: stats.dev,
    executable: (stats.mode & 0o100n) !== 0n,
  };
}

let identity: { uid: number; groups: Set<number> } | undefined;

/** Who this process is now (read per check, since a process may change user after loading). */
function currentIdentity(): { uid: number; groups: Set<number> } | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  if (identity?.uid !== uid) {
    const groups = [process.getgid?.() ?? -1, ...(process.getgroups?.() ?? [])];
    identity = { uid, groups: new Set(groups) };
  }
  return identity;
}

/** Mode bits decide the common case; `access` confirms a "no" (ACLs may still grant it). */
function readable(stats: FileStat, path: string): boolean {
  const who = currentIdentity();
  if (who === undefined || who.uid === 0) return true;
  const mode = stats.mode;
  const bit =
    BigInt(who.uid) === stats.uid ? 0o400n : who.groups.has(Number(stats.gid)) ? 0o040n : 0o004n;
  if ((mode & bit) !== 0n) return true;
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function lstatOrThrow(path: string, shown: string): BigIntStats {
  try {
    return lstatSync(path, { bigint: true });
  } catch (error) {
    throw fsError(error, shown);
  }
}

function statOrThrow(path: string): BigIntStats {
  try {
    return statSync(path, { bigint: true });
  } catch (error) {
    throw fsError(error, path);
  }
}

function realpathOrThrow(path: string, shown: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    throw fsError(error, shown);
  }
}

function fsError(error: unknown, path: string): CairnError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  if (code === 'ELOOP') return loop(path);
  if (code === 'EACCES' || code === 'EPERM') return unreadable(path, error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return notFound('data.path_not_found', `${path} does not exist (or is a dangling symlink).`, {
      cause: error,
      details: { path },
    });
  }
  return unreadable(path, error);
}

function loop(path: string): CairnError {
  return invalidArgument('data.symlink_loop', `The symlink ${path} leads into a loop.`, {
    details: { path },
  });
}

function unreadable(path: string, cause?: unknown, why = 'cannot be read'): CairnError {
  return new CairnError(
    ErrorCategory.FAILED_PRECONDITION,
    'data.unreadable_file',
    `${path} ${why}; fix it or leave it out.`,
    { cause, details: { path } },
  );
}

function changedWhileScanning(path: string): CairnError {
  return unreadable(path, undefined, 'changed from a file to something else while it was scanned');
}

function unportable(path: string): CairnError {
  return invalidArgument(
    'data.invalid_path',
    `${path} cannot be versioned: names may not contain a backslash and paths are at most ${MAX_PATH_LENGTH} characters.`,
    { details: { path } },
  );
}

function notRegular(path: string): CairnError {
  return invalidArgument(
    'data.invalid_path',
    `${path} is not a regular file or directory (a socket, fifo or device); leave it out.`,
    { details: { path } },
  );
}
