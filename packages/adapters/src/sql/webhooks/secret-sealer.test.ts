import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAesGcmSealer, loadWebhookSecretKey } from './secret-sealer.ts';

describe('webhook secret sealer', () => {
  it('round-trips, never stores the plaintext, and binds to the webhook id and key', () => {
    const sealer = createAesGcmSealer(randomBytes(32));
    const sealed = sealer.seal('whsec_plaintext-secret', 'hook-1');
    assert.ok(!sealed.includes('plaintext'));
    assert.notEqual(sealed, sealer.seal('whsec_plaintext-secret', 'hook-1'), 'fresh IV each time');
    assert.equal(sealer.open(sealed, 'hook-1'), 'whsec_plaintext-secret');
    assert.throws(() => sealer.open(sealed, 'hook-2'), { code: 'webhooks.secret_unreadable' });
    assert.throws(() => createAesGcmSealer(randomBytes(32)).open(sealed, 'hook-1'), {
      code: 'webhooks.secret_unreadable',
    });
    assert.throws(() => sealer.open('whsec_plaintext-secret', 'hook-1'), {
      code: 'webhooks.secret_unreadable',
    });
  });

  it('creates the key file 0600 once and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-webhook-key-'));
    try {
      const path = join(dir, 'webhook-secrets.key');
      await assert.rejects(loadWebhookSecretKey(path, { create: false }), { code: 'ENOENT' });
      const first = await loadWebhookSecretKey(path, { create: true });
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.deepEqual(await loadWebhookSecretKey(path, { create: true }), first);
      assert.equal(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64').length, 32);
      await writeFile(path, 'c2hvcnQ=\n');
      await assert.rejects(loadWebhookSecretKey(path, { create: true }), {
        code: 'webhooks.invalid_secret_key',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
