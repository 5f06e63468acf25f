/**
 * Migration `0005_webhooks_comments`. The dispatcher's cursor starts at the current end of
 * the event log: history from before webhooks existed is never delivered.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

export async function createWebhooksCommentsSchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  const schema = db.schema;

  await schema
    .createTable('webhooks')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('url', text, (c) => c.notNull())
    .addColumn('events', text, (c) => c.notNull())
    .addColumn('secret', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('creation_timestamp', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_timestamp', 'bigint', (c) => c.notNull())
    .execute();
  await schema
    .createIndex('webhooks_created')
    .on('webhooks')
    .columns(['creation_timestamp', 'id'])
    .execute();

  await schema
    .createTable('webhook_dispatch_cursor')
    .addColumn('name', text, (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into webhook_dispatch_cursor (name, last_seq)
    select 'webhooks', coalesce(max(seq), 0) from events`.execute(db);

  await schema
    .createTable('webhook_deliveries')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('webhook_id', text, (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addColumn('event_type', text, (c) => c.notNull())
    .addColumn('matched_event', text, (c) => c.notNull())
    .addColumn('payload', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'event_seq'])
    .execute();
  await schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await schema
    .createIndex('webhook_deliveries_log')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'created_at'])
    .execute();

  await schema
    .createTable('webhook_delivery_attempts')
    .addColumn('delivery_id', text, (c) =>
      c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', text)
    .addPrimaryKeyConstraint('webhook_delivery_attempts_pk', ['delivery_id', 'attempt'])
    .execute();

  await schema
    .createTable('comments')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('target_type', text, (c) => c.notNull())
    .addColumn('target_id', text, (c) => c.notNull())
    .addColumn('author', text, (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('deleted_by', text)
    .execute();
  await schema
    .createIndex('comments_target')
    .on('comments')
    .columns(['target_type', 'target_id', 'created_at'])
    .execute();

  await schema
    .createTable('comment_revisions')
    .addColumn('comment_id', text, (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('written_at', 'bigint', (c) => c.notNull())
    .addColumn('replaced_at', 'bigint', (c) => c.notNull())
    .addColumn('replaced_by', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_revisions_pk', ['comment_id', 'revision'])
    .execute();
}
