/** The server's audit wiring: key file created 0600, periodic checkpoints, one more at shutdown. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openMetadataStore } from '@cairn/adapters';
import { startServer } from '../start-server.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function createExperiment(url: string, name: string): Promise<void> {
  const response = await fetch(`${url}/api/v1/experiments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  assert.equal(response.status, 201);
}

describe('server audit checkpoints', () => {
  it('creates the key file, signs while events arrive and once more on close', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cairn-audit-server-'));
    dirs.push(dataDir);
    const server = await startServer({
      port: 0,
      dataDir,
      quiet: true,
      auditCheckpointIntervalMs: 50,
    });
    const keyFile = await stat(join(dataDir, 'audit-signing.key'));
    assert.equal(keyFile.mode & 0o777, 0o600);
    await createExperiment(server.url, 'one');
    let latest: { treeSize: number } | undefined;
    for (let i = 0; i < 100 && latest === undefined; i++) {
      await sleep(20);
      const response = await fetch(`${server.url}/api/v1/audit/checkpoints/latest`);
      if (response.status === 200) latest = (await response.json()) as { treeSize: number };
      else await response.body?.cancel();
    }
    assert.ok(latest !== undefined && latest.treeSize >= 1);
    // Whether the timer or the shutdown signs it, this event must be covered once closed.
    await createExperiment(server.url, 'two');
    await server.close();

    const store = await openMetadataStore({ dataDir });
    try {
      const count = await store.audit.leafCount();
      assert.equal((await store.audit.latestCheckpoint())?.treeSize, count);
    } finally {
      await store.close();
    }
  });
});
