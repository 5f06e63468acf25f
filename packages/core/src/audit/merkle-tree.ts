/**
 * RFC 6962 (Certificate Transparency) Merkle tree hashing, in the RFC 9162 formulation:
 * leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right), and a tree of n > 1
 * leaves splits at k, the largest power of two below n. The 0x00/0x01 prefixes keep a
 * leaf from posing as an interior node (second-preimage attack). Leaf index i is 0-based.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type Hash = Uint8Array;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Hash {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** MTH({}): SHA-256 of the empty string. */
export function emptyRoot(): Hash {
  return sha256();
}

export function hashLeaf(data: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, data);
}

export function hashChildren(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

export function hashesEqual(a: Hash, b: Hash): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 6962 splits a tree. */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`cannot split a tree of ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes `leaves[from..to)`. */
function subtreeRoot(leaves: readonly Hash[], from: number, to: number): Hash {
  const n = to - from;
  if (n === 0) return emptyRoot();
  if (n === 1) return leaves[from] as Hash;
  const k = largestPowerOfTwoBelow(n);
  return hashChildren(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** The tree head of the given leaf hashes (all of them). */
export function treeRoot(leaves: readonly Hash[]): Hash {
  return subtreeRoot(leaves, 0, leaves.length);
}

function checkSize(index: number, size: number, available: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > available) {
    throw new RangeError(`tree size ${size} is outside 0..${available}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is outside a tree of ${size}`);
  }
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(leaves: readonly Hash[], index: number, size: number): Hash[] {
  checkSize(index, size, leaves.length);
  const path = (m: number, from: number, to: number): Hash[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k
      ? [...path(m, from, from + k), subtreeRoot(leaves, from + k, to)]
      : [...path(m - k, from + k, to), subtreeRoot(leaves, from, from + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: that the tree of `first` leaves is a prefix of the tree of `second`. */
export function consistencyProof(leaves: readonly Hash[], first: number, second: number): Hash[] {
  if (!Number.isSafeInteger(second) || second < 0 || second > leaves.length) {
    throw new RangeError(`tree size ${second} is outside 0..${leaves.length}`);
  }
  if (!Number.isSafeInteger(first) || first < 0 || first > second) {
    throw new RangeError(`first size ${first} is outside 0..${second}`);
  }
  if (first === 0 || first === second) return [];
  const subproof = (m: number, from: number, to: number, complete: boolean): Hash[] => {
    const n = to - from;
    if (m === n) return complete ? [] : [subtreeRoot(leaves, from, to)];
    const k = largestPowerOfTwoBelow(n);
    return m <= k
      ? [...subproof(m, from, from + k, complete), subtreeRoot(leaves, from + k, to)]
      : [...subproof(m - k, from + k, to, false), subtreeRoot(leaves, from, from + k)];
  };
  return subproof(first, 0, second, true);
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/**
 * RFC 9162 §2.1.3.2. Every input is untrusted: a malformed proof is `false`, never an
 * exception. Note the tree size is authenticated by the signed checkpoint, not the proof.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return false;
  }
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashesEqual(r, root);
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (first, firstRoot) is a prefix of (second, secondRoot). */
export function verifyConsistency(
  first: number,
  firstRoot: Hash,
  second: number,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0) return false;
  if (first > second) return false;
  if (firstRoot.length !== 32 || secondRoot.length !== 32) return false;
  if (proof.some((p) => p.length !== 32)) return false;
  if (first === second) return proof.length === 0 && hashesEqual(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && hashesEqual(firstRoot, emptyRoot());
  if (proof.length === 0) return false;
  // When the old tree is a perfect subtree of the new one, its root starts the path.
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Hash;
  let sr = path[0] as Hash;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashesEqual(fr, firstRoot) && hashesEqual(sr, secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * The tree head of a growing log in O(log n) memory: the roots of the perfect subtrees
 * that make up the first n leaves, merged right to left exactly as RFC 6962 splits.
 */
export interface CompactRange {
  readonly size: number;
  append(leaf: Hash): void;
  root(): Hash;
}

export function createCompactRange(): CompactRange {
  const stack: { hash: Hash; size: number }[] = [];
  let size = 0;
  return {
    get size() {
      return size;
    },
    append(leaf) {
      let top = { hash: leaf, size: 1 };
      while (stack.length > 0 && (stack[stack.length - 1] as { size: number }).size === top.size) {
        const left = stack.pop() as { hash: Hash; size: number };
        top = { hash: hashChildren(left.hash, top.hash), size: left.size * 2 };
      }
      stack.push(top);
      size++;
    },
    root() {
      if (stack.length === 0) return emptyRoot();
      let root = (stack[stack.length - 1] as { hash: Hash }).hash;
      for (let i = stack.length - 2; i >= 0; i--) {
        root = hashChildren((stack[i] as { hash: Hash }).hash, root);
      }
      return root;
    },
  };
}
