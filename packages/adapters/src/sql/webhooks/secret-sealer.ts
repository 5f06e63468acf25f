/**
 * AES-256-GCM sealing of webhook signing secrets, with the key in a file outside the
 * database (created 0600 on first start): a copy of the database alone does not reveal
 * them. The webhook id is the additional authenticated data, so a sealed secret opens only
 * on its own row.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { CairnError, ErrorCategory, invalidArgument } from '@cairn/core';
import type { SecretSealer } from '@cairn/core';

const PREFIX = 'aes-256-gcm:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export function createAesGcmSealer(key: Uint8Array): SecretSealer {
  if (key.byteLength !== KEY_BYTES) {
    throw invalidArgument(
      'webhooks.invalid_secret_key',
      `The webhook secret key must be ${KEY_BYTES} bytes.`,
    );
  }
  return {
    seal(secret, webhookId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(webhookId, 'utf8'));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url'));
      return PREFIX + parts.join('.');
    },
    open(text, webhookId) {
      const parts = text.startsWith(PREFIX) ? text.slice(PREFIX.length).split('.') : [];
      const [iv, tag, sealed] = parts.map((part) => Buffer.from(part, 'base64url'));
      try {
        if (iv === undefined || tag === undefined || sealed === undefined)
          throw new Error('format');
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(webhookId, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new CairnError(
          ErrorCategory.FAILED_PRECONDITION,
          'webhooks.secret_unreadable',
          "The webhook's secret cannot be opened with this server's webhook key; set a new secret.",
          { cause: error },
        );
      }
    },
  };
}

/** Reads the key file (base64 of 32 bytes); with `create`, writes a fresh one (0600) if missing. */
export async function loadWebhookSecretKey(
  path: string,
  options: { create: boolean },
): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT' || !options.create) throw error;
    const key = randomBytes(KEY_BYTES);
    // `wx`: two servers starting at once must not overwrite each other's fresh key.
    await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
      (writeError: unknown) => {
        if ((writeError as { code?: unknown }).code !== 'EEXIST') throw writeError;
      },
    );
    await chmod(path, 0o600);
    text = await readFile(path, 'utf8');
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.byteLength !== KEY_BYTES) {
    throw invalidArgument(
      'webhooks.invalid_secret_key',
      `${path} does not hold a base64 ${KEY_BYTES}-byte key.`,
    );
  }
  return new Uint8Array(key);
}
