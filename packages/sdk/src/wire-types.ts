/**
 * The shapes of Cairn's REST API v1 as the SDK sees them. They mirror the server's
 * entities on purpose instead of importing them: the SDK runs in browsers and must not
 * depend on Cairn internals, so the wire is the contract.
 */

export interface Tag {
  key: string;
  value: string;
}

export interface Param {
  key: string;
  value: string;
}

export type LifecycleStage = 'active' | 'deleted';

/** Which lifecycle stages a search returns. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export type ErrorCategory =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

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

/** One metric point. `value` may be NaN or ±Infinity; the SDK converts the wire strings. */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  datasetName?: string;
  datasetDigest?: string;
  modelId?: string;
  runId?: string;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface Run {
  info: RunInfo;
  data: { metrics: Metric[]; params: Param[]; tags: Tag[] };
  inputs: {
    datasetInputs: { dataset: Dataset; tags: Tag[] }[];
    modelInputs: { modelId: string }[];
  };
  outputs: { modelOutputs: { modelId: string; step: number }[] };
}

export type LoggedModelStatus =
  'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  artifactLocation: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  modelType: string | null;
  sourceRunId: string | null;
  status: LoggedModelStatus;
  statusMessage: string | null;
  tags: Tag[];
  params: Param[];
  metrics: Metric[];
}

/** One entry of the event log (every state change writes one). */
export interface StoredEvent {
  seq: number;
  type: string;
  entityType: string;
  entityId: string;
  actor: string;
  time: number;
  payload: Record<string, unknown>;
}

/** One child of a listed artifact directory. */
export interface ArtifactItem {
  /** Relative to the run's artifact root, `/`-separated. */
  path: string;
  isDir: boolean;
  /** Bytes, for files. */
  size?: number;
}

export interface UploadedArtifact {
  path: string;
  /** Lowercase hex SHA-256 of the content. */
  digest: string;
  size: number;
}

/** One page of a list. `nextPageToken` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export interface Health {
  status: string;
  version: string;
}

/** The body of a non-2xx answer. */
export interface ErrorBody {
  error: {
    code: string;
    category: ErrorCategory;
    message: string;
    details?: Record<string, unknown>;
  };
}
