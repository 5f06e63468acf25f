/** Migration `0002_registry`: registered models, versions, their tags and aliases. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

export async function createRegistrySchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  // Byte-wise text on both stores, as in 0001, so ordering and LIKE agree.
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  const schema = db.schema;

  await schema
    .createTable('registered_models')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull().unique())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('last_version', 'bigint', (c) => c.notNull())
    .execute();
  await schema
    .createTable('registered_model_tags')
    .addColumn('registered_model_id', text, (c) =>
      c.notNull().references('registered_models.id').onDelete('cascade'),
    )
    .addColumn('key', text, (c) => c.notNull())
    .addColumn('value', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_tags_pk', ['registered_model_id', 'key'])
    .execute();

  await schema
    .createTable('model_versions')
    .addColumn('registered_model_id', text, (c) =>
      c.notNull().references('registered_models.id').onDelete('cascade'),
    )
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('current_stage', text, (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('storage_location', text, (c) => c.notNull())
    .addColumn('run_id', text)
    .addColumn('run_link', text)
    .addColumn('model_id', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('status_message', text)
    .addPrimaryKeyConstraint('model_versions_pk', ['registered_model_id', 'version'])
    .execute();
  // `run_id = …` / `IN (…)` filters (a run's registered versions) start here.
  await schema.createIndex('model_versions_run_id').on('model_versions').column('run_id').execute();

  await schema
    .createTable('model_version_tags')
    .addColumn('registered_model_id', text, (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('key', text, (c) => c.notNull())
    .addColumn('value', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_tags_pk', ['registered_model_id', 'version', 'key'])
    .addForeignKeyConstraint(
      'model_version_tags_version_fk',
      ['registered_model_id', 'version'],
      'model_versions',
      ['registered_model_id', 'version'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // An alias points at one version; the foreign key drops it with that version.
  await schema
    .createTable('registered_model_aliases')
    .addColumn('registered_model_id', text, (c) => c.notNull())
    .addColumn('alias', text, (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_aliases_pk', ['registered_model_id', 'alias'])
    .addForeignKeyConstraint(
      'registered_model_aliases_version_fk',
      ['registered_model_id', 'version'],
      'model_versions',
      ['registered_model_id', 'version'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}
