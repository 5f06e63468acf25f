/**
 * Signed checkpoints (signed tree heads), shaped like a C2SP tlog-checkpoint note: the
 * signed text is `<origin>\n<tree size>\n<base64 root>\n<time>\n`, signed with Ed25519.
 * The key lives outside the database, so whoever can rewrite rows cannot re-sign them.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { invalidArgument } from '../kernel/index.ts';
import type { Hash } from './merkle-tree.ts';

/** The origin line of every Cairn audit checkpoint. */
export const AUDIT_CHECKPOINT_ORIGIN = 'cairn.audit/v1';

export interface SignedCheckpoint {
  treeSize: number;
  /** Lower-case hex of the Merkle tree head over the first `treeSize` leaves. */
  rootHash: string;
  /** Milliseconds since the epoch when it was signed. */
  time: number;
  /** Hex of the first 8 bytes of SHA-256 over the raw public key. */
  keyId: string;
  /** Base64 Ed25519 signature over `checkpointText(…)`. */
  signature: string;
}

/** Base64 of the raw 32-byte Ed25519 public key, with the id checkpoints name it by. */
export interface AuditPublicKey {
  keyId: string;
  publicKey: string;
}

export interface CheckpointSigner extends AuditPublicKey {
  sign(text: Uint8Array): Uint8Array;
}

export function checkpointText(treeSize: number, rootHash: string, time: number): string {
  const root = Buffer.from(rootHash, 'hex').toString('base64');
  return `${AUDIT_CHECKPOINT_ORIGIN}\n${treeSize}\n${root}\n${time}\n`;
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw invalidArgument('audit.invalid_key', 'The audit signing key must be an Ed25519 key.');
  }
  return Buffer.from(jwk.x, 'base64url');
}

export function auditKeyId(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

/** A signer from a PKCS#8 PEM Ed25519 private key (the content of the key file). */
export function createEd25519Signer(privateKeyPem: string): CheckpointSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw invalidArgument('audit.invalid_key', 'The audit signing key is not a PEM private key.', {
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw invalidArgument('audit.invalid_key', 'The audit signing key must be an Ed25519 key.');
  }
  const raw = rawPublicKey(createPublicKey(privateKey));
  return {
    keyId: auditKeyId(raw),
    publicKey: raw.toString('base64'),
    sign: (text) => new Uint8Array(sign(null, text, privateKey)),
  };
}

/** Signs the tree head of `treeSize` leaves. */
export function signCheckpoint(
  signer: CheckpointSigner,
  treeSize: number,
  root: Hash,
  time: number,
): SignedCheckpoint {
  const rootHash = Buffer.from(root).toString('hex');
  const text = new TextEncoder().encode(checkpointText(treeSize, rootHash, time));
  return {
    treeSize,
    rootHash,
    time,
    keyId: signer.keyId,
    signature: Buffer.from(signer.sign(text)).toString('base64'),
  };
}

/**
 * Whether `checkpoint` carries a valid signature by one of `trusted`. The key is looked up
 * by id among the trusted ones only: a key stored beside the checkpoint proves nothing.
 */
export function verifyCheckpointSignature(
  checkpoint: SignedCheckpoint,
  trusted: readonly AuditPublicKey[],
): boolean {
  const key = trusted.find((candidate) => candidate.keyId === checkpoint.keyId);
  if (key === undefined) return false;
  if (!/^[0-9a-f]{64}$/.test(checkpoint.rootHash) || !Number.isSafeInteger(checkpoint.treeSize)) {
    return false;
  }
  try {
    const publicKey = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from(key.publicKey, 'base64').toString('base64url'),
      },
      format: 'jwk',
    });
    const text = checkpointText(checkpoint.treeSize, checkpoint.rootHash, checkpoint.time);
    return verify(null, Buffer.from(text), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
