/**
 * The tracking use cases, as the server, CLI and MLflow layer call them. Inputs are
 * raw-ish (strings as received) and validated here, so every entry point gets the same
 * rules and the same error codes. Implemented by `createTrackingService`.
 */
import type { RequestContext } from '../kernel/index.ts';
import type {
  DatasetInput,
  Experiment,
  LoggedModel,
  LoggedModelStatus,
  Metric,
  ModelOutput,
  Param,
  Run,
  RunInfo,
  RunStatus,
  Tag,
  ViewType,
} from './entities.ts';

/** Options for creates a client may retry (the mlflow client retries POSTs on 5xx/429). */
export interface CreateOptions {
  /** A hash of (actor, route, body): a second create with the same key returns the first result. */
  idempotencyKey?: string;
}

export interface Paged<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  nextPageToken?: string;
}

export interface SearchOptions {
  /** MLflow filter grammar, e.g. `metrics.acc > 0.9 and params.lr = '0.1'`. */
  filter?: string;
  /** e.g. `["metrics.acc DESC", "attributes.start_time"]`. */
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
  viewType?: ViewType;
}

export interface LogBatchInput {
  metrics?: Metric[];
  params?: Param[];
  tags?: Tag[];
}

export interface MetricSeriesOptions {
  /** The x axis the buckets divide: the step or the point's wall-clock timestamp (ms). */
  x: 'step' | 'time';
  /** 1..4000, normally the chart's width in pixels. */
  buckets: number;
  /** Inclusive x bounds (a zoomed view); default: the series' own extent. */
  xMin?: number | undefined;
  xMax?: number | undefined;
}

export interface MetricSeries {
  /** In x order; only `step`, `timestamp` and `value` are meaningful. */
  points: { step: number; timestamp: number; value: number }[];
  /** Points of the series within the x bounds, before downsampling. */
  total: number;
  downsampled: boolean;
}

export interface TrackingApi {
  createExperiment(
    ctx: RequestContext,
    input: { name: string; artifactLocation?: string; tags?: Tag[] },
    options?: CreateOptions,
  ): Promise<Experiment>;
  getExperiment(ctx: RequestContext, experimentId: string): Promise<Experiment>;
  getExperimentByName(ctx: RequestContext, name: string): Promise<Experiment>;
  searchExperiments(ctx: RequestContext, options: SearchOptions): Promise<Paged<Experiment>>;
  renameExperiment(ctx: RequestContext, experimentId: string, newName: string): Promise<void>;
  deleteExperiment(ctx: RequestContext, experimentId: string): Promise<void>;
  restoreExperiment(ctx: RequestContext, experimentId: string): Promise<void>;
  setExperimentTag(ctx: RequestContext, experimentId: string, tag: Tag): Promise<void>;
  deleteExperimentTag(ctx: RequestContext, experimentId: string, key: string): Promise<void>;

  createRun(
    ctx: RequestContext,
    input: {
      experimentId?: string;
      userId?: string;
      runName?: string;
      startTime?: number;
      tags?: Tag[];
    },
    options?: CreateOptions,
  ): Promise<Run>;
  getRun(ctx: RequestContext, runId: string): Promise<Run>;
  updateRun(
    ctx: RequestContext,
    runId: string,
    patch: { status?: RunStatus; endTime?: number; runName?: string },
  ): Promise<RunInfo>;
  deleteRun(ctx: RequestContext, runId: string): Promise<void>;
  restoreRun(ctx: RequestContext, runId: string): Promise<void>;
  searchRuns(
    ctx: RequestContext,
    input: SearchOptions & { experimentIds: string[] },
  ): Promise<Paged<Run>>;
  logBatch(ctx: RequestContext, runId: string, batch: LogBatchInput): Promise<void>;
  deleteRunTag(ctx: RequestContext, runId: string, key: string): Promise<void>;
  logInputs(
    ctx: RequestContext,
    runId: string,
    input: { datasets?: DatasetInput[]; modelIds?: string[] },
  ): Promise<void>;
  logOutputs(ctx: RequestContext, runId: string, outputs: ModelOutput[]): Promise<void>;

  getMetricHistory(
    ctx: RequestContext,
    runId: string,
    key: string,
    page: { maxResults?: number; pageToken?: string },
  ): Promise<Paged<Metric>>;
  /** MLflow's sampled history for charts: ≤100 runs, 1..2500 points per run, min/max/ends kept. */
  getMetricHistoryBulkInterval(
    ctx: RequestContext,
    input: {
      runIds: string[];
      key: string;
      startStep?: number;
      endStep?: number;
      maxResults?: number;
    },
  ): Promise<Metric[]>;
  /**
   * One metric of a run for a chart `buckets` pixels wide: every point when there are at
   * most `4 · buckets` in range, else the M4 selection (first, last, min, max per x bucket).
   */
  getMetricSeries(
    ctx: RequestContext,
    runId: string,
    key: string,
    options: MetricSeriesOptions,
  ): Promise<MetricSeries>;

  createLoggedModel(
    ctx: RequestContext,
    input: {
      experimentId: string;
      name?: string;
      modelType?: string;
      sourceRunId?: string;
      params?: Param[];
      tags?: Tag[];
    },
    options?: CreateOptions,
  ): Promise<LoggedModel>;
  getLoggedModel(ctx: RequestContext, modelId: string): Promise<LoggedModel>;
  finalizeLoggedModel(
    ctx: RequestContext,
    modelId: string,
    status: LoggedModelStatus,
  ): Promise<LoggedModel>;
  deleteLoggedModel(ctx: RequestContext, modelId: string): Promise<void>;
  setLoggedModelTags(ctx: RequestContext, modelId: string, tags: Tag[]): Promise<void>;
  deleteLoggedModelTag(ctx: RequestContext, modelId: string, key: string): Promise<void>;
  logLoggedModelParams(ctx: RequestContext, modelId: string, params: Param[]): Promise<void>;
  searchLoggedModels(
    ctx: RequestContext,
    input: {
      experimentIds: string[];
      filter?: string;
      orderBy?: { fieldName: string; ascending?: boolean }[];
      maxResults?: number;
      pageToken?: string;
    },
  ): Promise<Paged<LoggedModel>>;
}
