/**
 * Data versioning entities. A dataset is a name; a dataset version is an immutable snapshot
 * of one file or one directory, named by a SHA-256 digest: a file's own digest, or for a
 * directory the digest of its canonical manifest (see manifest.ts). File bytes live in the
 * content-addressed blob store, so identical files are stored once across every version of
 * every dataset.
 */

/** One file of a version. `path` is relative, `/`-separated, normalized, never `..`. */
export interface ManifestEntry {
  path: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  digest: string;
  size: number;
  /** The owner-execute bit, kept so `get` restores scripts as runnable. */
  executable?: boolean;
}

export const DatasetVersionKind = { FILE: 'file', DIRECTORY: 'directory' } as const;
export type DatasetVersionKind = (typeof DatasetVersionKind)[keyof typeof DatasetVersionKind];

export interface ManagedDataset {
  /** Immutable, opaque (`ds-…`); permissions and lineage key on it. */
  id: string;
  /** Unique; `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`: never a path, never `..`. */
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  /** The highest version number, 0 while the dataset has none. */
  latestVersion: number;
  /** Tag name → version number. */
  tags: Record<string, number>;
}

export interface DatasetVersion {
  datasetId: string;
  datasetName: string;
  /** 1, 2, … per dataset; never reused. */
  version: number;
  kind: DatasetVersionKind;
  /** A file's digest, or a directory's manifest digest. */
  digest: string;
  fileCount: number;
  totalBytes: number;
  description: string;
  /**
   * Where the content came from when it was added (an absolute local path, or a URL), so
   * `status` can find the working copy and MLflow inputs can be matched by source.
   */
  sourceUri: string | null;
  /** The run that produced this version (lineage: run → dataset version). */
  producedByRunId: string | null;
  createdAt: number;
  createdBy: string;
  /** Tags pointing at this version. */
  tags: string[];
}

/** `<name>@<ref>` where ref is a version number, a tag or `latest`; a bare name means latest. */
export interface DatasetVersionRef {
  name: string;
  ref: string;
}

// ---------------------------------------------------------------------------------------
// Profiles (computed once per version with DuckDB)

export const TableFormat = {
  CSV: 'csv',
  PARQUET: 'parquet',
  ARROW: 'arrow',
  JSONL: 'jsonl',
} as const;
export type TableFormat = (typeof TableFormat)[keyof typeof TableFormat];

/** Types as Cairn reasons about them; `physicalType` keeps DuckDB's own name. */
export const LogicalType = {
  INTEGER: 'integer',
  FLOAT: 'float',
  STRING: 'string',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  OTHER: 'other',
} as const;
export type LogicalType = (typeof LogicalType)[keyof typeof LogicalType];

export interface Histogram {
  /** `counts.length + 1` ascending bin edges; the last bin includes its upper edge. */
  edges: number[];
  counts: number[];
}

export interface ColumnProfile {
  name: string;
  type: LogicalType;
  physicalType: string;
  nullCount: number;
  nullFraction: number;
  distinctCount: number;
  /** Numbers for numeric columns, ISO strings for dates/timestamps, strings otherwise. */
  min: number | string | null;
  max: number | string | null;
  /** Numeric columns only. */
  mean: number | null;
  std: number | null;
  /** Numeric columns only: p ∈ {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}. */
  quantiles: { p: number; value: number }[];
  /** The most frequent values (as text), most frequent first, at most 10. */
  topValues: { value: string; count: number }[];
  /** Numeric columns only: 20 equal-width bins. */
  histogram: Histogram | null;
}

export interface TableProfile {
  /** The file's path within the version (or the file name given for an ad-hoc table). */
  path: string;
  format: TableFormat;
  rowCount: number;
  columns: ColumnProfile[];
}

export interface DatasetProfile {
  tables: TableProfile[];
  /** Table files not profiled: unreadable (with the reason) or past the per-version cap. */
  skipped: { path: string; code: string; message: string }[];
}

// ---------------------------------------------------------------------------------------
// Schemas and validation (a gate, not a report: any ERROR anomaly fails `cairn data validate`)

export interface ColumnSchema {
  name: string;
  type: LogicalType;
  /** The column must exist. */
  required: boolean;
  /** Most nulls tolerated, as a fraction of rows (0: none). */
  maxNullFraction: number;
  /** Allowed values (as text) for a categorical column; absent: any. */
  domain?: string[];
  /** Opt-in numeric bounds, inclusive. */
  min?: number;
  max?: number;
  /** Every non-null value occurs once. */
  unique?: boolean;
}

export interface DatasetSchema {
  columns: ColumnSchema[];
  /** Inclusive bounds on each table's row count. */
  rowCount?: { min?: number; max?: number };
  /** What to do with a column the schema does not name (default WARNING). */
  unexpectedColumns?: 'ignore' | 'warning' | 'error';
}

export interface SchemaRevision {
  datasetId: string;
  datasetName: string;
  /** 1, 2, … per dataset. */
  revision: number;
  schema: DatasetSchema;
  /** The version it was inferred from, when it was. */
  inferredFromVersion: number | null;
  author: string;
  createdAt: number;
}

/** Stable anomaly codes; scripts and pipeline gates match on these. */
export const AnomalyCode = {
  TABLE_UNREADABLE: 'TABLE_UNREADABLE',
  NO_TABLES: 'NO_TABLES',
  ROW_COUNT_TOO_LOW: 'ROW_COUNT_TOO_LOW',
  ROW_COUNT_TOO_HIGH: 'ROW_COUNT_TOO_HIGH',
  COLUMN_MISSING: 'COLUMN_MISSING',
  COLUMN_UNEXPECTED: 'COLUMN_UNEXPECTED',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  NULL_FRACTION_EXCEEDED: 'NULL_FRACTION_EXCEEDED',
  VALUE_OUT_OF_DOMAIN: 'VALUE_OUT_OF_DOMAIN',
  VALUE_BELOW_MIN: 'VALUE_BELOW_MIN',
  VALUE_ABOVE_MAX: 'VALUE_ABOVE_MAX',
  DUPLICATE_VALUES: 'DUPLICATE_VALUES',
} as const;
export type AnomalyCode = (typeof AnomalyCode)[keyof typeof AnomalyCode];

export const AnomalySeverity = { ERROR: 'ERROR', WARNING: 'WARNING' } as const;
export type AnomalySeverity = (typeof AnomalySeverity)[keyof typeof AnomalySeverity];

export interface Anomaly {
  code: AnomalyCode;
  severity: AnomalySeverity;
  /** The table file's path within the version (or the ad-hoc file name). */
  table: string;
  column: string | null;
  message: string;
  expected: string;
  observed: string;
  /** How many rows break the rule (0 for table-level anomalies). */
  rowCount: number;
  /** Up to 5 offending rows, values as JSON-safe scalars (bigint → string). */
  sampleRows: Record<string, unknown>[];
}

export interface ValidationReport {
  datasetName: string | null;
  version: number | null;
  schemaRevision: number | null;
  /** True when no anomaly has severity ERROR. */
  passed: boolean;
  errorCount: number;
  warningCount: number;
  anomalies: Anomaly[];
}

// ---------------------------------------------------------------------------------------
// Diffs

export interface FileChange {
  path: string;
  fromDigest: string;
  toDigest: string;
  fromSize: number;
  toSize: number;
}

export interface ManifestDiff {
  added: ManifestEntry[];
  removed: ManifestEntry[];
  changed: FileChange[];
  unchangedCount: number;
}

export interface TableDiff {
  path: string;
  rows: { from: number; to: number; added: number; removed: number };
  columns: {
    added: string[];
    removed: string[];
    typeChanged: { name: string; from: string; to: string }[];
  };
  /** Per column and statistic (nullFraction, distinctCount, min, max, mean, std) that moved. */
  statistics: {
    column: string;
    statistic: string;
    from: number | string | null;
    to: number | string | null;
  }[];
}

export interface DatasetDiff {
  from: { datasetName: string; version: number; digest: string };
  to: { datasetName: string; version: number; digest: string };
  files: ManifestDiff;
  /** One per table file present in both versions under the same path whose bytes changed. */
  tables: TableDiff[];
}
