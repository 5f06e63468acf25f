/** Users and API tokens (issue 3 §4). Secrets never appear in these shapes. */
import type { CredentialScope } from '../kernel/index.ts';

export interface User {
  /** Immutable; grants and tokens key on it. */
  id: string;
  /** Unique and immutable: it is the actor of events. */
  username: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A stored user with its password hash (a KDF string); only the identity domain sees it. */
export interface UserRecord extends User {
  passwordHash: string;
}

export type TokenScope = CredentialScope;

export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

export interface ApiToken {
  /** Public part of the token, also its lookup key. */
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** A stored token: salted SHA-256 of the secret, never the secret. */
export interface ApiTokenRecord extends ApiToken {
  salt: string;
  secretHash: string;
}
