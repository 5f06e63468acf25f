/** The identity use cases, as the server and its auth middleware call them. */
import type { RequestContext } from '../kernel/index.ts';
import type { ApiToken, TokenScope, User } from './entities.ts';

export interface IssuedToken {
  token: ApiToken;
  /** The token text `cairn_<id>_<secret>`; it is never shown again. */
  secret: string;
}

export interface IdentityApi {
  createUser(
    ctx: RequestContext,
    input: { username: string; password: string; isAdmin?: boolean },
  ): Promise<User>;
  getUser(username: string): Promise<User>;
  getUserById(userId: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  updateUser(
    ctx: RequestContext,
    username: string,
    patch: { isAdmin?: boolean; disabled?: boolean; password?: string },
  ): Promise<User>;

  createToken(
    ctx: RequestContext,
    input: { username: string; name: string; scope: string; expiresInDays?: number },
  ): Promise<IssuedToken>;
  getToken(tokenId: string): Promise<ApiToken>;
  listTokens(username: string): Promise<ApiToken[]>;
  revokeToken(ctx: RequestContext, tokenId: string): Promise<void>;

  /** The active user with this password, or undefined (same cost whether the user exists or not). */
  authenticatePassword(username: string, password: string): Promise<User | undefined>;
  /** The active user and live token for a token text, or undefined. */
  authenticateToken(text: string): Promise<{ user: User; token: ApiToken } | undefined>;

  /**
   * First start with authentication: creates the admin when there are no users. Fails with
   * FAILED_PRECONDITION `identity.no_admin` when there are none and no credentials are given.
   */
  bootstrapAdmin(admin: { username: string; password: string } | undefined): Promise<{
    created: boolean;
  }>;
}

export type { TokenScope };
