/**
 * Deterministic benchmark inputs. Every byte comes from an AES-256-CTR keystream keyed by a
 * fixed label, so two runs (and the two trees written in one run) hold identical files, and
 * the bytes are incompressible like real images or model shards. Each tree is written to
 * several roots in one pass, so DVC and Cairn each get their own identical copy.
 */
import { createCipheriv, createHash } from 'node:crypto';
import type { Cipheriv } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface DataSizes {
  /** Phase 1 and 4: files in `small/`, ~`smallMeanBytes` each, 10 × 10 nested directories. */
  smallFiles: number;
  smallMeanBytes: number;
  /** Phase 2: the size of `large.bin`. */
  largeBytes: number;
  /** Phase 3: files in `many/`, ~`manyMeanBytes` each, 1000 per directory. */
  manyFiles: number;
  manyMeanBytes: number;
  /** Phase 4: how many `small/` files are rewritten before the re-add. */
  changedFiles: number;
}

export const treeNames = { small: 'small', large: 'large.bin', many: 'many' } as const;

function keystream(label: string): Cipheriv {
  const key = createHash('sha256').update(`cairn-bench-data:${label}`).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
}

/** Sizes spread uniformly over [mean/2, 3·mean/2), from a fixed xorshift sequence. */
function sizeSequence(mean: number, seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return Math.floor(mean / 2 + (x / 2 ** 32) * mean);
  };
}

function writeEverywhere(roots: string[], relative: string, bytes: Buffer): void {
  for (const root of roots) writeFileSync(path.join(root, relative), bytes);
}

function mkdirEverywhere(roots: string[], relative: string): void {
  for (const root of roots) mkdirSync(path.join(root, relative), { recursive: true });
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `small/dNN/eN/file-NNNNN.bin`: 10 top directories × 10 sub-directories. */
export function smallFilePath(i: number, total: number): string {
  const perTop = Math.ceil(total / 10);
  const perSub = Math.ceil(perTop / 10);
  const top = Math.floor(i / perTop);
  const sub = Math.floor((i % perTop) / perSub);
  return path.join(treeNames.small, `d${pad(top, 2)}`, `e${sub}`, `file-${pad(i, 5)}.bin`);
}

function manyFilePath(i: number): string {
  return path.join(treeNames.many, `d${pad(Math.floor(i / 1000), 3)}`, `f${pad(i, 6)}.txt`);
}

/** The indices of the `small/` files the re-add phase rewrites: every (total/changed)-th one. */
export function changedIndices(sizes: DataSizes): number[] {
  const step = Math.floor(sizes.smallFiles / sizes.changedFiles);
  return Array.from({ length: sizes.changedFiles }, (_, k) => k * step + Math.floor(step / 2));
}

export function writeSmallTree(
  roots: string[],
  sizes: DataSizes,
): { files: number; bytes: number } {
  const stream = keystream('small');
  const nextSize = sizeSequence(sizes.smallMeanBytes, 0x5eed1);
  let bytes = 0;
  const made = new Set<string>();
  for (let i = 0; i < sizes.smallFiles; i++) {
    const relative = smallFilePath(i, sizes.smallFiles);
    const dir = path.dirname(relative);
    if (!made.has(dir)) {
      mkdirEverywhere(roots, dir);
      made.add(dir);
    }
    const size = nextSize();
    writeEverywhere(roots, relative, stream.update(Buffer.alloc(size)));
    bytes += size;
  }
  return { files: sizes.smallFiles, bytes };
}

export function writeManyTree(roots: string[], sizes: DataSizes): { files: number; bytes: number } {
  const stream = keystream('many');
  const nextSize = sizeSequence(sizes.manyMeanBytes, 0x5eed2);
  let bytes = 0;
  for (let i = 0; i < sizes.manyFiles; i++) {
    const relative = manyFilePath(i);
    if (i % 1000 === 0) mkdirEverywhere(roots, path.dirname(relative));
    const size = nextSize();
    writeEverywhere(roots, relative, stream.update(Buffer.alloc(size)));
    bytes += size;
  }
  return { files: sizes.manyFiles, bytes };
}

export function writeLargeFile(
  roots: string[],
  sizes: DataSizes,
): { files: number; bytes: number } {
  const stream = keystream('large');
  const chunk = Buffer.alloc(8 * 2 ** 20);
  const fds = roots.map((root) => openSync(path.join(root, treeNames.large), 'w'));
  try {
    for (let left = sizes.largeBytes; left > 0; left -= chunk.length) {
      const bytes = stream.update(left >= chunk.length ? chunk : chunk.subarray(0, left));
      for (const fd of fds) writeSync(fd, bytes);
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  return { files: 1, bytes: sizes.largeBytes };
}

/**
 * Rewrites 1% of `small/` in every root with new bytes of the same size (so only mtime, ctime
 * and content tell the change); returns the paths changed.
 */
export function changeSmallTree(roots: string[], sizes: DataSizes): string[] {
  const stream = keystream('small-changed');
  const originalSize = sizeSequence(sizes.smallMeanBytes, 0x5eed1);
  const wanted = new Set(changedIndices(sizes));
  const changed: string[] = [];
  for (let i = 0; i < sizes.smallFiles; i++) {
    const size = originalSize();
    if (!wanted.has(i)) continue;
    const relative = smallFilePath(i, sizes.smallFiles);
    writeEverywhere(roots, relative, stream.update(Buffer.alloc(size)));
    changed.push(relative);
  }
  return changed;
}
