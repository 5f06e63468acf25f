/** Migration `0003_identity_access`: users, API tokens and access grants. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

export async function createIdentityAccessSchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  const schema = db.schema;
  await schema
    .createTable('users')
    .addColumn('user_id', text, (c) => c.primaryKey())
    .addColumn('username', text, (c) => c.notNull().unique())
    .addColumn('password_hash', text, (c) => c.notNull())
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema
    .createTable('api_tokens')
    .addColumn('token_id', text, (c) => c.primaryKey())
    .addColumn('user_id', text, (c) => c.notNull().references('users.user_id'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('scope', text, (c) => c.notNull())
    .addColumn('salt', text, (c) => c.notNull())
    .addColumn('secret_hash', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .execute();
  await schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
  await schema
    .createTable('access_grants')
    .addColumn('user_id', text, (c) => c.notNull().references('users.user_id'))
    .addColumn('resource_type', text, (c) => c.notNull())
    .addColumn('resource_id', text, (c) => c.notNull())
    .addColumn('permission', text, (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_grants_pk', ['user_id', 'resource_type', 'resource_id'])
    .execute();
  await schema
    .createIndex('access_grants_resource')
    .on('access_grants')
    .columns(['resource_type', 'resource_id'])
    .execute();
}
