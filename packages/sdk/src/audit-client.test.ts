/** The SDK's audit client against the real server (SQLite in a temporary directory). */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from '@cairn/server';
import { createClient, type CairnClient } from './client.ts';
import { CairnApiError } from './errors.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let dataDir: string;
let client: CairnClient;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cairn-sdk-audit-'));
  server = await startServer({ port: 0, dataDir, quiet: true, auditCheckpointIntervalMs: 20 });
  client = createClient({ url: server.url });
});
after(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('audit client', () => {
  it('reads the filtered log, the checkpoint, a proof and the verification', async () => {
    await client.experiments.create({ name: 'audited' });
    const log = await client.audit.log({ type: 'tracking.experiment.created', maxResults: 1 });
    assert.equal(log.items.length, 1);
    assert.ok(log.nextPageToken !== undefined, 'the Default experiment and ours');
    const next = await client.audit.log({
      type: 'tracking.experiment.created',
      pageToken: log.nextPageToken,
    });
    assert.ok(next.items[0]!.seq > log.items[0]!.seq);
    const newest = await client.audit.log({ type: 'tracking.experiment.created', order: 'desc' });
    assert.deepEqual(
      newest.items.map((e) => e.seq),
      [next.items[0]!.seq, log.items[0]!.seq],
    );

    let checkpoint;
    for (let i = 0; i < 100 && checkpoint?.treeSize !== next.items[0]!.seq; i++) {
      await sleep(20);
      checkpoint = await client.audit.latestCheckpoint().catch((error: unknown) => {
        if (error instanceof CairnApiError && error.status === 404) return undefined;
        throw error;
      });
    }
    assert.ok(checkpoint !== undefined);
    const key = await client.audit.publicKey();
    assert.equal(checkpoint.keyId, key.keyId);
    const proof = await client.audit.inclusionProof(1);
    assert.equal(proof.treeSize, checkpoint.treeSize);
    assert.deepEqual(await client.audit.verify(), {
      ok: true,
      treeSize: checkpoint.treeSize,
      checkedEntries: checkpoint.treeSize,
      checkpointSize: checkpoint.treeSize,
    });
  });
});
