/**
 * The three tracking workloads, sent identically to either server through the MLflow REST
 * API: create-run rate, 1000-point log-batch, and search over a seeded experiment.
 */
import { createHash } from 'node:crypto';

import { createJsonClient, percentile, runLoad } from './http-load.ts';
import type { JsonClient, JsonResponse, LoadResult } from './http-load.ts';

export interface BenchSizes {
  createRuns: number;
  createConcurrency: number;
  logBatchClients: number;
  logBatchRequestsPerClient: number;
  searchRuns: number;
  searchMetrics: number;
  searchQueries: number;
  /** Bound on each measured phase. */
  phaseTimeLimitMs: number;
  /** Bound on seeding the search experiment (MLflow is the slow one). */
  seedTimeLimitMs: number;
}

export interface PhaseResult {
  ok: number;
  errors: number;
  errorSamples: string[];
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  elapsedMs: number;
  timedOut: boolean;
  /** Phase-specific figures (points/s, seeded runs, result fingerprint…). */
  extra: Record<string, number | string>;
}

const API = '/api/2.0/mlflow';
const POINTS_PER_BATCH = 1000;
const KEYS_PER_BATCH = 10;

function summarize(load: LoadResult, extra: Record<string, number | string> = {}): PhaseResult {
  return {
    ok: load.ok,
    errors: load.errors,
    errorSamples: load.errorSamples,
    opsPerSec: load.ok / (load.elapsedMs / 1000),
    p50Ms: percentile(load.latencies, 50),
    p99Ms: percentile(load.latencies, 99),
    elapsedMs: load.elapsedMs,
    timedOut: load.timedOut,
    extra,
  };
}

async function expectOk(response: Promise<JsonResponse>, what: string): Promise<unknown> {
  const { status, body } = await response;
  if (status < 200 || status >= 300) throw new Error(`${what} → ${status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as unknown;
}

async function createExperiment(client: JsonClient, name: string): Promise<string> {
  const body = (await expectOk(
    client.post(`${API}/experiments/create`, { name }),
    'create experiment',
  )) as {
    experiment_id: string;
  };
  return body.experiment_id;
}

async function createRun(
  client: JsonClient,
  experimentId: string,
  runName: string,
): Promise<string> {
  const body = (await expectOk(
    client.post(`${API}/runs/create`, {
      experiment_id: experimentId,
      run_name: runName,
      start_time: Date.now(),
    }),
    'create run',
  )) as { run: { info: { run_id: string } } };
  return body.run.info.run_id;
}

/** (a) `runs/create` from `createConcurrency` clients. Bodies differ (run name), so no server may dedupe them. */
export async function benchCreateRuns(
  baseUrl: string,
  sizes: BenchSizes,
  tag: string,
): Promise<PhaseResult> {
  const client = createJsonClient(baseUrl, sizes.createConcurrency);
  try {
    const experimentId = await createExperiment(client, `bench-create-${tag}`);
    const send = (index: number) =>
      client.post(`${API}/runs/create`, {
        experiment_id: experimentId,
        run_name: `run-${index}`,
        start_time: Date.now(),
      });
    await runLoad({
      concurrency: sizes.createConcurrency,
      total: 20,
      timeLimitMs: 30_000,
      request: (i) => send(-1 - i),
    });
    const load = await runLoad({
      concurrency: sizes.createConcurrency,
      total: sizes.createRuns,
      timeLimitMs: sizes.phaseTimeLimitMs,
      request: (i) => send(i),
    });
    return summarize(load, { concurrency: sizes.createConcurrency });
  } finally {
    client.close();
  }
}

function batchBody(runId: string, index: number): unknown {
  const stepsPerKey = POINTS_PER_BATCH / KEYS_PER_BATCH;
  const metrics = [];
  const timestamp = Date.now();
  for (let k = 0; k < KEYS_PER_BATCH; k += 1) {
    for (let s = 0; s < stepsPerKey; s += 1) {
      const step = index * stepsPerKey + s;
      metrics.push({ key: `loss_${k}`, value: 1 / (step + k + 1), timestamp, step });
    }
  }
  return { run_id: runId, metrics };
}

/** (b) `runs/log-batch` with 1000 points per request, each client on its own run. */
export async function benchLogBatch(
  baseUrl: string,
  sizes: BenchSizes,
  tag: string,
): Promise<PhaseResult> {
  const client = createJsonClient(baseUrl, sizes.logBatchClients);
  try {
    const experimentId = await createExperiment(client, `bench-log-batch-${tag}`);
    const runIds: string[] = [];
    for (let c = 0; c < sizes.logBatchClients; c += 1)
      runIds.push(await createRun(client, experimentId, `batch-${c}`));
    let warmIndex = 1_000_000;
    await runLoad({
      concurrency: sizes.logBatchClients,
      total: sizes.logBatchClients * 2,
      timeLimitMs: 60_000,
      request: (_i, worker) =>
        client.post(`${API}/runs/log-batch`, batchBody(runIds[worker] as string, warmIndex++)),
    });
    const load = await runLoad({
      concurrency: sizes.logBatchClients,
      total: sizes.logBatchClients * sizes.logBatchRequestsPerClient,
      timeLimitMs: sizes.phaseTimeLimitMs,
      request: (i, worker) =>
        client.post(`${API}/runs/log-batch`, batchBody(runIds[worker] as string, i)),
    });
    return summarize(load, {
      clients: sizes.logBatchClients,
      pointsPerRequest: POINTS_PER_BATCH,
      pointsPerSec: Math.round((load.ok * POINTS_PER_BATCH) / (load.elapsedMs / 1000)),
    });
  } finally {
    client.close();
  }
}

/** Deterministic metric values, so both servers hold the same data and must give the same answer. */
function seededValue(run: number, metric: number): number {
  let x = Math.imul(run + 1, 0x9e3779b1) ^ Math.imul(metric + 1, 0x85ebca77);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return Math.round((((x ^ (x >>> 16)) >>> 0) / 4294967296) * 1e6) / 1e6;
}

export interface SearchSeed {
  experimentId: string;
  runs: number;
  seedSeconds: number;
}

/**
 * Seeds `runs` runs (up to the time limit) with `searchMetrics` metrics and a `group` param,
 * each run through one `runs/create` and one `runs/log-batch`, 8 at a time.
 */
export async function seedSearch(
  baseUrl: string,
  sizes: BenchSizes,
  runs: number,
  tag: string,
): Promise<SearchSeed> {
  const client = createJsonClient(baseUrl, 8);
  try {
    const experimentId = await createExperiment(client, `bench-search-${tag}`);
    const started = performance.now();
    const load = await runLoad({
      concurrency: 8,
      total: runs,
      timeLimitMs: sizes.seedTimeLimitMs,
      request: async (index) => {
        const runId = await createRun(client, experimentId, `seed-${index}`);
        const timestamp = Date.now();
        return client.post(`${API}/runs/log-batch`, {
          run_id: runId,
          params: [{ key: 'group', value: `g${index % 4}` }],
          metrics: Array.from({ length: sizes.searchMetrics }, (_, m) => ({
            key: `m${m}`,
            value: seededValue(index, m),
            timestamp,
            step: 0,
          })),
        });
      },
    });
    if (load.errors > 0) throw new Error(`seeding failed: ${load.errorSamples.join('; ')}`);
    return { experimentId, runs: load.ok, seedSeconds: (performance.now() - started) / 1000 };
  } finally {
    client.close();
  }
}

/** (c) `runs/search` with a metric+param filter and a metric order, one client, first page of 100. */
export async function benchSearch(
  baseUrl: string,
  sizes: BenchSizes,
  seed: SearchSeed,
): Promise<PhaseResult> {
  const client = createJsonClient(baseUrl, 1);
  const query = (index: number) => ({
    experiment_ids: [seed.experimentId],
    filter: `metrics.m3 > ${(0.3 + (index % 5) * 0.1).toFixed(1)} and params.group = 'g1'`,
    order_by: ['metrics.m7 DESC'],
    max_results: 100,
  });
  try {
    // The first answer doubles as a cross-check: both servers hold the same data.
    const first = (await expectOk(client.post(`${API}/runs/search`, query(0)), 'search')) as {
      runs?: { data?: { metrics?: { key: string; value: number }[] } }[];
    };
    const ordered = (first.runs ?? []).map(
      (run) => run.data?.metrics?.find((m) => m.key === 'm7')?.value ?? 'none',
    );
    const fingerprint = createHash('sha256').update(ordered.join(',')).digest('hex').slice(0, 12);
    const load = await runLoad({
      concurrency: 1,
      total: sizes.searchQueries,
      timeLimitMs: sizes.phaseTimeLimitMs,
      request: (i) => client.post(`${API}/runs/search`, query(i)),
    });
    return summarize(load, {
      seededRuns: seed.runs,
      metricsPerRun: sizes.searchMetrics,
      seedSeconds: Math.round(seed.seedSeconds),
      firstPageRuns: first.runs?.length ?? 0,
      firstPageFingerprint: fingerprint,
    });
  } finally {
    client.close();
  }
}
