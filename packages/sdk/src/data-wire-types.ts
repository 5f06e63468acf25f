/**
 * The data-versioning entities as `/api/v1/datasets` sends them (JSON, camelCase). They
 * mirror `@cairn/core`'s data entities; the SDK keeps its own copy so it runs without
 * the server's packages (in browsers too).
 */

/** One file of a version. */
export interface ManifestEntry {
  /** Relative, `/`-separated, never `..`. */
  path: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  digest: string;
  size: number;
  executable?: boolean;
}

export interface ManagedDataset {
  /** Immutable, opaque (`ds-…`). */
  id: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  /** 0 while the dataset has no version. */
  latestVersion: number;
  /** Tag name → version number. */
  tags: Record<string, number>;
}

export interface DatasetVersion {
  datasetId: string;
  datasetName: string;
  version: number;
  kind: 'file' | 'directory';
  /** A file's digest, or a directory's manifest digest. */
  digest: string;
  fileCount: number;
  totalBytes: number;
  description: string;
  sourceUri: string | null;
  producedByRunId: string | null;
  createdAt: number;
  createdBy: string;
  tags: string[];
}

export type LogicalType =
  'integer' | 'float' | 'string' | 'boolean' | 'date' | 'timestamp' | 'other';

export interface ColumnProfile {
  name: string;
  type: LogicalType;
  physicalType: string;
  nullCount: number;
  nullFraction: number;
  distinctCount: number;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
  quantiles: { p: number; value: number }[];
  topValues: { value: string; count: number }[];
  histogram: { edges: number[]; counts: number[] } | null;
}

export interface TableProfile {
  path: string;
  format: 'csv' | 'parquet' | 'arrow' | 'jsonl';
  rowCount: number;
  columns: ColumnProfile[];
}

export interface DatasetProfile {
  tables: TableProfile[];
  skipped: { path: string; code: string; message: string }[];
}

export interface ColumnSchema {
  name: string;
  type: LogicalType;
  required: boolean;
  maxNullFraction: number;
  domain?: string[];
  min?: number;
  max?: number;
  unique?: boolean;
}

export interface DatasetSchema {
  columns: ColumnSchema[];
  rowCount?: { min?: number; max?: number };
  unexpectedColumns?: 'ignore' | 'warning' | 'error';
}

export interface SchemaRevision {
  datasetId: string;
  datasetName: string;
  revision: number;
  schema: DatasetSchema;
  inferredFromVersion: number | null;
  author: string;
  createdAt: number;
}

/** Stable anomaly codes; scripts and pipeline gates match on these. */
export type AnomalyCode =
  | 'TABLE_UNREADABLE'
  | 'NO_TABLES'
  | 'ROW_COUNT_TOO_LOW'
  | 'ROW_COUNT_TOO_HIGH'
  | 'COLUMN_MISSING'
  | 'COLUMN_UNEXPECTED'
  | 'TYPE_MISMATCH'
  | 'NULL_FRACTION_EXCEEDED'
  | 'VALUE_OUT_OF_DOMAIN'
  | 'VALUE_BELOW_MIN'
  | 'VALUE_ABOVE_MAX'
  | 'DUPLICATE_VALUES';

export interface Anomaly {
  code: AnomalyCode;
  severity: 'ERROR' | 'WARNING';
  table: string;
  column: string | null;
  message: string;
  expected: string;
  observed: string;
  rowCount: number;
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

export interface DatasetDiff {
  from: { datasetName: string; version: number; digest: string };
  to: { datasetName: string; version: number; digest: string };
  files: {
    added: ManifestEntry[];
    removed: ManifestEntry[];
    changed: {
      path: string;
      fromDigest: string;
      toDigest: string;
      fromSize: number;
      toSize: number;
    }[];
    unchangedCount: number;
  };
  tables: {
    path: string;
    rows: { from: number; to: number; added: number; removed: number };
    columns: {
      added: string[];
      removed: string[];
      typeChanged: { name: string; from: string; to: string }[];
    };
    statistics: {
      column: string;
      statistic: string;
      from: number | string | null;
      to: number | string | null;
    }[];
  }[];
}

/** What a new version holds: one uploaded file, or a directory whose manifest is uploaded. */
export type NewVersionContent =
  { kind: 'file'; entry: ManifestEntry } | { kind: 'directory'; manifestDigest: string };

export interface AddVersionInput {
  content: NewVersionContent;
  description?: string;
  sourceUri?: string;
  producedByRunId?: string;
  tags?: string[];
}

export interface AddVersionResult {
  version: DatasetVersion;
  /** False when an identical version existed and was returned. */
  created: boolean;
  datasetCreated: boolean;
}
