/** Users and API tokens over an `IdentityStore`; every change appends one event. */
import { randomUUID } from 'node:crypto';
import { failedPrecondition, notFound } from '../kernel/index.ts';
import type { Clock, RequestContext } from '../kernel/index.ts';
import { issueTokenSecret, parseToken, secretMatches } from './api-token.ts';
import type { ApiToken, ApiTokenRecord, User, UserRecord } from './entities.ts';
import type { IdentityApi } from './identity-api.ts';
import {
  DEFAULT_TOKEN_DAYS,
  checkPassword,
  checkTokenDays,
  checkTokenName,
  checkTokenScope,
  checkUsername,
} from './identity-validation.ts';
import type { IdentityStore, IdentityWriter, PasswordKdf } from './ports.ts';

const DAY_MS = 86_400_000;
/** Last-used times are written at most this often, so a busy token does not write per request. */
const TOUCH_INTERVAL_MS = 30_000;

export const IdentityEvents = {
  userCreated: 'identity.user.created',
  userUpdated: 'identity.user.updated',
  tokenCreated: 'identity.token.created',
  tokenRevoked: 'identity.token.revoked',
  /** Written with the last-used time, so at most every 30 s per token. */
  tokenUsed: 'identity.token.used',
} as const;

export interface IdentityServiceDeps {
  store: IdentityStore;
  clock: Clock;
  kdf: PasswordKdf;
}

function publicUser(record: UserRecord): User {
  const { id, username, isAdmin, disabled, createdAt, updatedAt } = record;
  return { id, username, isAdmin, disabled, createdAt, updatedAt };
}

function publicToken(record: ApiTokenRecord): ApiToken {
  const { id, userId, name, scope, createdAt, expiresAt, revokedAt, lastUsedAt } = record;
  return { id, userId, name, scope, createdAt, expiresAt, revokedAt, lastUsedAt };
}

const userNotFound = (username: string) =>
  notFound('identity.user_not_found', `User '${username}' does not exist.`, {
    details: { username },
  });

export function createIdentityService(deps: IdentityServiceDeps): IdentityApi {
  const { store, clock, kdf } = deps;
  // Spent on unknown usernames so a login costs the same whether or not the user exists.
  let dummyHash: Promise<string> | undefined;

  async function requireUser(writer: IdentityWriter, username: string): Promise<UserRecord> {
    const user = await writer.getUserByUsername(username);
    if (user === undefined) throw userNotFound(username);
    return user;
  }

  async function insertUser(
    writer: IdentityWriter,
    actor: string,
    input: { username: string; passwordHash: string; isAdmin: boolean },
  ): Promise<UserRecord> {
    const now = clock.now();
    const user: UserRecord = {
      id: randomUUID().replaceAll('-', ''),
      username: input.username,
      isAdmin: input.isAdmin,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      passwordHash: input.passwordHash,
    };
    await writer.insertUser(user);
    await writer.appendEvent({
      type: IdentityEvents.userCreated,
      entityType: 'user',
      entityId: user.id,
      actor,
      time: now,
      payload: { username: user.username, isAdmin: user.isAdmin },
    });
    return user;
  }

  return {
    async createUser(ctx: RequestContext, input) {
      checkUsername(input.username);
      checkPassword(input.password);
      const passwordHash = await kdf.hash(input.password);
      const user = await store.write((writer) =>
        insertUser(writer, ctx.actor, { ...input, passwordHash, isAdmin: input.isAdmin ?? false }),
      );
      return publicUser(user);
    },

    async getUser(username) {
      const user = await store.read((reader) => reader.getUserByUsername(username));
      if (user === undefined) throw userNotFound(username);
      return publicUser(user);
    },

    async getUserById(userId) {
      const user = await store.read((reader) => reader.getUser(userId));
      return user === undefined ? undefined : publicUser(user);
    },

    async listUsers() {
      return (await store.read((reader) => reader.listUsers())).map(publicUser);
    },

    async updateUser(ctx, username, patch) {
      if (patch.password !== undefined) checkPassword(patch.password);
      const passwordHash =
        patch.password === undefined ? undefined : await kdf.hash(patch.password);
      return store.write(async (writer) => {
        const user = await requireUser(writer, username);
        const now = clock.now();
        const change = {
          ...(patch.isAdmin === undefined ? {} : { isAdmin: patch.isAdmin }),
          ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
        };
        await writer.updateUser(user.id, {
          ...change,
          ...(passwordHash === undefined ? {} : { passwordHash }),
          updatedAt: now,
        });
        await writer.appendEvent({
          type: IdentityEvents.userUpdated,
          entityType: 'user',
          entityId: user.id,
          actor: ctx.actor,
          time: now,
          payload: { username, ...change, passwordChanged: passwordHash !== undefined },
        });
        return publicUser({ ...user, ...change, updatedAt: now });
      });
    },

    async createToken(ctx, input) {
      checkTokenName(input.name);
      const scope = checkTokenScope(input.scope);
      const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
      checkTokenDays(days);
      const issued = issueTokenSecret();
      const record = await store.write(async (writer) => {
        const user = await requireUser(writer, input.username);
        const now = clock.now();
        const token: ApiTokenRecord = {
          id: issued.id,
          userId: user.id,
          name: input.name,
          scope,
          createdAt: now,
          expiresAt: now + days * DAY_MS,
          revokedAt: null,
          lastUsedAt: null,
          salt: issued.salt,
          secretHash: issued.secretHash,
        };
        await writer.insertToken(token);
        await writer.appendEvent({
          type: IdentityEvents.tokenCreated,
          entityType: 'api_token',
          entityId: token.id,
          actor: ctx.actor,
          time: now,
          payload: { username: user.username, name: token.name, scope, expiresAt: token.expiresAt },
        });
        return token;
      });
      return { token: publicToken(record), secret: issued.token };
    },

    async getToken(tokenId) {
      const token = await store.read((reader) => reader.getToken(tokenId));
      if (token === undefined) {
        throw notFound('identity.token_not_found', `Token '${tokenId}' does not exist.`);
      }
      return publicToken(token);
    },

    async listTokens(username) {
      const user = await store.read((reader) => reader.getUserByUsername(username));
      if (user === undefined) throw userNotFound(username);
      return (await store.read((reader) => reader.listTokens(user.id))).map(publicToken);
    },

    async revokeToken(ctx, tokenId) {
      await store.write(async (writer) => {
        const token = await writer.getToken(tokenId);
        if (token === undefined) {
          throw notFound('identity.token_not_found', `Token '${tokenId}' does not exist.`);
        }
        if (token.revokedAt !== null) return;
        const now = clock.now();
        await writer.revokeToken(tokenId, now);
        await writer.appendEvent({
          type: IdentityEvents.tokenRevoked,
          entityType: 'api_token',
          entityId: tokenId,
          actor: ctx.actor,
          time: now,
          payload: { name: token.name },
        });
      });
    },

    async authenticatePassword(username, password) {
      const user = await store.read((reader) => reader.getUserByUsername(username));
      if (user === undefined) {
        dummyHash ??= kdf.hash('cairn-timing-equalizer');
        await kdf.verify(password, await dummyHash);
        return undefined;
      }
      const ok = await kdf.verify(password, user.passwordHash);
      return ok && !user.disabled ? publicUser(user) : undefined;
    },

    async authenticateToken(text) {
      const parsed = parseToken(text);
      if (parsed === undefined) return undefined;
      const found = await store.read(async (reader) => {
        const token = await reader.getToken(parsed.id);
        const user = token === undefined ? undefined : await reader.getUser(token.userId);
        return token === undefined || user === undefined ? undefined : { token, user };
      });
      if (found === undefined) return undefined;
      const { token, user } = found;
      const now = clock.now();
      if (!secretMatches(parsed.secret, token.salt, token.secretHash)) return undefined;
      if (token.revokedAt !== null || token.expiresAt <= now || user.disabled) return undefined;
      if (token.lastUsedAt === null || now - token.lastUsedAt >= TOUCH_INTERVAL_MS) {
        await store.write(async (writer) => {
          await writer.touchToken(token.id, now);
          await writer.appendEvent({
            type: IdentityEvents.tokenUsed,
            entityType: 'api_token',
            entityId: token.id,
            actor: user.username,
            time: now,
            payload: { name: token.name, scope: token.scope },
          });
        });
      }
      return { user: publicUser(user), token: publicToken({ ...token, lastUsedAt: now }) };
    },

    async bootstrapAdmin(admin) {
      if ((await store.read((reader) => reader.countUsers())) > 0) return { created: false };
      if (admin === undefined) {
        throw failedPrecondition(
          'identity.no_admin',
          'Authentication is on but there are no users. Set CAIRN_ADMIN_USERNAME and ' +
            'CAIRN_ADMIN_PASSWORD for the first start; Cairn then creates that admin user.',
        );
      }
      checkUsername(admin.username);
      checkPassword(admin.password);
      const passwordHash = await kdf.hash(admin.password);
      return store.write(async (writer) => {
        // A second server starting at the same time may have created it meanwhile.
        if ((await writer.countUsers()) > 0) return { created: false };
        await insertUser(writer, 'system', { ...admin, passwordHash, isAdmin: true });
        return { created: true };
      });
    },
  };
}
