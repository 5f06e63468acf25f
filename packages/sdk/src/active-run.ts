/**
 * A run being logged to. Params, tags and metrics are queued in call order and sent in
 * the background as log-batch requests (when a request's worth is queued, or after a
 * short interval), so a training loop never waits for the network. A failed send is
 * remembered and raised by the next call or by `end()`: nothing is lost silently.
 */
import type { ArtifactData, ArtifactsClient } from './artifacts-client.ts';
import { DEFAULT_BATCH_LIMITS, planBatch, type BatchEntry } from './batch-planner.ts';
import { CairnFlushError } from './errors.ts';
import { isRetryableError } from './http-transport.ts';
import type { RunsClient } from './runs-client.ts';
import type { Run, RunInfo, RunStatus, UploadedArtifact } from './wire-types.ts';

export type ParamValue = string | number | boolean;

export interface MetricOptions {
  /** Default 0. */
  step?: number;
  /** Milliseconds since the epoch; default now. */
  timestamp?: number;
}

export interface BufferOptions {
  /** How long a queued entry may wait before it is sent. Default 500 ms. */
  flushIntervalMs?: number;
  /** Past this many queued entries, logging calls wait for a flush. Default 100,000. */
  maxBufferedEntries?: number;
}

export interface ActiveRun {
  readonly id: string;
  readonly experimentId: string;
  /** The run as created (status RUNNING). */
  readonly info: RunInfo;
  logParam(key: string, value: ParamValue): Promise<void>;
  logParams(params: Record<string, ParamValue>): Promise<void>;
  /** NaN and ±Infinity are valid values. */
  logMetric(key: string, value: number, options?: MetricOptions): Promise<void>;
  /** All metrics get the same step and timestamp. */
  logMetrics(metrics: Record<string, number>, options?: MetricOptions): Promise<void>;
  setTag(key: string, value: string): Promise<void>;
  setTags(tags: Record<string, string>): Promise<void>;
  /** Uploads at once (not buffered). */
  logArtifact(path: string, data: ArtifactData): Promise<UploadedArtifact>;
  /** Sends everything queued; throws the first failure not yet reported. */
  flush(): Promise<void>;
  /** Flushes, then sets the final status and end time. Throws if anything failed to log. */
  end(status?: Extract<RunStatus, 'FINISHED' | 'FAILED' | 'KILLED'>): Promise<void>;
}

export function createActiveRun(deps: {
  run: Run;
  runs: RunsClient;
  artifacts: ArtifactsClient;
  options?: BufferOptions;
}): ActiveRun {
  const { runs, artifacts } = deps;
  const info = deps.run.info;
  const runId = info.runId;
  const flushIntervalMs = deps.options?.flushIntervalMs ?? 500;
  const maxBuffered = deps.options?.maxBufferedEntries ?? 100_000;

  const queue: BatchEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<void> | undefined;
  /** The first failure the caller has not seen yet. */
  let unreported: CairnFlushError | undefined;
  let ended = false;

  function raiseUnreported(): void {
    if (unreported === undefined) return;
    const error = unreported;
    unreported = undefined;
    throw error;
  }

  function checkUsable(): void {
    if (ended) throw new Error(`run ${runId} has ended; no more logging is possible`);
    raiseUnreported();
  }

  async function drainLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = planBatch(queue, DEFAULT_BATCH_LIMITS);
      const body = {
        ...(batch.metrics.length > 0 ? { metrics: batch.metrics } : {}),
        ...(batch.params.length > 0 ? { params: batch.params } : {}),
        ...(batch.tags.length > 0 ? { tags: batch.tags } : {}),
      };
      try {
        await runs.logBatch(runId, body);
        queue.splice(0, batch.count);
        // Entries an earlier failure kept have now arrived; that failure lost nothing.
        if (unreported !== undefined && unreported.droppedEntries === 0) unreported = undefined;
      } catch (error) {
        // A transient failure was already retried by the transport; keep the entries so
        // the next flush tries again. Anything else would fail again: drop that batch.
        const retained = isRetryableError(error);
        if (!retained) queue.splice(0, batch.count);
        unreported ??= new CairnFlushError({
          runId,
          droppedEntries: retained ? 0 : batch.count,
          retainedEntries: retained ? queue.length : 0,
          cause: error,
        });
        return;
      }
    }
  }

  function startDrain(): Promise<void> {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    draining ??= drainLoop().finally(() => {
      draining = undefined;
    });
    return draining;
  }

  async function enqueue(entries: BatchEntry[]): Promise<void> {
    checkUsable();
    queue.push(...entries);
    if (queue.length >= DEFAULT_BATCH_LIMITS.entities) {
      void startDrain();
    } else if (timer === undefined && draining === undefined) {
      timer = setTimeout(() => void startDrain(), flushIntervalMs);
    }
    // Backpressure: a producer faster than the server waits instead of growing the queue.
    while (queue.length >= maxBuffered) {
      await startDrain();
      raiseUnreported();
    }
  }

  function metric(key: string, value: number, options: MetricOptions, now: number): BatchEntry {
    if (typeof value !== 'number') {
      throw new TypeError(`metric ${JSON.stringify(key)} must be a number, got ${typeof value}`);
    }
    return {
      kind: 'metric',
      item: { key, value, step: options.step ?? 0, timestamp: options.timestamp ?? now },
    };
  }

  const paramEntries = (params: Record<string, ParamValue>): BatchEntry[] =>
    Object.entries(params).map(([key, value]) => ({
      kind: 'param',
      item: { key, value: String(value) },
    }));
  const tagEntries = (tags: Record<string, string>): BatchEntry[] =>
    Object.entries(tags).map(([key, value]) => ({ kind: 'tag', item: { key, value } }));

  return {
    id: runId,
    experimentId: info.experimentId,
    info,
    // Every method is async so that invalid input rejects instead of throwing synchronously.
    logParam: async (key, value) => enqueue(paramEntries({ [key]: value })),
    logParams: async (params) => enqueue(paramEntries(params)),
    logMetric: async (key, value, options = {}) =>
      enqueue([metric(key, value, options, Date.now())]),
    async logMetrics(metrics, options = {}) {
      const now = Date.now();
      return enqueue(
        Object.entries(metrics).map(([key, value]) => metric(key, value, options, now)),
      );
    },
    setTag: async (key, value) => enqueue(tagEntries({ [key]: value })),
    setTags: async (tags) => enqueue(tagEntries(tags)),
    async logArtifact(path, data) {
      checkUsable();
      return artifacts.upload(runId, path, data);
    },
    async flush() {
      await startDrain();
      raiseUnreported();
    },
    async end(status = 'FINISHED') {
      if (ended) throw new Error(`run ${runId} has already ended`);
      ended = true;
      await startDrain();
      // The status is set even when logging failed: a run left RUNNING forever is worse,
      // and the failure is still raised below.
      let updateError: Error | undefined;
      try {
        await runs.update(runId, { status, endTime: Date.now() });
      } catch (error) {
        updateError = error instanceof Error ? error : new Error(String(error));
      }
      raiseUnreported();
      if (updateError !== undefined) throw updateError;
    },
  };
}
