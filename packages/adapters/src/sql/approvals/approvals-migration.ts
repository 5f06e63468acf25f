/** Migration `0006_approvals`: protected aliases and approval requests. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

export async function createApprovalsSchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('protected_aliases')
    .addColumn('registered_model_id', text, (c) =>
      c.notNull().references('registered_models.id').onDelete('cascade'),
    )
    .addColumn('alias', text, (c) => c.notNull())
    .addColumn('gates', text, (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('protected_aliases_pk', ['registered_model_id', 'alias'])
    .execute();
  await db.schema
    .createTable('approval_requests')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('registered_model_id', text, (c) => c.notNull())
    .addColumn('alias', text, (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('base_version', 'bigint')
    .addColumn('justification', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('requested_by', text, (c) => c.notNull())
    .addColumn('requested_by_user_id', text)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', text)
    .addColumn('decided_by_user_id', text)
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_reason', text)
    .addColumn('gate_results', text)
    .execute();
  await db.schema
    .createIndex('approval_requests_model')
    .on('approval_requests')
    .columns(['registered_model_id', 'state', 'id'])
    .execute();
}
