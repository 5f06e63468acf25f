/** Tracking entities, in Cairn's own (camelCase) shape. The MLflow layer translates. */

export interface Tag {
  key: string;
  value: string;
}

export interface Param {
  key: string;
  value: string;
}

export const LifecycleStage = { ACTIVE: 'active', DELETED: 'deleted' } as const;
export type LifecycleStage = (typeof LifecycleStage)[keyof typeof LifecycleStage];

/** Which lifecycle stages a search returns (MLflow's ViewType). */
export const ViewType = {
  ACTIVE_ONLY: 'ACTIVE_ONLY',
  DELETED_ONLY: 'DELETED_ONLY',
  ALL: 'ALL',
} as const;
export type ViewType = (typeof ViewType)[keyof typeof ViewType];

export interface Experiment {
  /** Decimal string; "0" is the Default experiment. */
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Tag[];
}

export const RunStatus = {
  RUNNING: 'RUNNING',
  SCHEDULED: 'SCHEDULED',
  FINISHED: 'FINISHED',
  FAILED: 'FAILED',
  KILLED: 'KILLED',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number | null;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

/**
 * One metric point. `value` may be NaN or ±Infinity (MLflow sends them as the strings
 * "NaN", "Infinity", "-Infinity"; the store must round-trip all three).
 */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  datasetName?: string | undefined;
  datasetDigest?: string | undefined;
  modelId?: string | undefined;
  /** Present where points of several runs are mixed (bulk history). */
  runId?: string | undefined;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string | undefined;
  profile?: string | undefined;
}

export interface DatasetInput {
  dataset: Dataset;
  tags: Tag[];
}

export interface ModelInput {
  modelId: string;
}

export interface ModelOutput {
  modelId: string;
  step: number;
}

export interface Run {
  info: RunInfo;
  data: {
    /** The latest value per key: the maximum of (step, timestamp, value). */
    metrics: Metric[];
    params: Param[];
    tags: Tag[];
  };
  inputs: { datasetInputs: DatasetInput[]; modelInputs: ModelInput[] };
  outputs: { modelOutputs: ModelOutput[] };
}

export const LoggedModelStatus = {
  PENDING: 'LOGGED_MODEL_PENDING',
  READY: 'LOGGED_MODEL_READY',
  UPLOAD_FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
} as const;
export type LoggedModelStatus = (typeof LoggedModelStatus)[keyof typeof LoggedModelStatus];

export interface LoggedModel {
  /** `m-` + 32 hex. */
  modelId: string;
  experimentId: string;
  name: string;
  /** `<experiment artifact location>/models/<modelId>/artifacts`. */
  artifactLocation: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  modelType: string | null;
  sourceRunId: string | null;
  status: LoggedModelStatus;
  statusMessage: string | null;
  tags: Tag[];
  params: Param[];
  /** Metric points logged with this model's id (from log-batch/log-metric `model_id`). */
  metrics: Metric[];
}
