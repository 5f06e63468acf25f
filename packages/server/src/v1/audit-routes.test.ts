/** The audit routes over the real services and a SQLite store, requests through `app.request`. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import {
  createLocalBlobStore,
  loadAuditSigningKey,
  openMetadataStore,
  type MetadataStore,
} from '@cairn/adapters';
import {
  createArtifactService,
  createAuditService,
  createTrackingService,
  systemClock,
  verifyCheckpointSignature,
  verifyInclusion,
  type AuditApi,
} from '@cairn/core';
import { createApp } from '../app.ts';

let dataDir: string;
let store: MetadataStore;
let audit: AuditApi;
let app: ReturnType<typeof createApp>;

const call = (method: string, path: string, json?: unknown) =>
  app.request(`/api/v1${path}`, {
    method,
    ...(json === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
  });

async function body<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cairn-audit-routes-'));
  store = await openMetadataStore({ dataDir });
  const signer = await loadAuditSigningKey(join(dataDir, 'audit-signing.key'), { create: true });
  audit = createAuditService({ store: store.audit, signer, clock: systemClock });
  app = createApp({
    tracking: createTrackingService({ store: store.tracking, clock: systemClock }),
    artifacts: createArtifactService({
      index: store.artifacts,
      blobs: createLocalBlobStore({ root: join(dataDir, 'blobs') }),
      clock: systemClock,
    }),
    events: store.events,
    audit,
    version: 'test',
  });
});

after(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('audit routes', () => {
  it('lists the log with filters and pages', async () => {
    await body(await call('POST', '/experiments', { name: 'audited' }), 201);
    await body(await call('POST', '/experiments', { name: 'audited-2' }), 201);
    const all = await body<{ items: { seq: number; type: string }[] }>(
      await call('GET', '/audit/log'),
      200,
    );
    assert.equal(all.items.length, 2);
    assert.deepEqual(
      all.items.map((e) => e.seq),
      [1, 2],
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
      await call('GET', `/audit/log?type=${all.items[0]!.type}&since=0`),
      200,
    );
    assert.equal(typed.items.length, 2);
    await body(await call('GET', '/audit/log?maxResults=0'), 400);
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
    assert.equal(checkpoint.treeSize, 2);
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
    await body(await call('GET', '/audit/proof/3'), 404);
    await body(await call('GET', '/audit/proof/0'), 400);
    const consistency = await body<{ proof: string[] }>(
      await call('GET', '/audit/consistency?from=1&to=2'),
      200,
    );
    assert.equal(consistency.proof.length, 1);
  });

  it('verifies an intact log, then names the row edited behind the server', async () => {
    assert.deepEqual(await body(await call('POST', '/audit/verify', {}), 200), {
      ok: true,
      treeSize: 2,
      checkedEntries: 2,
      checkpointSize: 2,
    });
    const raw = new DatabaseSync(join(dataDir, 'cairn.db'));
    raw.exec(`update events set actor = 'mallory' where seq = 2`);
    raw.close();
    const result = await body<{ ok: boolean; firstBadSeq: number; reason: string }>(
      await call('POST', '/audit/verify', {}),
      200,
    );
    assert.deepEqual([result.ok, result.firstBadSeq, result.reason], [false, 2, 'content_changed']);
  });
});
