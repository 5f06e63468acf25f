/**
 * Migration `0008_datasets`. Versions, tags and schema revisions hang off the dataset's
 * immutable id. Versions are found by digest (deduplication, lineage from MLflow inputs),
 * by source (lineage from a run's input path) and by producing run (lineage downstream).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

export async function createDatasetsSchema(
  db: Kysely<unknown>,
  dialect: SqlDialectName,
): Promise<void> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  const schema = db.schema;
  await schema
    .createTable('managed_datasets')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull().unique())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('last_version', 'bigint', (c) => c.notNull())
    .execute();
  await schema
    .createTable('dataset_versions')
    .addColumn('dataset_id', text, (c) =>
      c.notNull().references('managed_datasets.id').onDelete('cascade'),
    )
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('digest', text, (c) => c.notNull())
    .addColumn('file_count', 'bigint', (c) => c.notNull())
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('source_uri', text)
    .addColumn('produced_by_run_id', text)
    .addColumn('file_path', text)
    .addColumn('file_executable', 'integer', (c) => c.notNull())
    .addColumn('profile', text)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_versions_pk', ['dataset_id', 'version'])
    .execute();
  await schema
    .createIndex('dataset_versions_digest')
    .on('dataset_versions')
    .columns(['digest', 'dataset_id', 'version'])
    .execute();
  await schema
    .createIndex('dataset_versions_source')
    .on('dataset_versions')
    .columns(['source_uri', 'created_at'])
    .execute();
  await schema
    .createIndex('dataset_versions_run')
    .on('dataset_versions')
    .column('produced_by_run_id')
    .execute();
  await schema
    .createTable('dataset_tags')
    .addColumn('dataset_id', text, (c) =>
      c.notNull().references('managed_datasets.id').onDelete('cascade'),
    )
    .addColumn('tag', text, (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_tags_pk', ['dataset_id', 'tag'])
    .execute();
  await schema
    .createTable('dataset_schemas')
    .addColumn('dataset_id', text, (c) =>
      c.notNull().references('managed_datasets.id').onDelete('cascade'),
    )
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('schema', text, (c) => c.notNull())
    .addColumn('inferred_from_version', 'bigint')
    .addColumn('author', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_schemas_pk', ['dataset_id', 'revision'])
    .execute();
}
