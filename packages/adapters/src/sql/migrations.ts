/**
 * The one migration set for both databases, run by Kysely's `Migrator`. Where the two
 * dialects need different words for the same thing (PostgreSQL's byte-order collation,
 * SQLite's WITHOUT ROWID), a helper below says it once; the tables are the same.
 */
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider, CreateTableBuilder } from 'kysely';
import { createIdentityAccessSchema } from './identity/identity-migration.ts';
import { createRegistrySchema } from './registry/registry-migration.ts';
import type { Database, SqlDialectName } from './schema.ts';
import { createWebhooksCommentsSchema } from './webhooks/webhooks-migration.ts';
import { createAuditSchema } from './audit/audit-migration.ts';
import { createModelCardsSchema } from './model-cards/model-cards-migration.ts';
import { createApprovalsSchema } from './approvals/approvals-migration.ts';
import { createDatasetsSchema } from './data/datasets-migration.ts';
import { createMetricBlocksSchema } from './tracking/metric-blocks-migration.ts';

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: SqlDialectName,
): Promise<void> {
  const provider = createMigrationProvider(dialect);
  if (await allApplied(db, Object.keys(await provider.getMigrations()))) return;
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'cairn_migrations',
    migrationLockTableName: 'cairn_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
  }
}

/**
 * One query instead of the migrator's schema introspection and lock when nothing is pending:
 * every CLI command opens the store, and that check was a tenth of a quick command's time.
 */
async function allApplied(db: Kysely<Database>, names: string[]): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from cairn_migrations`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return names.every((name) => applied.has(name));
  } catch {
    // No migration table yet: a new store, which the migrator creates.
    return false;
  }
}

function createMigrationProvider(dialect: SqlDialectName): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve<Record<string, Migration>>({
        '0001_tracking_artifacts_events': { up: (db) => createInitialSchema(db, dialect) },
        '0002_registry': { up: (db) => createRegistrySchema(db, dialect) },
        '0003_identity_access': { up: (db) => createIdentityAccessSchema(db, dialect) },
        '0004_audit': { up: (db) => createAuditSchema(db, dialect) },
        '0005_webhooks_comments': { up: (db) => createWebhooksCommentsSchema(db, dialect) },
        '0006_approvals': { up: (db) => createApprovalsSchema(db, dialect) },
        '0007_model_cards': { up: (db) => createModelCardsSchema(db, dialect) },
        '0008_datasets': { up: (db) => createDatasetsSchema(db, dialect) },
        '0009_metric_blocks': { up: (db) => createMetricBlocksSchema(db, dialect) },
      }),
  };
}

async function createInitialSchema(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  // Text compares byte-wise on both stores: SQLite's BINARY default, PostgreSQL's "C".
  // Ordering, range scans over artifact paths and LIKE then agree between the two.
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Tables keyed by their primary key alone are clustered on it in SQLite (no rowid
  // b-tree beside the key index): half the writes for metric points, params and tags.
  const clustered = <T extends CreateTableBuilder<string, string>>(builder: T): T =>
    (dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder) as T;
  const schema = db.schema;

  await schema
    .createTable('counters')
    .addColumn('name', text, (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into counters (name, value) values ('experiment_id', 0), ('event_seq', 0)`.execute(
    db,
  );

  await schema
    .createTable('experiments')
    .addColumn('experiment_id', 'bigint', (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull().unique())
    .addColumn('artifact_location', text, (c) => c.notNull())
    .addColumn('lifecycle_stage', text, (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .execute();
  await clustered(
    schema
      .createTable('experiment_tags')
      .addColumn('experiment_id', 'bigint', (c) =>
        c.notNull().references('experiments.experiment_id').onDelete('cascade'),
      )
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('value', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key']),
  ).execute();

  // SQLite's `integer primary key` is the rowid itself, the fastest lookup it has.
  const runKey = schema.createTable('runs');
  await (
    dialect === 'sqlite'
      ? runKey.addColumn('run_key', 'integer', (c) => c.primaryKey())
      : runKey.addColumn('run_key', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
  )
    .addColumn('run_uuid', text, (c) => c.notNull().unique())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('experiment_id', 'bigint', (c) =>
      c.notNull().references('experiments.experiment_id').onDelete('cascade'),
    )
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('start_time', 'bigint')
    .addColumn('end_time', 'bigint')
    .addColumn('deleted_time', 'bigint')
    .addColumn('artifact_uri', text, (c) => c.notNull())
    .addColumn('lifecycle_stage', text, (c) => c.notNull())
    .execute();
  // Serves the default search order (start_time DESC, NULLs last, then run_uuid) per
  // experiment and stage without sorting.
  const startDesc = dialect === 'postgres' ? sql`start_time desc nulls last` : sql`start_time desc`;
  await sql`create index runs_experiment_start on runs (experiment_id, lifecycle_stage, ${startDesc}, run_uuid, run_key)`.execute(
    db,
  );

  for (const table of ['run_tags', 'params'] as const) {
    await clustered(
      schema
        .createTable(table)
        .addColumn('run_key', 'bigint', (c) =>
          c.notNull().references('runs.run_key').onDelete('cascade'),
        )
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('value', text, (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['run_key', 'key']),
    ).execute();
  }
  // SQLite can start a selective tag or param filter (`params.opt = 'adam'`) from these.
  // PostgreSQL cannot index them: a B-tree entry is limited to 2704 bytes, and values may
  // be 6000 (params) or 8000+ (tags) characters; it hash-joins on the primary key instead.
  if (dialect === 'sqlite') {
    for (const table of ['run_tags', 'params'] as const) {
      await schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
    }
  }

  await clustered(
    schema
      .createTable('metrics')
      .addColumn('run_key', 'bigint', (c) =>
        c.notNull().references('runs.run_key').onDelete('cascade'),
      )
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('step', 'bigint', (c) => c.notNull())
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('is_nan', 'integer', (c) => c.notNull())
      .addColumn('model_id', text)
      .addColumn('dataset_name', text)
      .addColumn('dataset_digest', text)
      // The key doubles as the history order (step, timestamp, value) and makes a
      // retried point a no-op.
      .addPrimaryKeyConstraint('metrics_pk', [
        'run_key',
        'key',
        'step',
        'timestamp',
        'value',
        'is_nan',
      ]),
  ).execute();
  await clustered(
    schema
      .createTable('latest_metrics')
      .addColumn('run_key', 'bigint', (c) =>
        c.notNull().references('runs.run_key').onDelete('cascade'),
      )
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('step', 'bigint', (c) => c.notNull())
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('is_nan', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('latest_metrics_pk', ['run_key', 'key']),
  ).execute();
  // Metric filters (`metrics.acc > 0.9`) can start from the qualifying values.
  await schema
    .createIndex('latest_metrics_key_value')
    .on('latest_metrics')
    .columns(['key', 'value'])
    .execute();

  await schema
    .createTable('datasets')
    .addColumn('dataset_uuid', text, (c) => c.primaryKey())
    .addColumn('experiment_id', 'bigint', (c) =>
      c.notNull().references('experiments.experiment_id').onDelete('cascade'),
    )
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('digest', text, (c) => c.notNull())
    .addColumn('source_type', text, (c) => c.notNull())
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('schema', text)
    .addColumn('profile', text)
    .addUniqueConstraint('datasets_experiment_name_digest', ['experiment_id', 'name', 'digest'])
    .execute();
  await clustered(
    schema
      .createTable('run_dataset_inputs')
      .addColumn('run_key', 'bigint', (c) =>
        c.notNull().references('runs.run_key').onDelete('cascade'),
      )
      .addColumn('dataset_uuid', text, (c) =>
        c.notNull().references('datasets.dataset_uuid').onDelete('cascade'),
      )
      .addPrimaryKeyConstraint('run_dataset_inputs_pk', ['run_key', 'dataset_uuid']),
  ).execute();
  await clustered(
    schema
      .createTable('run_dataset_input_tags')
      .addColumn('run_key', 'bigint', (c) => c.notNull())
      .addColumn('dataset_uuid', text, (c) => c.notNull())
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('value', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('run_dataset_input_tags_pk', ['run_key', 'dataset_uuid', 'key'])
      .addForeignKeyConstraint(
        'run_dataset_input_tags_input',
        ['run_key', 'dataset_uuid'],
        'run_dataset_inputs',
        ['run_key', 'dataset_uuid'],
        (fk) => fk.onDelete('cascade'),
      ),
  ).execute();
  await clustered(
    schema
      .createTable('run_model_inputs')
      .addColumn('run_key', 'bigint', (c) =>
        c.notNull().references('runs.run_key').onDelete('cascade'),
      )
      .addColumn('model_id', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('run_model_inputs_pk', ['run_key', 'model_id']),
  ).execute();
  await clustered(
    schema
      .createTable('run_model_outputs')
      .addColumn('run_key', 'bigint', (c) =>
        c.notNull().references('runs.run_key').onDelete('cascade'),
      )
      .addColumn('model_id', text, (c) => c.notNull())
      .addColumn('step', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_model_outputs_pk', ['run_key', 'model_id', 'step']),
  ).execute();

  await schema
    .createTable('logged_models')
    .addColumn('model_id', text, (c) => c.primaryKey())
    .addColumn('experiment_id', 'bigint', (c) =>
      c.notNull().references('experiments.experiment_id').onDelete('cascade'),
    )
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('artifact_location', text, (c) => c.notNull())
    .addColumn('creation_timestamp', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_timestamp', 'bigint', (c) => c.notNull())
    .addColumn('model_type', text)
    .addColumn('source_run_id', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('status_message', text)
    .addColumn('lifecycle_stage', text, (c) => c.notNull())
    .execute();
  await schema
    .createIndex('logged_models_experiment_created')
    .on('logged_models')
    .columns(['experiment_id', 'creation_timestamp'])
    .execute();
  for (const table of ['logged_model_tags', 'logged_model_params'] as const) {
    await clustered(
      schema
        .createTable(table)
        .addColumn('model_id', text, (c) =>
          c.notNull().references('logged_models.model_id').onDelete('cascade'),
        )
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('value', text, (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['model_id', 'key']),
    ).execute();
  }
  await clustered(
    schema
      .createTable('logged_model_metrics')
      .addColumn('model_id', text, (c) =>
        c.notNull().references('logged_models.model_id').onDelete('cascade'),
      )
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('step', 'bigint', (c) => c.notNull())
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('is_nan', 'integer', (c) => c.notNull())
      .addColumn('run_uuid', text, (c) => c.notNull())
      .addColumn('dataset_name', text)
      .addColumn('dataset_digest', text)
      .addPrimaryKeyConstraint('logged_model_metrics_pk', [
        'model_id',
        'key',
        'step',
        'timestamp',
        'value',
        'is_nan',
        'run_uuid',
      ]),
  ).execute();

  await schema
    .createTable('artifacts')
    .addColumn('path', text, (c) => c.primaryKey())
    .addColumn('parent', text, (c) => c.notNull())
    .addColumn('digest', text, (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema
    .createIndex('artifacts_parent')
    .on('artifacts')
    .columns(['parent', 'path'])
    .execute();
  await clustered(
    schema
      .createTable('artifact_dirs')
      .addColumn('path', text, (c) => c.notNull())
      .addColumn('parent', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('artifact_dirs_pk', ['path']),
  ).execute();
  await schema
    .createIndex('artifact_dirs_parent')
    .on('artifact_dirs')
    .columns(['parent', 'path'])
    .execute();

  await schema
    .createTable('events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('entity_type', text, (c) => c.notNull())
    .addColumn('entity_id', text, (c) => c.notNull())
    .addColumn('actor', text, (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('payload', text, (c) => c.notNull())
    .execute();

  await schema
    .createTable('idempotency')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('result', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema
    .createIndex('idempotency_created_at')
    .on('idempotency')
    .column('created_at')
    .execute();
}
