import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  consistencyProof,
  createCompactRange,
  emptyRoot,
  hashLeaf,
  inclusionProof,
  largestPowerOfTwoBelow,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle-tree.ts';

const hex = (h: Hash) => Buffer.from(h).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

// The Certificate Transparency / RFC 6962 reference data (certificate-transparency's
// merkle tests, transparency-dev/merkle): eight leaves and MTH(D[n]) for n = 0..8.
const LEAF_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

const LEAVES = LEAF_DATA.map(hashLeaf);
const ownLeaves = (n: number) =>
  Array.from({ length: n }, (_, i) => hashLeaf(new TextEncoder().encode(`entry-${i}`)));
const flipBit = (h: Hash): Hash => {
  const copy = new Uint8Array(h);
  copy[0] = (copy[0] as number) ^ 1;
  return copy;
};

describe('RFC 6962 reference vectors', () => {
  it('reproduces every published tree head, from scratch and incrementally', () => {
    assert.equal(hex(emptyRoot()), ROOTS[0]);
    const range = createCompactRange();
    assert.equal(hex(range.root()), ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      assert.equal(hex(treeRoot(LEAVES.slice(0, n))), ROOTS[n], `size ${n}`);
      range.append(LEAVES[n - 1] as Hash);
      assert.equal(hex(range.root()), ROOTS[n], `compact range size ${n}`);
    }
  });

  it('generates and verifies the published inclusion proofs', () => {
    for (const [index, size, expected] of INCLUSION) {
      const proof = inclusionProof(LEAVES, index, size);
      assert.deepEqual(proof.map(hex), expected);
      const root = unhex(ROOTS[size] as string);
      assert.ok(verifyInclusion(index, size, LEAVES[index] as Hash, proof, root));
      for (let i = 0; i < proof.length; i++) {
        const bad = proof.map((p, j) => (j === i ? flipBit(p) : p));
        assert.equal(verifyInclusion(index, size, LEAVES[index] as Hash, bad, root), false);
      }
    }
  });

  it('generates and verifies the published consistency proofs, and rejects mutations', () => {
    for (const [first, second, expected] of CONSISTENCY) {
      const proof = consistencyProof(LEAVES, first, second);
      assert.deepEqual(proof.map(hex), expected);
      const r1 = unhex(ROOTS[first] as string);
      const r2 = unhex(ROOTS[second] as string);
      assert.ok(verifyConsistency(first, r1, second, r2, proof));
      for (let i = 0; i < proof.length; i++) {
        const bad = proof.map((p, j) => (j === i ? flipBit(p) : p));
        assert.equal(verifyConsistency(first, r1, second, r2, bad), false);
      }
      // Preceding garbage and a truncated proof are refusals.
      if (proof.length > 0) {
        assert.equal(verifyConsistency(first, r1, second, r2, [emptyRoot(), ...proof]), false);
        assert.equal(verifyConsistency(first, r1, second, r2, proof.slice(0, -1)), false);
      }
    }
  });
});

describe('Merkle proofs over our own trees', () => {
  it('splits at the largest power of two strictly below n', () => {
    assert.deepEqual(
      [2, 3, 4, 5, 8, 9, 1025].map(largestPowerOfTwoBelow),
      [1, 2, 2, 4, 4, 8, 1024],
    );
    assert.throws(() => largestPowerOfTwoBelow(1), RangeError);
  });

  it('verifies every inclusion proof up to 40 leaves and refuses a wrong leaf, index or root', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = ownLeaves(n);
      const root = treeRoot(leaves);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i, n);
        assert.ok(verifyInclusion(i, n, leaves[i] as Hash, proof, root), `n=${n} i=${i}`);
        assert.equal(verifyInclusion(i, n, flipBit(leaves[i] as Hash), proof, root), false);
        assert.equal(verifyInclusion(i, n, leaves[i] as Hash, proof, flipBit(root)), false);
        if (n > 1) {
          assert.equal(verifyInclusion((i + 1) % n, n, leaves[i] as Hash, proof, root), false);
        }
      }
      assert.equal(verifyInclusion(n, n, leaves[0] as Hash, [], root), false);
    }
  });

  it('verifies every consistency proof up to 24 leaves and refuses a forked or shrunk log', () => {
    for (let n = 1; n <= 24; n++) {
      const leaves = ownLeaves(n);
      const root = treeRoot(leaves);
      for (let m = 0; m <= n; m++) {
        const oldRoot = treeRoot(leaves.slice(0, m));
        const proof = consistencyProof(leaves, m, n);
        assert.ok(verifyConsistency(m, oldRoot, n, root, proof), `m=${m} n=${n}`);
        if (m > 0 && m < n) {
          assert.equal(verifyConsistency(m, flipBit(oldRoot), n, root, proof), false);
          assert.equal(verifyConsistency(m, oldRoot, n, flipBit(root), proof), false);
        }
      }
      // A rewritten history: same size, other first leaf.
      if (n > 1) {
        const forked = [flipBit(leaves[0] as Hash), ...leaves.slice(1)];
        const proof = consistencyProof(leaves, 1, n);
        assert.equal(verifyConsistency(1, forked[0] as Hash, n, root, proof), false);
      }
      assert.equal(verifyConsistency(n, root, n - 1, root, []), false);
    }
  });
});
