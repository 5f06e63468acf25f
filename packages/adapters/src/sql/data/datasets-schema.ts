/**
 * Tables of data versioning (migration `0008_datasets`). `managed_datasets` is named apart
 * from `datasets`, which holds the MLflow run inputs of the tracking domain.
 */

export interface ManagedDatasetTable {
  id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
  created_by: string;
  /** The highest version number ever reserved; bumped under the row lock. */
  last_version: number;
}

/** One immutable version; only `description` ever changes. */
export interface DatasetVersionTable {
  dataset_id: string;
  version: number;
  kind: string;
  digest: string;
  file_count: number;
  total_bytes: number;
  description: string;
  source_uri: string | null;
  produced_by_run_id: string | null;
  /** A file version's path (its digest and size are the version's); null for a directory. */
  file_path: string | null;
  /** 1 when a file version's file is executable. */
  file_executable: number;
  /** The DatasetProfile as JSON. */
  profile: string | null;
  created_at: number;
  created_by: string;
}

export interface DatasetTagTable {
  dataset_id: string;
  tag: string;
  version: number;
  updated_at: number;
}

/** Append-only schema revisions per dataset. */
export interface DatasetSchemaTable {
  dataset_id: string;
  revision: number;
  /** The DatasetSchema as JSON. */
  schema: string;
  inferred_from_version: number | null;
  author: string;
  created_at: number;
}

export interface DatasetTables {
  managed_datasets: ManagedDatasetTable;
  dataset_versions: DatasetVersionTable;
  dataset_tags: DatasetTagTable;
  dataset_schemas: DatasetSchemaTable;
}
