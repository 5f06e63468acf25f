/**
 * API token format `cairn_<id>_<secret>`: the prefix lets secret scanners recognise a
 * leaked token, the id makes lookup a primary-key read, and only a salted SHA-256 of the
 * 256-bit secret is stored (a slow KDF adds nothing at that entropy).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'cairn_';
const TOKEN_PATTERN = /^cairn_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedSecret {
  id: string;
  /** The full token text, shown to the user once. */
  token: string;
  salt: string;
  secretHash: string;
}

function hashSecret(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update('\0').update(secret).digest('hex');
}

export function issueTokenSecret(): IssuedSecret {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return { id, token: `${PREFIX}${id}_${secret}`, salt, secretHash: hashSecret(salt, secret) };
}

/** Whether a string has the shape of a Cairn token (to tell tokens from passwords in Basic auth). */
export function looksLikeToken(text: string): boolean {
  return text.startsWith(PREFIX);
}

export function parseToken(text: string): { id: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(text);
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined;
}

/** Constant-time check of a presented secret against the stored salted hash. */
export function secretMatches(secret: string, salt: string, secretHash: string): boolean {
  const actual = Buffer.from(hashSecret(salt, secret), 'hex');
  const expected = Buffer.from(secretHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
