/**
 * scrypt password hashing (RFC 7914) from `node:crypto`. Stored as
 * `scrypt$N$r$p$<salt b64url>$<hash b64url>` so parameters can be raised later without
 * breaking old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordKdf } from './ports.ts';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. OWASP's floor is 2^17 with r=8, p=1. */
  cost: number;
  blockSize: number;
  parallelization: number;
}

export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = {
  cost: 2 ** 17,
  blockSize: 8,
  parallelization: 1,
};

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, p: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      {
        N: p.cost,
        r: p.blockSize,
        p: p.parallelization,
        maxmem: 256 * p.cost * p.blockSize + 1024 * 1024,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** A scrypt KDF; tests pass a low `cost` to stay fast. */
export function createScryptKdf(
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): PasswordKdf {
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, parameters);
      const { cost, blockSize, parallelization } = parameters;
      return [
        'scrypt',
        cost,
        blockSize,
        parallelization,
        salt.toString('base64url'),
        key.toString('base64url'),
      ].join('$');
    },
    async verify(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [cost, blockSize, parallelization] = parts.slice(1, 4).map(Number) as [
        number,
        number,
        number,
      ];
      if (![cost, blockSize, parallelization].every((n) => Number.isSafeInteger(n) && n > 0)) {
        return false;
      }
      const expected = Buffer.from(parts[5] ?? '', 'base64url');
      if (expected.length !== KEY_LENGTH) return false;
      const key = await derive(password, Buffer.from(parts[4] ?? '', 'base64url'), {
        cost,
        blockSize,
        parallelization,
      });
      return timingSafeEqual(key, expected);
    },
  };
}
