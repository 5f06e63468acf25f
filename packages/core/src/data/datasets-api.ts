/**
 * The data-versioning use cases as the server, the CLI's local store and the SDK see them.
 * Inputs are validated here so every entry point gets the same rules and error codes.
 * Implemented by `createDatasetService`.
 */
import type { RequestContext } from '../kernel/index.ts';
import type { Paged } from '../tracking/index.ts';
import type {
  DatasetDiff,
  DatasetProfile,
  DatasetSchema,
  DatasetVersion,
  ManagedDataset,
  ManifestEntry,
  SchemaRevision,
  ValidationReport,
} from './entities.ts';

/** What a new version holds: one file, or a directory whose manifest is already stored. */
export type NewVersionContent =
  | { kind: 'file'; entry: ManifestEntry }
  | {
      kind: 'directory';
      /** Digest of the canonical manifest JSON (see `canonicalManifestJson`), stored as a blob. */
      manifestDigest: string;
    };

export interface AddVersionInput {
  content: NewVersionContent;
  description?: string;
  sourceUri?: string;
  producedByRunId?: string;
  /** Tags to point at the new (or identical existing) version. */
  tags?: string[];
}

export interface AddVersionResult {
  version: DatasetVersion;
  /** False when a version with the same digest already existed and was returned instead. */
  created: boolean;
  /** Whether the dataset itself was created by this call. */
  datasetCreated: boolean;
}

export interface SchemaInferenceOptions {
  /** Columns with at most this many distinct values get a `domain` (default 20, 0: none). */
  maxDomainSize?: number;
  /** Add observed min/max as bounds (default false: ranges are opt-in). */
  includeRanges?: boolean;
}

export interface DatasetsApi {
  createDataset(
    ctx: RequestContext,
    input: { name: string; description?: string },
  ): Promise<ManagedDataset>;
  getDataset(ctx: RequestContext, name: string): Promise<ManagedDataset>;
  listDatasets(
    ctx: RequestContext,
    options: { namePrefix?: string; maxResults?: number; pageToken?: string },
  ): Promise<Paged<ManagedDataset>>;
  updateDataset(
    ctx: RequestContext,
    name: string,
    patch: { description?: string },
  ): Promise<ManagedDataset>;

  /**
   * Adds a version, creating the dataset when it does not exist. Every object the content
   * names must already be in the blob store (FAILED_PRECONDITION `data.objects_missing`
   * otherwise, naming up to 10). The directory manifest is read back and checked (sorted,
   * unique, safe relative paths). A version with the same digest is returned, not
   * duplicated. Table files are profiled before the commit; one unreadable table is
   * recorded in `profile.skipped`, it does not fail the add.
   */
  addVersion(ctx: RequestContext, name: string, input: AddVersionInput): Promise<AddVersionResult>;
  /** `ref`: a version number, a tag or `latest`. */
  getVersion(ctx: RequestContext, name: string, ref: string): Promise<DatasetVersion>;
  listVersions(
    ctx: RequestContext,
    name: string,
    options: { maxResults?: number; pageToken?: string },
  ): Promise<Paged<DatasetVersion>>;
  updateVersion(
    ctx: RequestContext,
    name: string,
    ref: string,
    patch: { description: string },
  ): Promise<DatasetVersion>;
  /** The version's files, sorted by path (a file version has one entry). */
  getManifest(ctx: RequestContext, name: string, ref: string): Promise<ManifestEntry[]>;
  /** Points a tag (`[A-Za-z][A-Za-z0-9._-]{0,63}`, not `latest`) at a version. */
  setTag(ctx: RequestContext, name: string, tag: string, ref: string): Promise<DatasetVersion>;
  deleteTag(ctx: RequestContext, name: string, tag: string): Promise<void>;

  /** The profile computed when the version was added. */
  getProfile(ctx: RequestContext, name: string, ref: string): Promise<DatasetProfile>;
  /** A schema inferred from the version's profile (not saved). */
  inferSchema(
    ctx: RequestContext,
    name: string,
    ref: string,
    options?: SchemaInferenceOptions,
  ): Promise<DatasetSchema>;
  /**
   * Saves a new schema revision. With `baseRevision`, refuses (FAILED_PRECONDITION
   * `data.stale_schema_revision`) when another revision was saved since.
   */
  saveSchema(
    ctx: RequestContext,
    name: string,
    input: { schema: unknown; baseRevision?: number; inferredFromVersion?: number },
  ): Promise<SchemaRevision>;
  /** The newest revision, or the given one. NOT_FOUND (`data.schema_not_found`) if none. */
  getSchema(ctx: RequestContext, name: string, revision?: number): Promise<SchemaRevision>;
  listSchemaRevisions(
    ctx: RequestContext,
    name: string,
    options: { maxResults?: number; pageToken?: string },
  ): Promise<Paged<SchemaRevision>>;
  /**
   * Validates every table of a version against a schema revision (default: the newest).
   * Records a `data.version.validated` event with the outcome (pipelines and audit see it).
   */
  validateVersion(
    ctx: RequestContext,
    name: string,
    ref: string,
    options?: { schemaRevision?: number },
  ): Promise<ValidationReport>;
  /** Files added, removed and changed; for changed table files, rows/columns/statistics. */
  diffVersions(
    ctx: RequestContext,
    from: { name: string; ref: string },
    to: { name: string; ref: string },
  ): Promise<DatasetDiff>;
}
