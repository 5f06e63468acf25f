/** Opens the metadata database (SQLite file or PostgreSQL URL), migrates it, exposes the ports. */
import { invalidArgument } from '@cairn/core';
import type {
  AccessStore,
  ApprovalStore,
  ArtifactIndex,
  AuditStore,
  EventReader,
  IdentityStore,
  RegistryStore,
  TrackingStore,
  WebhookStore,
  CommentStore,
  ModelCardStore,
  DatasetStore,
} from '@cairn/core';
import { createApprovalStore } from './approvals/index.ts';
import { createArtifactIndex } from './artifacts/artifact-index.ts';
import { createAuditStore } from './audit/audit-store.ts';
import { createDatasetStore } from './data/index.ts';
import { createEventReader } from './event-repository.ts';
import {
  createAccessStore,
  createIdentityStore,
  createTrackingResourceDirectory,
} from './identity/index.ts';
import type { TrackingResourceDirectory } from './identity/index.ts';
import { checkIntegrity } from './integrity-check.ts';
import type { IntegrityReport } from './integrity-check.ts';
import { migrateToLatest } from './migrations.ts';
import { createModelCardStore } from './model-cards/index.ts';
import type { SqlDialectName } from './schema.ts';
import { createRegistryStore } from './registry/index.ts';
import { openSqlite } from './sqlite-database.ts';
import { createTrackingStore } from './tracking/tracking-store.ts';
import { createTransactionRunner } from './transaction-runner.ts';
import { createCommentStore, createWebhookStore } from './webhooks/index.ts';

export interface MetadataStoreOptions {
  /** `postgres://…` or `postgresql://…`; when absent, SQLite under `dataDir`. */
  url?: string | undefined;
  /** Directory of the SQLite file `<dataDir>/cairn.db` (created if missing). */
  dataDir?: string | undefined;
}

export interface MetadataStore {
  dialect: SqlDialectName;
  tracking: TrackingStore;
  artifacts: ArtifactIndex;
  events: EventReader;
  /** Registered models, versions, tags and aliases. */
  registry: RegistryStore;
  /** Merkle leaves and signed checkpoints over the event log. */
  audit: AuditStore;
  identity: IdentityStore;
  access: AccessStore;
  /** Finds the experiment a run or logged model belongs to (for authorization). */
  resources: TrackingResourceDirectory;
  /** Webhook subscriptions, the dispatcher's cursor and the delivery log. */
  webhooks: WebhookStore;
  /** Comments on runs and model versions, with their edit history. */
  comments: CommentStore;
  /** Model card revisions per model version. */
  modelCards: ModelCardStore;
  /** Protected aliases and approval requests (its writer is a registry writer too). */
  approvals: ApprovalStore;
  /** Datasets, their versions, tags and schema revisions. */
  datasets: DatasetStore;
  /** Verifies the database (SQLite: integrity and foreign-key checks). Reads every table. */
  checkIntegrity(): Promise<IntegrityReport>;
  close(): Promise<void>;
}

/**
 * Opens the metadata store: PostgreSQL when `url` is given, otherwise SQLite in
 * `dataDir`. Pending migrations are applied before it returns.
 */
export async function openMetadataStore(options: MetadataStoreOptions): Promise<MetadataStore> {
  const { dialect, db } = await openDatabase(options);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const runner = createTransactionRunner(db, dialect);
  let closed: Promise<void> | undefined;
  return {
    dialect,
    tracking: createTrackingStore(runner),
    artifacts: createArtifactIndex(runner),
    events: createEventReader(runner.read),
    registry: createRegistryStore(runner),
    audit: createAuditStore(runner),
    identity: createIdentityStore(runner),
    access: createAccessStore(runner),
    resources: createTrackingResourceDirectory(runner),
    webhooks: createWebhookStore(runner),
    comments: createCommentStore(runner),
    modelCards: createModelCardStore(runner),
    approvals: createApprovalStore(runner),
    datasets: createDatasetStore(runner),
    checkIntegrity: () => runner.read(checkIntegrity),
    close: () => (closed ??= db.destroy()),
  };
}

async function openDatabase(options: MetadataStoreOptions) {
  if (options.url !== undefined && options.url !== '') {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw invalidArgument(
        'storage.unsupported_url',
        'The metadata database URL must start with postgres:// or postgresql://.',
      );
    }
    // Loaded only for PostgreSQL: a CLI command on a local SQLite store should not pay for `pg`.
    const { openPostgres } = await import('./postgres-database.ts');
    return { dialect: 'postgres' as const, db: openPostgres(options.url) };
  }
  if (options.dataDir === undefined || options.dataDir === '') {
    throw invalidArgument(
      'storage.no_location',
      'Give either a PostgreSQL URL or a data directory for the SQLite file.',
    );
  }
  return { dialect: 'sqlite' as const, db: openSqlite(options.dataDir) };
}
