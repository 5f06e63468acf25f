/**
 * For the workspace tests: a throwaway directory per test file with fresh paths and file
 * trees inside it, and the small assertions those tests share. Not exported from the
 * package index.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A temporary directory that lives until the calling test file's tests are done. */
export interface ScratchDir {
  readonly base: string;
  /** A path under `base` no earlier call returned (`${name}${n}`); nothing is created. */
  readonly fresh: (name: string) => string;
  /** A new directory holding `files` (relative path → content), parents made as needed. */
  readonly tree: (files: Readonly<Record<string, string | Uint8Array>>) => string;
}

/** Makes a scratch directory named `prefix…` under the OS temp dir, removed by an `after` hook. */
export function createScratchDir(prefix: string): ScratchDir {
  const base = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(base, { recursive: true, force: true }));
  let counter = 0;
  const fresh = (name: string): string => {
    counter += 1;
    return join(base, `${name}${counter}`);
  };
  return {
    base,
    fresh,
    tree: (files) => {
      const root = fresh('t');
      mkdirSync(root);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      return root;
    },
  };
}

/** The lowercase hex SHA-256 of `bytes`. */
export const sha256 = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

/** Asserts that `promise` rejects with an error whose `code` is `code`. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as { code?: string }).code, code);
    return true;
  });
}
