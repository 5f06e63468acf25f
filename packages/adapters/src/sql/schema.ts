/**
 * The metadata schema as Kysely sees it: one interface per table, one schema for SQLite
 * and PostgreSQL. Times are milliseconds since the epoch in bigint columns; flags are
 * integers (0/1) because `node:sqlite` binds no booleans.
 *
 * A run has an integer surrogate key, `run_key`, that every per-run table uses: search
 * probes those tables once per candidate run, and an integer probe costs a fraction of a
 * 32-character text one. The public run id (`run_uuid`) lives on `runs` only.
 */
import type { Generated } from 'kysely';
import type { AuditTables } from './audit/audit-schema.ts';
import type { IdentityTables } from './identity/identity-schema.ts';
import type { RegistryTables } from './registry/registry-schema.ts';
import type { WebhookCommentTables } from './webhooks/webhooks-schema.ts';
import type { ModelCardTables } from './model-cards/model-cards-schema.ts';
import type { ApprovalTables } from './approvals/approvals-schema.ts';
import type { DatasetTables } from './data/datasets-schema.ts';

/** Named counters bumped with `UPDATE … RETURNING` (experiment ids, event sequence). */
export interface CounterTable {
  name: string;
  value: number;
}

export interface ExperimentTable {
  experiment_id: number;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunTable {
  run_key: Generated<number>;
  run_uuid: string;
  name: string;
  experiment_id: number;
  user_id: string;
  status: string;
  start_time: number | null;
  end_time: number | null;
  deleted_time: number | null;
  artifact_uri: string;
  lifecycle_stage: string;
}

export interface RunKeyValueTable {
  run_key: number;
  key: string;
  value: string;
}

/**
 * One metric point. NaN is stored as `value = 0, is_nan = 1` because SQLite turns NaN
 * into NULL; ±Infinity is a valid REAL / double precision on both databases.
 */
export interface MetricTable {
  run_key: number;
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
  model_id: string | null;
  dataset_name: string | null;
  dataset_digest: string | null;
}

/**
 * The same points packed for charts (`tracking/metric-block-codec.ts`): per (run, key),
 * numbered blocks of up to 256 points in arrival order.
 */
export interface MetricBlockTable {
  run_key: number;
  key: string;
  block_no: number;
  points: number;
  data: Uint8Array;
}

/** The latest point per (run, key): the maximum of (step, timestamp, value). */
export interface LatestMetricTable {
  run_key: number;
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
}

export interface DatasetTable {
  dataset_uuid: string;
  experiment_id: number;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface RunDatasetInputTable {
  run_key: number;
  dataset_uuid: string;
}

export interface RunDatasetInputTagTable {
  run_key: number;
  dataset_uuid: string;
  key: string;
  value: string;
}

export interface RunModelInputTable {
  run_key: number;
  model_id: string;
}

export interface RunModelOutputTable {
  run_key: number;
  model_id: string;
  step: number;
}

export interface LoggedModelTable {
  model_id: string;
  experiment_id: number;
  name: string;
  artifact_location: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  model_type: string | null;
  source_run_id: string | null;
  status: string;
  status_message: string | null;
  lifecycle_stage: string;
}

export interface LoggedModelKeyValueTable {
  model_id: string;
  key: string;
  value: string;
}

export interface LoggedModelMetricTable {
  model_id: string;
  run_uuid: string;
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
  dataset_name: string | null;
  dataset_digest: string | null;
}

/** One artifact file; `parent` is its directory ('' at the root), for listing. */
export interface ArtifactTable {
  path: string;
  parent: string;
  digest: string;
  size: number;
  created_at: number;
}

/** Directories implied by artifact files, kept so a listing never scans descendants. */
export interface ArtifactDirTable {
  path: string;
  parent: string;
}

export interface EventTable {
  seq: number;
  type: string;
  entity_type: string;
  entity_id: string;
  actor: string;
  time: number;
  /** JSON text. */
  payload: string;
}

export interface IdempotencyTable {
  key: string;
  result: string;
  created_at: number;
}

export interface Database
  extends
    IdentityTables,
    AuditTables,
    WebhookCommentTables,
    RegistryTables,
    ModelCardTables,
    ApprovalTables,
    DatasetTables {
  counters: CounterTable;
  experiments: ExperimentTable;
  experiment_tags: ExperimentTagTable;
  runs: RunTable;
  run_tags: RunKeyValueTable;
  params: RunKeyValueTable;
  metrics: MetricTable;
  metric_blocks: MetricBlockTable;
  latest_metrics: LatestMetricTable;
  datasets: DatasetTable;
  run_dataset_inputs: RunDatasetInputTable;
  run_dataset_input_tags: RunDatasetInputTagTable;
  run_model_inputs: RunModelInputTable;
  run_model_outputs: RunModelOutputTable;
  logged_models: LoggedModelTable;
  logged_model_tags: LoggedModelKeyValueTable;
  logged_model_params: LoggedModelKeyValueTable;
  logged_model_metrics: LoggedModelMetricTable;
  artifacts: ArtifactTable;
  artifact_dirs: ArtifactDirTable;
  events: EventTable;
  idempotency: IdempotencyTable;
}

export type SqlDialectName = 'sqlite' | 'postgres';
