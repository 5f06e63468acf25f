/**
 * Manifest entries come from a store that may have been written by someone else (a pulled
 * version): before a path is joined under a target directory it is checked again, so no
 * entry can write outside the target.
 */
import { invalidArgument } from '@cairn/core';
import type { ManifestEntry } from '@cairn/core';

const DIGEST = /^[0-9a-f]{64}$/;
const MAX_PATH_LENGTH = 4096;

/** Throws `data.invalid_path` / `data.invalid_manifest` unless every entry is safe to write. */
export function checkEntries(entries: ManifestEntry[], kind: 'file' | 'directory'): void {
  if (kind === 'file' && entries.length !== 1) {
    throw invalidArgument('data.invalid_manifest', 'A file version has exactly one entry.');
  }
  const paths = new Set<string>();
  for (const entry of entries) {
    if (typeof entry.digest !== 'string' || !DIGEST.test(entry.digest)) {
      throw invalidArgument(
        'data.invalid_manifest',
        'An entry digest is 64 lowercase hex digits.',
        {
          details: { path: entry.path },
        },
      );
    }
    if (!Number.isSafeInteger(entry.size) || entry.size < 0) {
      throw invalidArgument('data.invalid_manifest', 'An entry size is a non-negative integer.', {
        details: { path: entry.path },
      });
    }
    if (kind === 'directory') {
      checkPath(entry.path);
      if (paths.has(entry.path)) {
        throw invalidArgument('data.invalid_manifest', `The path ${entry.path} appears twice.`, {
          details: { path: entry.path },
        });
      }
      paths.add(entry.path);
    }
  }
  // A path that is also a parent directory of another cannot be written as both.
  for (const path of paths) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      if (paths.has(path.slice(0, slash))) {
        throw invalidArgument(
          'data.invalid_manifest',
          `${path.slice(0, slash)} is both a file and a directory in this manifest.`,
          { details: { path } },
        );
      }
    }
  }
}

function checkPath(path: unknown): void {
  const valid =
    typeof path === 'string' &&
    path.length > 0 &&
    path.length <= MAX_PATH_LENGTH &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !path.includes('\0') &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
  if (!valid) {
    throw invalidArgument(
      'data.invalid_path',
      `The manifest path ${JSON.stringify(path)} is not a relative, normalized path.`,
      { details: { path } },
    );
  }
}
