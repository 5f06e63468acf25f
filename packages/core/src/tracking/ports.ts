/**
 * What the tracking domain needs from a metadata store. Implemented by
 * `@cairn/adapters` (SQLite and PostgreSQL, one schema) and verified by one contract
 * suite run against both. Business rules (validation, limits, "params are immutable",
 * idempotency) live in the service; a store only stores and queries.
 */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';
import type {
  DatasetInput,
  Experiment,
  LifecycleStage,
  LoggedModel,
  LoggedModelStatus,
  Metric,
  ModelOutput,
  Param,
  Run,
  RunInfo,
  RunStatus,
  Tag,
} from './entities.ts';
import type {
  ExperimentSearchQuery,
  LoggedModelSearchQuery,
  Page,
  RunSearchQuery,
} from './search-query.ts';

/** One point of a metric's history without its key and provenance. */
export interface MetricPoint {
  step: number;
  timestamp: number;
  value: number;
}

/** Points of one series as parallel columns: point i is (steps[i], timestamps[i], values[i]). */
export interface MetricPointColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

export interface TrackingReader {
  getExperiment(experimentId: string): Promise<Experiment | undefined>;
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  /** Returns at most `limit` experiments after skipping `offset`, filtered and ordered in the store. */
  searchExperiments(query: ExperimentSearchQuery): Promise<Experiment[]>;

  getRun(runId: string): Promise<Run | undefined>;
  getRunInfo(runId: string): Promise<RunInfo | undefined>;
  /** Filtered, ordered and paged in the store; each Run carries its latest metrics, params, tags, inputs and outputs. */
  searchRuns(query: RunSearchQuery): Promise<Run[]>;
  /** The values already stored for these param keys of a run (for the "params are immutable" rule). */
  getParams(runId: string, keys: string[]): Promise<Param[]>;

  /** All points of one metric of one run ordered by (step, timestamp, value), paged. */
  getMetricHistory(runId: string, key: string, page: Page): Promise<Metric[]>;
  /**
   * Every point of one metric of a run as columns, in (step, timestamp, value) order, with
   * only the fields a chart needs; empty when the run or key has none. Stores keep series
   * packed for this read, so 100,000 points cost a few milliseconds.
   */
  readMetricSeries(runId: string, key: string): Promise<MetricPointColumns>;
  /**
   * How many points one metric of a run has. Points are only ever added (a run's deletion
   * removes them all), so an unchanged count means an unchanged series.
   */
  countMetricPoints(runId: string, key: string): Promise<number>;
  /**
   * All points of one metric for several runs, optionally within [startStep, endStep],
   * ordered by run id then step then timestamp; each point carries its `runId`.
   * Sampling for charts happens in core.
   */
  getMetricHistoryForRuns(
    runIds: string[],
    key: string,
    stepRange?: { startStep: number; endStep: number },
  ): Promise<Metric[]>;

  getLoggedModel(modelId: string): Promise<LoggedModel | undefined>;
  searchLoggedModels(query: LoggedModelSearchQuery): Promise<LoggedModel[]>;

  /** The result remembered for a retried request (see `rememberResult`), if any. */
  findRememberedResult(idempotencyKey: string): Promise<string | undefined>;
}

export interface TrackingWriter extends TrackingReader, EventAppender {
  /** The next experiment id ("1", "2", …), allocated without races on both stores. */
  allocateExperimentId(): Promise<string>;
  /** Fails with `ALREADY_EXISTS` (code `tracking.experiment_name_taken`) on a duplicate name. */
  insertExperiment(experiment: Experiment): Promise<void>;
  updateExperiment(
    experimentId: string,
    patch: { name?: string; lifecycleStage?: LifecycleStage; lastUpdateTime: number },
  ): Promise<void>;
  setExperimentTag(experimentId: string, tag: Tag): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  insertRun(info: RunInfo, tags: Tag[]): Promise<void>;
  updateRunInfo(
    runId: string,
    patch: {
      status?: RunStatus;
      endTime?: number | null;
      runName?: string;
      lifecycleStage?: LifecycleStage;
      /** Set on delete so retention can purge later; null on restore. */
      deletedTime?: number | null;
    },
  ): Promise<void>;

  /**
   * Inserts points; a point identical to a stored one (run, key, step, timestamp, value)
   * is ignored, so a retried batch never duplicates. Keeps the latest value per key
   * (max of step, timestamp, value) up to date for search and `getRun`.
   */
  insertMetrics(runId: string, metrics: Metric[]): Promise<void>;
  /** Inserts params whose keys are new; keys already present are left as they are. */
  insertParams(runId: string, params: Param[]): Promise<void>;
  /** Upserts tags (last value wins). */
  setRunTags(runId: string, tags: Tag[]): Promise<void>;
  deleteRunTag(runId: string, key: string): Promise<void>;
  /** Links datasets (created once per experiment by name + digest) and their input tags; idempotent. */
  insertDatasetInputs(runId: string, experimentId: string, inputs: DatasetInput[]): Promise<void>;
  /** Idempotent. */
  insertModelInputs(runId: string, modelIds: string[]): Promise<void>;
  /** Idempotent. */
  insertModelOutputs(runId: string, outputs: ModelOutput[]): Promise<void>;

  insertLoggedModel(model: LoggedModel): Promise<void>;
  updateLoggedModel(
    modelId: string,
    patch: {
      status?: LoggedModelStatus;
      statusMessage?: string | null;
      lastUpdatedTimestamp: number;
    },
  ): Promise<void>;
  deleteLoggedModel(modelId: string): Promise<void>;
  setLoggedModelTags(modelId: string, tags: Tag[]): Promise<void>;
  deleteLoggedModelTag(modelId: string, key: string): Promise<void>;
  /** Inserts params whose keys are new. */
  insertLoggedModelParams(modelId: string, params: Param[]): Promise<void>;

  /** Remembers the result (an entity id) of a non-idempotent create, keyed by a request hash. */
  rememberResult(idempotencyKey: string, result: string, time: number): Promise<void>;
}

export type TrackingStore = UnitOfWork<TrackingReader, TrackingWriter>;
