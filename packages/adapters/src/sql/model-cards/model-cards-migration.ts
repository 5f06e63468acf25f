/**
 * Migration `0007_model_cards`. Revisions are keyed by the registered model's immutable id,
 * so a card follows a rename; there is no foreign key to the version, so a card's history
 * outlives a deleted version (documentation is kept, as Art. 18 of the EU AI Act asks).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

export async function createModelCardsSchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('model_card_revisions')
    .addColumn('registered_model_id', text, (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('content', text, (c) => c.notNull())
    .addColumn('author', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_card_revisions_pk', [
      'registered_model_id',
      'version',
      'revision',
    ])
    .execute();
}
