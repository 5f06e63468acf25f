/**
 * The canonical manifest of a directory version: the one byte sequence every client and
 * server computes for the same set of files, so its SHA-256 names the directory. Sorting,
 * key order and the absence of whitespace are fixed; `executable` appears only when true.
 */
import { createHash } from 'node:crypto';
import { invalidArgument } from '../kernel/index.ts';
import type { FileChange, ManifestDiff, ManifestEntry, TableFormat } from './entities.ts';

/** Longest path a manifest entry may have, in UTF-16 code units. */
export const MAX_MANIFEST_PATH_LENGTH = 4096;

const DIGEST = /^[0-9a-f]{64}$/;

/** True for a lowercase hex SHA-256. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

const byPath = (a: ManifestEntry, b: ManifestEntry): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

/** A copy sorted by path in UTF-16 code-unit order (what `<` on strings compares). */
export function sortManifest(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort(byPath);
}

function isSorted(entries: readonly ManifestEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) {
    if (!((entries[i - 1] as ManifestEntry).path < (entries[i] as ManifestEntry).path))
      return false;
  }
  return true;
}

/**
 * The canonical JSON text: `{"files":[{"path":…,"digest":…,"size":…}…]}`, sorted by path,
 * `"executable":true` after `size` only when set. Entries are assumed valid.
 */
export function canonicalManifestJson(entries: readonly ManifestEntry[]): string {
  const files = sortManifest(entries).map((e) =>
    e.executable === true
      ? { path: e.path, digest: e.digest, size: e.size, executable: true }
      : { path: e.path, digest: e.digest, size: e.size },
  );
  return JSON.stringify({ files });
}

/** SHA-256 (lowercase hex) of the canonical JSON's UTF-8 bytes: a directory version's digest. */
export function manifestDigest(entries: readonly ManifestEntry[]): string {
  return createHash('sha256').update(canonicalManifestJson(entries), 'utf8').digest('hex');
}

/** Why `path` is not a safe relative manifest path, or undefined when it is. */
export function manifestPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.length > MAX_MANIFEST_PATH_LENGTH) {
    return `is longer than ${MAX_MANIFEST_PATH_LENGTH} characters`;
  }
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is absolute';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
  }
  return undefined;
}

const quote = (path: string): string => JSON.stringify(path.slice(0, 200));

function badEntry(index: number, message: string): never {
  throw invalidArgument('data.invalid_manifest', `Manifest entry ${index} ${message}.`, {
    details: { index },
  });
}

function checkEntry(value: unknown, index: number): ManifestEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return badEntry(index, 'is not an object');
  }
  const { path, digest, size, executable, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return badEntry(index, `has an unknown field '${extra[0]}'`);
  if (typeof path !== 'string') return badEntry(index, 'has no string path');
  const problem = manifestPathProblem(path);
  if (problem !== undefined) {
    throw invalidArgument('data.invalid_path', `Path ${quote(path)} ${problem}.`, {
      details: { index, path: path.slice(0, 200) },
    });
  }
  if (!isSha256Hex(digest)) {
    return badEntry(index, `(${quote(path)}) has no 64-character lowercase hex digest`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    return badEntry(index, `(${quote(path)}) has no non-negative integer size`);
  }
  if (executable !== undefined && typeof executable !== 'boolean') {
    return badEntry(index, `(${quote(path)}) has a non-boolean executable flag`);
  }
  return executable === true ? { path, digest, size, executable: true } : { path, digest, size };
}

/**
 * Checks entries (safe unique paths, digests, sizes, no file that is also a directory) and
 * returns them normalized (`executable: false` dropped), in the given order. Throws
 * INVALID_ARGUMENT `data.invalid_path` / `data.invalid_manifest` naming the first bad entry.
 */
export function validateManifestEntries(entries: readonly unknown[]): ManifestEntry[] {
  const checked = entries.map(checkEntry);
  const files = new Set<string>();
  checked.forEach((entry, index) => {
    if (files.has(entry.path)) badEntry(index, `repeats the path ${quote(entry.path)}`);
    files.add(entry.path);
  });
  // A path that is a file in one entry and a directory in another cannot be written out.
  checked.forEach((entry, index) => {
    for (let slash = entry.path.indexOf('/'); slash !== -1;) {
      const dir = entry.path.slice(0, slash);
      if (files.has(dir)) {
        badEntry(index, `(${quote(entry.path)}) lies under ${quote(dir)}, which is a file`);
      }
      slash = entry.path.indexOf('/', slash + 1);
    }
  });
  return checked;
}

/**
 * Parses a stored manifest and insists it is exactly canonical (sorted, no whitespace, key
 * order), so that its digest is the one every client computes for the same files.
 */
export function parseCanonicalManifest(text: string): ManifestEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidArgument('data.invalid_manifest', 'The manifest is not valid JSON.');
  }
  const files = (parsed as { files?: unknown } | null)?.files;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length !== 1 ||
    !Array.isArray(files)
  ) {
    throw invalidArgument('data.invalid_manifest', 'A manifest is {"files":[…]} and nothing else.');
  }
  const entries = validateManifestEntries(files);
  if (!isSorted(entries)) {
    const at = entries.findIndex(
      (e, i) => i > 0 && !((entries[i - 1] as ManifestEntry).path < e.path),
    );
    badEntry(at, `(${quote((entries[at] as ManifestEntry).path)}) is out of path order`);
  }
  if (canonicalManifestJson(entries) !== text) {
    throw invalidArgument(
      'data.invalid_manifest',
      'The manifest is not in canonical form (key order, no whitespace, executable only when true).',
    );
  }
  return entries;
}

const sortedCopy = (entries: readonly ManifestEntry[]): readonly ManifestEntry[] =>
  isSorted(entries) ? entries : sortManifest(entries);

/**
 * Files added, removed and changed (digest or executable bit) from `from` to `to`, by one
 * merge walk over both lists in path order (sorted first if they are not).
 */
export function diffManifests(
  from: readonly ManifestEntry[],
  to: readonly ManifestEntry[],
): ManifestDiff {
  const a = sortedCopy(from);
  const b = sortedCopy(to);
  const diff: ManifestDiff = { added: [], removed: [], changed: [], unchangedCount: 0 };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    if (right === undefined || (left !== undefined && left.path < right.path)) {
      diff.removed.push(left as ManifestEntry);
      i++;
    } else if (left === undefined || right.path < left.path) {
      diff.added.push(right);
      j++;
    } else {
      if (
        left.digest === right.digest &&
        (left.executable === true) === (right.executable === true)
      ) {
        diff.unchangedCount++;
      } else {
        const change: FileChange = {
          path: left.path,
          fromDigest: left.digest,
          toDigest: right.digest,
          fromSize: left.size,
          toSize: right.size,
        };
        diff.changed.push(change);
      }
      i++;
      j++;
    }
  }
  return diff;
}

const TABLE_EXTENSIONS: Readonly<Record<string, TableFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  parquet: 'parquet',
  arrow: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/** The table format a file's extension (case-insensitive) announces, if any. */
export function tableFormatFromPath(path: string): TableFormat | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return TABLE_EXTENSIONS[name.slice(dot + 1).toLowerCase()];
}
