/** The audit routes over the real services and a SQLite store, requests through `app.request`. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createAuditService,
  createEd25519Signer,
  systemClock,
  verifyCheckpointSignature,
  verifyInclusion,
  type AuditApi,
} from '@cairn/core';
import { generateKeyPairSync } from 'node:crypto';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

let testApp: TestApp;
let service: AuditApi;

// The test app opens its own store, so the audit service over it is bound once it exists.
const audit: AuditApi = {
  publicKey: () => service.publicKey(),
  checkpointNow: () => service.checkpointNow(),
  latestCheckpoint: () => service.latestCheckpoint(),
  inclusionProof: (seq) => service.inclusionProof(seq),
  consistencyProof: (from, to) => service.consistencyProof(from, to),
  verify: () => service.verify(),
  searchLog: (filter, page) => service.searchLog(filter, page),
};

const call = (method: string, path: string, json?: unknown) =>
  testApp.call(method, `/api/v1${path}`, json === undefined ? {} : { json });

async function body<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

before(async () => {
  testApp = await createTestApp({ audit });
  const signer = createEd25519Signer(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
  service = createAuditService({ store: testApp.store.audit, signer, clock: systemClock });
});

after(() => testApp.close());

describe('audit routes', () => {
  it('lists the log with filters and pages', async () => {
    await body(await call('POST', '/experiments', { name: 'audited' }), 201);
    await body(await call('POST', '/experiments', { name: 'audited-2' }), 201);
    const all = await body<{ items: { seq: number; type: string }[] }>(
      await call('GET', '/audit/log'),
      200,
    );
    // The Default experiment's creation comes first.
    assert.equal(all.items.length, 3);
    assert.deepEqual(
      all.items.map((e) => e.seq),
      [1, 2, 3],
    );
    const page = await body<{ items: unknown[]; nextPageToken?: string }>(
      await call('GET', '/audit/log?maxResults=1'),
      200,
    );
    assert.equal(page.items.length, 1);
    assert.ok(page.nextPageToken);
    const none = await body<{ items: unknown[] }>(
      await call('GET', '/audit/log?actor=nobody'),
      200,
    );
    assert.deepEqual(none.items, []);
    const typed = await body<{ items: { type: string }[] }>(
      await call('GET', `/audit/log?type=${all.items[1]!.type}&since=0&actor=local`),
      200,
    );
    assert.equal(typed.items.length, 2);
    assert.ok(typed.items.every((e) => e.type === all.items[1]!.type));
    await body(await call('GET', '/audit/log?maxResults=0'), 400);
  });

  it('lists the log newest first with order=desc, paging backwards', async () => {
    const seqs: number[] = [];
    let token: string | undefined;
    do {
      const page = await body<{ items: { seq: number }[]; nextPageToken?: string }>(
        await call(
          'GET',
          `/audit/log?order=desc&maxResults=2${token === undefined ? '' : `&pageToken=${token}`}`,
        ),
        200,
      );
      seqs.push(...page.items.map((e) => e.seq));
      token = page.nextPageToken;
    } while (token !== undefined);
    assert.deepEqual(seqs, [3, 2, 1]);
    const asc = await body<{ items: { seq: number }[] }>(
      await call('GET', '/audit/log?order=asc'),
      200,
    );
    assert.deepEqual(
      asc.items.map((e) => e.seq),
      [1, 2, 3],
    );
    const error = await body<{ error: { category: string } }>(
      await call('GET', '/audit/log?order=newest'),
      400,
    );
    assert.equal(error.error.category, 'INVALID_ARGUMENT');
  });

  it('serves the signed checkpoint, its key and inclusion proofs', async () => {
    await body(await call('GET', '/audit/checkpoints/latest'), 404);
    await audit.checkpointNow();
    const checkpoint = await body<{
      treeSize: number;
      rootHash: string;
      keyId: string;
      time: number;
      signature: string;
    }>(await call('GET', '/audit/checkpoints/latest'), 200);
    assert.equal(checkpoint.treeSize, 3);
    const key = await body<{ keyId: string; publicKey: string }>(
      await call('GET', '/audit/key'),
      200,
    );
    assert.ok(verifyCheckpointSignature(checkpoint, [key]));
    const proof = await body<{ leafHash: string; proof: string[]; treeSize: number }>(
      await call('GET', '/audit/proof/2'),
      200,
    );
    assert.ok(
      verifyInclusion(
        1,
        proof.treeSize,
        Buffer.from(proof.leafHash, 'hex'),
        proof.proof.map((p) => Buffer.from(p, 'hex')),
        Buffer.from(checkpoint.rootHash, 'hex'),
      ),
    );
    await body(await call('GET', '/audit/proof/4'), 404);
    await body(await call('GET', '/audit/proof/0'), 400);
    const consistency = await body<{ proof: string[] }>(
      await call('GET', '/audit/consistency?from=2&to=3'),
      200,
    );
    assert.equal(consistency.proof.length, 1);
  });

  it('verifies the log (the tamper cases are in tests/integration/audit-tamper.test.ts)', async () => {
    assert.deepEqual(await body(await call('POST', '/audit/verify', {}), 200), {
      ok: true,
      treeSize: 3,
      checkedEntries: 3,
      checkpointSize: 3,
    });
  });
});
