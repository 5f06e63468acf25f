/**
 * Credentials → principal. A password login runs the slow KDF; the mlflow client sends
 * Basic credentials on every call, so a verified (user, password) pair is remembered for
 * a short while under an HMAC with a per-process key (never the password itself). The user
 * row is re-read on every request, and any change to it since (a new password, disabling)
 * voids the remembered login at once.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { looksLikeToken } from '@cairn/core';
import type { IdentityApi, Principal, User } from '@cairn/core';
import type { Credentials } from './credentials.ts';

const PASSWORD_CACHE_MS = 30_000;
const PASSWORD_CACHE_MAX = 1_000;

export type Authentication =
  { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'invalid' };

export type Authenticator = (credentials: Credentials) => Promise<Authentication>;

const principalOf = (user: User, scope: Principal['scope']): Principal => ({
  userId: user.id,
  username: user.username,
  isAdmin: user.isAdmin,
  scope,
});

export function createAuthenticator(identity: IdentityApi, now = () => Date.now()): Authenticator {
  const key = randomBytes(32);
  const verified = new Map<string, { userId: string; updatedAt: number; until: number }>();

  async function byToken(token: string, username?: string): Promise<Authentication> {
    const found = await identity.authenticateToken(token);
    if (found === undefined || (username !== undefined && found.user.username !== username)) {
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, principal: principalOf(found.user, found.token.scope) };
  }

  async function byPassword(username: string, password: string): Promise<Authentication> {
    const cacheKey = createHmac('sha256', key)
      .update(username)
      .update('\0')
      .update(password)
      .digest('hex');
    const cached = verified.get(cacheKey);
    if (cached !== undefined && cached.until > now()) {
      const user = await identity.getUserById(cached.userId);
      if (user !== undefined && user.updatedAt === cached.updatedAt && !user.disabled) {
        return { ok: true, principal: principalOf(user, 'admin') };
      }
    }
    verified.delete(cacheKey);
    const user = await identity.authenticatePassword(username, password);
    if (user === undefined) return { ok: false, reason: 'invalid' };
    if (verified.size >= PASSWORD_CACHE_MAX) verified.clear();
    verified.set(cacheKey, {
      userId: user.id,
      updatedAt: user.updatedAt,
      until: now() + PASSWORD_CACHE_MS,
    });
    return { ok: true, principal: principalOf(user, 'admin') };
  }

  return async (credentials) => {
    switch (credentials.kind) {
      case 'none':
        return { ok: false, reason: 'missing' };
      case 'malformed':
        return { ok: false, reason: 'invalid' };
      case 'token':
        return byToken(credentials.token);
      case 'basic':
        return looksLikeToken(credentials.secret)
          ? byToken(credentials.secret, credentials.username)
          : byPassword(credentials.username, credentials.secret);
    }
  };
}
