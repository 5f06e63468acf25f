import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { StoredEvent } from '../kernel/index.ts';
import { eventLeafHash } from './audit-leaf.ts';
import { AuditFailure, verifyAuditLog, type AuditRow } from './audit-verifier.ts';
import { canonicalJson } from './canonical-json.ts';
import {
  checkpointText,
  createEd25519Signer,
  signCheckpoint,
  verifyCheckpointSignature,
  type SignedCheckpoint,
} from './checkpoint.ts';
import { treeRoot } from './merkle-tree.ts';

const newSigner = () =>
  createEd25519Signer(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
const signer = newSigner();
const trusted = [{ keyId: signer.keyId, publicKey: signer.publicKey }];

function events(n: number): StoredEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    type: 'tracking.run.created',
    entityType: 'run',
    entityId: `run-${i + 1}`,
    actor: i % 2 === 0 ? 'alice' : 'bob',
    time: 1_700_000_000_000 + i,
    payload: { experimentId: '1', index: i, nested: { b: 1, a: [1, 'x'] } },
  }));
}

function rowsOf(log: StoredEvent[]): AuditRow[] {
  return log.map((event) => ({ seq: event.seq, event, leafHash: eventLeafHash(event) }));
}

function checkpointOf(log: StoredEvent[], size = log.length): SignedCheckpoint {
  return signCheckpoint(signer, size, treeRoot(log.slice(0, size).map(eventLeafHash)), 42);
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'é' }, u: undefined }),
      '{"a":{"c":"é","d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });
});

describe('checkpoints', () => {
  it('verify under the trusted key only, and not after any field changes', () => {
    const checkpoint = checkpointOf(events(5));
    assert.ok(verifyCheckpointSignature(checkpoint, trusted));
    assert.match(
      checkpointText(5, checkpoint.rootHash, 42),
      /^cairn\.audit\/v1\n5\n[A-Za-z0-9+/=]{44}\n42\n$/,
    );
    for (const forged of [
      { ...checkpoint, treeSize: 4 },
      { ...checkpoint, time: 43 },
      { ...checkpoint, rootHash: '00'.repeat(32) },
      { ...checkpoint, signature: 'AAAA' },
    ]) {
      assert.equal(verifyCheckpointSignature(forged, trusted), false);
    }
    const other = newSigner();
    const byOther = signCheckpoint(other, 5, Buffer.from(checkpoint.rootHash, 'hex'), 42);
    assert.equal(verifyCheckpointSignature(byOther, trusted), false);
  });
});

describe('verifyAuditLog', () => {
  const log = events(9);

  it('accepts an intact log with checkpoints at several sizes', async () => {
    const result = await verifyAuditLog({
      rows: rowsOf(log),
      checkpoints: [checkpointOf(log, 3), checkpointOf(log)],
      trustedKeys: trusted,
      issuedCount: 9,
    });
    assert.deepEqual(result, { ok: true, treeSize: 9, checkedEntries: 9, checkpointSize: 9 });
  });

  it('names an edited entry as content_changed', async () => {
    const rows = rowsOf(log);
    rows[4] = { ...rows[4]!, event: { ...log[4]!, actor: 'mallory' } };
    const result = await verifyAuditLog({
      rows,
      checkpoints: [checkpointOf(log)],
      trustedKeys: trusted,
    });
    assert.equal(result.reason, AuditFailure.CONTENT_CHANGED);
    assert.equal(result.firstBadSeq, 5);
  });

  it('names the first of two swapped entries as reordered', async () => {
    const rows = rowsOf(log);
    rows[2] = { ...rows[2]!, event: { ...log[6]!, seq: 3 } };
    rows[6] = { ...rows[6]!, event: { ...log[2]!, seq: 7 } };
    const result = await verifyAuditLog({ rows, checkpoints: [], trustedKeys: trusted });
    assert.equal(result.reason, AuditFailure.REORDERED);
    assert.equal(result.firstBadSeq, 3);
  });

  it('places an entry rewritten with its leaf between the checkpoints around it', async () => {
    const rows = rowsOf(log);
    const edited = { ...log[5]!, payload: { forged: true } };
    rows[5] = { seq: 6, event: edited, leafHash: eventLeafHash(edited) };
    const checkpoints = [3, 5, 6, 9].map((size) => checkpointOf(log, size));
    const exact = await verifyAuditLog({ rows, checkpoints, trustedKeys: trusted });
    assert.equal(exact.reason, AuditFailure.CHECKPOINT_MISMATCH);
    assert.equal(exact.firstBadSeq, 6);
    assert.equal(exact.lastSuspectSeq, 6);
    const coarse = await verifyAuditLog({
      rows,
      checkpoints: [checkpointOf(log, 3), checkpointOf(log)],
      trustedKeys: trusted,
    });
    assert.equal(coarse.firstBadSeq, 4);
    assert.equal(coarse.lastSuspectSeq, 9);
  });

  it('names gaps, missing events, extra entries and a truncated tail', async () => {
    const checkpoints = [checkpointOf(log)];
    const gap = rowsOf(log).filter((row) => row.seq !== 4);
    assert.deepEqual(pick(await verifyAuditLog({ rows: gap, checkpoints, trustedKeys: trusted })), [
      AuditFailure.MISSING_ENTRY,
      4,
    ]);
    const eventGone = rowsOf(log).map((row) =>
      row.seq === 2 ? { seq: 2, leafHash: row.leafHash } : row,
    );
    assert.deepEqual(
      pick(await verifyAuditLog({ rows: eventGone, checkpoints, trustedKeys: trusted })),
      [AuditFailure.MISSING_ENTRY, 2],
    );
    const extra = [...rowsOf(log), { seq: 10, event: { ...log[0]!, seq: 10 } }];
    assert.deepEqual(
      pick(
        await verifyAuditLog({ rows: extra, checkpoints, trustedKeys: trusted, issuedCount: 9 }),
      ),
      [AuditFailure.EXTRA_ENTRY, 10],
    );
    const truncated = rowsOf(log).slice(0, 7);
    assert.deepEqual(
      pick(await verifyAuditLog({ rows: truncated, checkpoints, trustedKeys: trusted })),
      [AuditFailure.LOG_SHORTER_THAN_CHECKPOINT, 8],
    );
    const pastCheckpoint = rowsOf(log).slice(0, 8);
    assert.deepEqual(
      pick(
        await verifyAuditLog({
          rows: pastCheckpoint,
          checkpoints: [checkpointOf(log, 8)],
          trustedKeys: trusted,
          issuedCount: 9,
        }),
      ),
      [AuditFailure.MISSING_ENTRY, 9],
    );
  });

  it('refuses a forged checkpoint and a fork of two signed ones', async () => {
    const forged = { ...checkpointOf(log), rootHash: 'ab'.repeat(32) };
    const result = await verifyAuditLog({
      rows: rowsOf(log),
      checkpoints: [checkpointOf(log, 4), forged],
      trustedKeys: trusted,
    });
    assert.equal(result.reason, AuditFailure.CHECKPOINT_SIGNATURE_INVALID);
    assert.equal(result.firstBadSeq, undefined);
    const fork = signCheckpoint(signer, 9, new Uint8Array(32), 1);
    const forkResult = await verifyAuditLog({
      rows: rowsOf(log),
      checkpoints: [checkpointOf(log), fork],
      trustedKeys: trusted,
    });
    assert.equal(forkResult.reason, AuditFailure.CHECKPOINT_FORK);
  });
});

function pick(result: {
  reason?: string;
  firstBadSeq?: number;
}): [string | undefined, number | undefined] {
  return [result.reason, result.firstBadSeq];
}
