/** `IdentityStore` over the SQL tables `users` and `api_tokens`. */
import type { Selectable } from 'kysely';
import { alreadyExists } from '@cairn/core';
import type {
  ApiTokenRecord,
  IdentityReader,
  IdentityStore,
  IdentityWriter,
  TokenScope,
  UserRecord,
} from '@cairn/core';
import { isUniqueViolation } from '../sql-errors.ts';
import type { SqlScope, TransactionRunner } from '../transaction-runner.ts';
import type { ApiTokenTable, UserTable } from './identity-schema.ts';

function toUser(row: Selectable<UserTable>): UserRecord {
  return {
    id: row.user_id,
    username: row.username,
    passwordHash: row.password_hash,
    isAdmin: Number(row.is_admin) === 1,
    disabled: Number(row.disabled) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const optionalTime = (value: number | null) => (value === null ? null : Number(value));

function toToken(row: Selectable<ApiTokenTable>): ApiTokenRecord {
  return {
    id: row.token_id,
    userId: row.user_id,
    name: row.name,
    scope: row.scope as TokenScope,
    salt: row.salt,
    secretHash: row.secret_hash,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: optionalTime(row.revoked_at),
    lastUsedAt: optionalTime(row.last_used_at),
  };
}

function createIdentityReader({ db }: SqlScope): IdentityReader {
  return {
    async getUser(userId) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },
    async getUserByUsername(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },
    async listUsers() {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
    },
    async countUsers() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async getToken(tokenId) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_id', '=', tokenId)
        .executeTakeFirst();
      return row === undefined ? undefined : toToken(row);
    },
    async listTokens(userId) {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('token_id')
        .execute();
      return rows.map(toToken);
    },
  };
}

export function createIdentityStore(runner: TransactionRunner): IdentityStore {
  return {
    read: (fn) => runner.read((scope) => fn(createIdentityReader(scope))),
    write: (fn) =>
      runner.write((scope) => {
        const { db } = scope;
        const writer: IdentityWriter = {
          ...createIdentityReader(scope),
          appendEvent: scope.appendEvent,
          async insertUser(user) {
            try {
              await db
                .insertInto('users')
                .values({
                  user_id: user.id,
                  username: user.username,
                  password_hash: user.passwordHash,
                  is_admin: user.isAdmin ? 1 : 0,
                  disabled: user.disabled ? 1 : 0,
                  created_at: user.createdAt,
                  updated_at: user.updatedAt,
                })
                .execute();
            } catch (error) {
              if (!isUniqueViolation(error)) throw error;
              throw alreadyExists(
                'identity.username_taken',
                `A user named '${user.username}' already exists.`,
                { details: { username: user.username } },
              );
            }
          },
          async updateUser(userId, patch) {
            await db
              .updateTable('users')
              .set({
                ...(patch.isAdmin === undefined ? {} : { is_admin: patch.isAdmin ? 1 : 0 }),
                ...(patch.disabled === undefined ? {} : { disabled: patch.disabled ? 1 : 0 }),
                ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
                updated_at: patch.updatedAt,
              })
              .where('user_id', '=', userId)
              .execute();
          },
          async insertToken(token) {
            await db
              .insertInto('api_tokens')
              .values({
                token_id: token.id,
                user_id: token.userId,
                name: token.name,
                scope: token.scope,
                salt: token.salt,
                secret_hash: token.secretHash,
                created_at: token.createdAt,
                expires_at: token.expiresAt,
                revoked_at: token.revokedAt,
                last_used_at: token.lastUsedAt,
              })
              .execute();
          },
          async revokeToken(tokenId, revokedAt) {
            await db
              .updateTable('api_tokens')
              .set({ revoked_at: revokedAt })
              .where('token_id', '=', tokenId)
              .execute();
          },
          async touchToken(tokenId, lastUsedAt) {
            await db
              .updateTable('api_tokens')
              .set({ last_used_at: lastUsedAt })
              .where('token_id', '=', tokenId)
              .execute();
          },
        };
        return fn(writer);
      }),
  };
}
