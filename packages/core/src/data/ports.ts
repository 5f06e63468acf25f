/**
 * What the data domain needs from the outside: a metadata store (implemented in
 * `@cairn/adapters` sql/data, one contract suite on SQLite and PostgreSQL), the blob store
 * (shared with artifacts), and a table analyzer (DuckDB, `@cairn/adapters` analytics/).
 */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';
import type { Page } from '../tracking/index.ts';
import type {
  Anomaly,
  DatasetSchema,
  DatasetVersion,
  DatasetVersionKind,
  ManagedDataset,
  ManifestEntry,
  TableDiff,
  TableFormat,
  TableProfile,
} from './entities.ts';

/** A version row as stored; `profile` is the DatasetProfile as JSON text (or null). */
export interface DatasetVersionRow {
  datasetId: string;
  version: number;
  kind: DatasetVersionKind;
  digest: string;
  fileCount: number;
  totalBytes: number;
  description: string;
  sourceUri: string | null;
  producedByRunId: string | null;
  /**
   * A file version's one manifest entry (its path and executable bit are known only here);
   * null for a directory version, whose entries are in the manifest object `digest`.
   */
  fileEntry: ManifestEntry | null;
  profile: string | null;
  createdAt: number;
  createdBy: string;
}

export interface DatasetRow {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
}

export interface SchemaRevisionRow {
  datasetId: string;
  revision: number;
  /** DatasetSchema as JSON text. */
  schema: string;
  inferredFromVersion: number | null;
  author: string;
  createdAt: number;
}

export interface DatasetReader {
  /** With `latestVersion` and `tags` filled in. */
  getDatasetByName(name: string): Promise<ManagedDataset | undefined>;
  getDatasetById(id: string): Promise<ManagedDataset | undefined>;
  /**
   * Datasets ordered by name, after `afterName` when given. With `readableBy`, only those
   * the user may read (explicit grant ≥ READ, or none and `readableByDefault`), in SQL.
   */
  listDatasets(options: {
    page: Page;
    namePrefix?: string;
    readableBy?: { userId: string; readableByDefault: boolean };
  }): Promise<ManagedDataset[]>;
  /** With `datasetName` and `tags` filled in. */
  getVersion(datasetId: string, version: number): Promise<DatasetVersion | undefined>;
  /** Newest first. */
  listVersions(datasetId: string, page: Page): Promise<DatasetVersion[]>;
  /** The oldest version of the dataset with this digest. */
  findVersionByDigest(datasetId: string, digest: string): Promise<DatasetVersion | undefined>;
  /** Versions of any dataset with this digest, oldest first, at most `limit`. */
  findVersionsByDigestAnywhere(digest: string, limit: number): Promise<DatasetVersion[]>;
  /**
   * Versions of any dataset whose digest starts with `prefix` (lowercase hex, 1–64 chars;
   * anything else matches nothing), oldest first, at most `limit`. For MLflow inputs, whose
   * digests are capped below a SHA-256's 64 characters.
   */
  findVersionsByDigestPrefix(prefix: string, limit: number): Promise<DatasetVersion[]>;
  /** The newest versions (any dataset) added from `sourceUri`, newest first, at most `limit`. */
  findVersionsBySource(sourceUri: string, limit: number): Promise<DatasetVersion[]>;
  /** Versions whose `producedByRunId` is `runId`. */
  listVersionsProducedByRun(runId: string): Promise<DatasetVersion[]>;
  /** The version's profile as stored (JSON text), or null when it has none. */
  getProfile(datasetId: string, version: number): Promise<string | null>;
  /** A file version's one manifest entry; null for a directory version or no such version. */
  getFileEntry(datasetId: string, version: number): Promise<ManifestEntry | null>;
  getSchemaRevision(datasetId: string, revision?: number): Promise<SchemaRevisionRow | undefined>;
  /** Newest first. */
  listSchemaRevisions(datasetId: string, page: Page): Promise<SchemaRevisionRow[]>;
}

export interface DatasetWriter extends DatasetReader, EventAppender {
  /** Fails with ALREADY_EXISTS (`data.dataset_exists`) on a taken name. */
  insertDataset(row: DatasetRow): Promise<void>;
  updateDataset(id: string, patch: { description?: string; updatedAt: number }): Promise<void>;
  /** The next version number (highest ever + 1), reserved inside this transaction. */
  nextVersionNumber(datasetId: string): Promise<number>;
  insertVersion(row: DatasetVersionRow): Promise<void>;
  updateVersion(datasetId: string, version: number, patch: { description: string }): Promise<void>;
  /** Points `tag` at `version`, moving it if it pointed elsewhere. */
  setTag(datasetId: string, tag: string, version: number, updatedAt: number): Promise<void>;
  /** False when the tag did not exist. */
  deleteTag(datasetId: string, tag: string): Promise<boolean>;
  /** Fails with ALREADY_EXISTS (`data.schema_revision_conflict`) when the revision exists. */
  insertSchemaRevision(row: SchemaRevisionRow): Promise<void>;
}

export type DatasetStore = UnitOfWork<DatasetReader, DatasetWriter>;

/** The part of the blob store the data domain uses (the artifacts `BlobStore` satisfies it). */
export interface DataObjectStore {
  put(
    source: AsyncIterable<Uint8Array>,
    options?: { maxBytes?: number },
  ): Promise<{ digest: string; size: number }>;
  open(digest: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  has(digest: string): Promise<boolean>;
  /**
   * Which of `digests` are absent, when the store can answer a batch faster than one `has`
   * per digest (a version may name 100,000 objects).
   */
  missing?(digests: readonly string[]): Promise<string[]>;
}

/** A table file held in the blob store. */
export interface StoredTable {
  /** Its path within the version (for messages and reports). */
  path: string;
  format: TableFormat;
  digest: string;
}

/**
 * Reads tables with DuckDB. A malformed or unreadable file fails with INVALID_ARGUMENT,
 * code `data.table_unreadable`, and a message naming the file and what is wrong.
 */
export interface TableAnalyzer {
  profile(table: StoredTable): Promise<TableProfile>;
  /** Anomalies of one table against a schema (TABLE_UNREADABLE instead of throwing). */
  validate(table: StoredTable, schema: DatasetSchema): Promise<Anomaly[]>;
  /** Row, column and statistics changes between two tables (same path, different bytes). */
  diff(from: StoredTable, to: StoredTable): Promise<TableDiff>;
}
