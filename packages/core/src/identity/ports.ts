/** What the identity domain needs from storage; SQLite and PostgreSQL implement it. */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';
import type { ApiTokenRecord, UserRecord } from './entities.ts';

export interface IdentityReader {
  getUser(userId: string): Promise<UserRecord | undefined>;
  getUserByUsername(username: string): Promise<UserRecord | undefined>;
  /** Ordered by username. */
  listUsers(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  getToken(tokenId: string): Promise<ApiTokenRecord | undefined>;
  /** Ordered by creation time, newest first. */
  listTokens(userId: string): Promise<ApiTokenRecord[]>;
}

export interface IdentityWriter extends IdentityReader, EventAppender {
  /** Fails with ALREADY_EXISTS `identity.username_taken` on a duplicate username. */
  insertUser(user: UserRecord): Promise<void>;
  updateUser(
    userId: string,
    patch: { isAdmin?: boolean; disabled?: boolean; passwordHash?: string; updatedAt: number },
  ): Promise<void>;
  insertToken(token: ApiTokenRecord): Promise<void>;
  revokeToken(tokenId: string, revokedAt: number): Promise<void>;
  touchToken(tokenId: string, lastUsedAt: number): Promise<void>;
}

export type IdentityStore = UnitOfWork<IdentityReader, IdentityWriter>;

/** The slow key-derivation function for passwords, injected so tests can make it cheap. */
export interface PasswordKdf {
  /** A self-describing string (algorithm, parameters, salt, hash). */
  hash(password: string): Promise<string>;
  /** Constant-time comparison; false for a malformed stored value. */
  verify(password: string, stored: string): Promise<boolean>;
}
