import { paginate } from './paginate.ts';
import { segment, type Transport } from './http-transport.ts';
import {
  decodeMetric,
  decodeNumber,
  decodeRun,
  encodeMetric,
  type WireMetric,
} from './number-codec.ts';
import type { Metric, Page, Param, Run, RunInfo, RunStatus, Tag, ViewType } from './wire-types.ts';

export interface SearchRunsOptions {
  experimentIds: string[];
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

export interface HistoryOptions {
  maxResults?: number;
  pageToken?: string;
}

export interface MetricSeriesOptions {
  /** The x axis the buckets divide: step (default) or wall-clock time. */
  x?: 'step' | 'time';
  /** 1..4000, normally the chart's width in device pixels (server default 1000). */
  buckets?: number;
  /** Inclusive x bounds for a zoomed view (steps, or epoch ms for `x: 'time'`). */
  xMin?: number;
  xMax?: number;
}

export interface MetricSeriesPoint {
  step: number;
  timestamp: number;
  value: number;
}

export interface MetricSeries {
  /** In x order. */
  points: MetricSeriesPoint[];
  /** Points within the bounds before downsampling. */
  total: number;
  /** True when `points` is the M4 selection (first, last, min, max per bucket) of `total`. */
  downsampled: boolean;
}

export interface RunsClient {
  create(input?: {
    experimentId?: string;
    runName?: string;
    startTime?: number;
    tags?: Tag[];
  }): Promise<Run>;
  get(runId: string): Promise<Run>;
  update(
    runId: string,
    patch: { status?: RunStatus; endTime?: number; runName?: string },
  ): Promise<RunInfo>;
  delete(runId: string): Promise<void>;
  restore(runId: string): Promise<Run>;
  search(options: SearchRunsOptions): Promise<Page<Run>>;
  /** Every matching run, following page tokens lazily. */
  searchAll(options: Omit<SearchRunsOptions, 'pageToken'>): AsyncGenerator<Run, void, undefined>;
  /** At most 1000 metrics, 100 params and 100 tags per call (the server's limits). */
  logBatch(runId: string, batch: LogBatchInput): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  metricHistory(runId: string, key: string, options?: HistoryOptions): Promise<Page<Metric>>;
  /** Every point of one metric, in (step, timestamp, value) order. */
  metricHistoryAll(
    runId: string,
    key: string,
    options?: Omit<HistoryOptions, 'pageToken'>,
  ): AsyncGenerator<Metric, void, undefined>;
  /** One metric downsampled on the server for a chart, keeping every bucket's extremes. */
  metricSeries(runId: string, key: string, options?: MetricSeriesOptions): Promise<MetricSeries>;
}

export function createRunsClient(transport: Transport): RunsClient {
  const one = (runId: string) => `/runs/${segment(runId)}`;

  const search = async (options: SearchRunsOptions): Promise<Page<Run>> => {
    const page = await transport.json<Page<Run>>({
      method: 'POST',
      path: '/runs/search',
      json: options,
    });
    return { ...page, items: page.items.map(decodeRun) };
  };

  const metricHistory = async (
    runId: string,
    key: string,
    options: HistoryOptions = {},
  ): Promise<Page<Metric>> => {
    const page = await transport.json<Page<WireMetric>>({
      method: 'GET',
      path: `${one(runId)}/metrics/${segment(key)}/history`,
      query: { maxResults: options.maxResults, pageToken: options.pageToken },
    });
    return { ...page, items: page.items.map(decodeMetric) };
  };

  return {
    async create(input = {}) {
      return decodeRun(await transport.json<Run>({ method: 'POST', path: '/runs', json: input }));
    },
    async get(runId) {
      return decodeRun(await transport.json<Run>({ method: 'GET', path: one(runId) }));
    },
    update: (runId, patch) => transport.json({ method: 'PATCH', path: one(runId), json: patch }),
    delete: (runId) => transport.json({ method: 'DELETE', path: one(runId) }),
    async restore(runId) {
      return decodeRun(
        await transport.json<Run>({ method: 'POST', path: `${one(runId)}/restore`, json: {} }),
      );
    },
    search,
    searchAll: (options) => paginate((pageToken) => search({ ...options, pageToken })),
    logBatch: (runId, batch) =>
      transport.json({
        method: 'POST',
        path: `${one(runId)}/log-batch`,
        json: { ...batch, metrics: batch.metrics?.map(encodeMetric) },
      }),
    deleteTag: (runId, key) =>
      transport.json({ method: 'DELETE', path: `${one(runId)}/tags/${segment(key)}` }),
    metricHistory,
    metricHistoryAll: (runId, key, options = {}) =>
      paginate((pageToken) => metricHistory(runId, key, { ...options, pageToken })),
    async metricSeries(runId, key, options = {}) {
      const series = await transport.json<MetricSeries>({
        method: 'GET',
        path: `${one(runId)}/metrics/${segment(key)}/series`,
        query: { x: options.x, buckets: options.buckets, xMin: options.xMin, xMax: options.xMax },
      });
      return {
        ...series,
        points: series.points.map((p) => ({ ...p, value: decodeNumber(p.value) })),
      };
    },
  };
}
