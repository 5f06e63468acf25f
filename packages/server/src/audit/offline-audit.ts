/**
 * Audit verification without a running server (`cairn audit verify --data-dir`): opens the
 * store directly and trusts only the key file, so an operator can check a copied data
 * directory on another machine.
 */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultAuditKeyPath, loadAuditSigningKey, openMetadataStore } from '@cairn/adapters';
import { createAuditService, failedPrecondition, systemClock } from '@cairn/core';
import type { AuditPublicKey, AuditVerification } from '@cairn/core';

export interface OfflineAuditOptions {
  /** The server's data directory (SQLite file, default key file). */
  dataDir?: string | undefined;
  /** A PostgreSQL URL instead of the SQLite file. */
  dbUrl?: string | undefined;
  /** The signing key file; default `<dataDir>/audit-signing.key`. */
  auditKeyPath?: string | undefined;
}

function keyPathOf(options: OfflineAuditOptions): string {
  if (options.auditKeyPath !== undefined) return resolve(options.auditKeyPath);
  if (options.dataDir === undefined) {
    throw failedPrecondition(
      'audit.key_missing',
      'Give --audit-key or --data-dir to find the key.',
    );
  }
  return defaultAuditKeyPath(resolve(options.dataDir));
}

/** The public half of the signing key file (never creates one). */
export async function readAuditPublicKey(options: OfflineAuditOptions): Promise<AuditPublicKey> {
  const signer = await loadAuditSigningKey(keyPathOf(options), { create: false });
  return { keyId: signer.keyId, publicKey: signer.publicKey };
}

/** Verifies the whole audit log of a store against the key file's checkpoints. */
export async function verifyAuditOffline(options: OfflineAuditOptions): Promise<AuditVerification> {
  const signer = await loadAuditSigningKey(keyPathOf(options), { create: false });
  const dbUrl = options.dbUrl === '' ? undefined : options.dbUrl;
  if (dbUrl === undefined) {
    const dataDir = resolve(options.dataDir ?? '.');
    // Opening a missing file would create an empty, "intact" database.
    await access(join(dataDir, 'cairn.db')).catch(() => {
      throw failedPrecondition('audit.no_store', `No Cairn database in ${dataDir}.`);
    });
  }
  const store = await openMetadataStore({ url: dbUrl, dataDir: options.dataDir });
  try {
    return await createAuditService({ store: store.audit, signer, clock: systemClock }).verify();
  } finally {
    await store.close();
  }
}
