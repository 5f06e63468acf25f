/**
 * The audit signing key: an Ed25519 private key in a PEM file outside the database, by
 * default `<dataDir>/audit-signing.key`, created with mode 0600 on first use. Whoever can
 * rewrite the database but not read this file cannot forge a checkpoint.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createEd25519Signer, failedPrecondition } from '@cairn/core';
import type { CheckpointSigner } from '@cairn/core';

export const AUDIT_KEY_FILE_NAME = 'audit-signing.key';

export function defaultAuditKeyPath(dataDir: string): string {
  return join(dataDir, AUDIT_KEY_FILE_NAME);
}

async function readKey(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Loads the key at `path`; with `create`, generates it there first when it does not exist. */
export async function loadAuditSigningKey(
  path: string,
  options: { create: boolean },
): Promise<CheckpointSigner> {
  let pem = await readKey(path);
  if (pem === undefined) {
    if (!options.create) {
      throw failedPrecondition(
        'audit.key_missing',
        `No audit signing key at ${path}. Give the key file with --audit-key or CAIRN_AUDIT_KEY.`,
      );
    }
    await mkdir(dirname(path), { recursive: true });
    const generated = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    try {
      // 'wx': two processes starting at once must not overwrite each other's key.
      await writeFile(path, generated, { mode: 0o600, flag: 'wx' });
      await chmod(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    pem = await readFile(path, 'utf8');
  }
  return createEd25519Signer(pem);
}
