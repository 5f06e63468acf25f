/**
 * Crash safety: a Cairn process on SQLite takes concurrent metric batches and artifact
 * uploads, is SIGKILLed mid-load, and is restarted on the same data directory. Every write
 * the client saw acknowledged (a 2xx) must still be there, a batch is all-or-nothing, no
 * artifact is visible with partial bytes, and the store's own integrity check passes.
 *
 * The kill moment comes from a seeded PRNG; the seed is printed and can be replayed with
 * CAIRN_CRASH_SEED=<n>.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { openMetadataStore } from '@cairn/adapters';

import { startCairnProcess } from '../support/cairn-process.ts';

const CYCLES = 3;
const METRIC_WORKERS = 4;
const ARTIFACT_WORKERS = 2;
const POINTS_PER_BATCH = 50;
/** Upper bound on requests per load phase; the kill lands long before it. */
const REQUEST_BUDGET = 5000;
/** The kill lands once this many requests were sent (a seeded pick in the range)… */
const KILL_AFTER_REQUESTS = [40, 400] as const;
/** …or after this long, whichever comes first. */
const KILL_DEADLINE_MS = 5000;
const BASE_TIMESTAMP = 1_700_000_000_000;

/** mulberry32: small, seedable, good enough to spread kill times and payload sizes. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface SentBatch {
  runId: string;
  key: string;
  /** The steps of this batch; the value and timestamp derive from the step. */
  steps: number[];
  acked: boolean;
}

interface SentArtifact {
  /** Path under the mlflow-artifacts root, e.g. `1/<run>/artifacts/crash/w0/3.bin`. */
  path: string;
  digest: string;
  size: number;
  acked: boolean;
}

interface Ledger {
  batches: SentBatch[];
  artifacts: Map<string, SentArtifact>;
  requests: number;
}

async function postJson(base: string, route: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}/api/2.0/mlflow/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${route} → ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** Logs batches until the server dies or the budget is spent; records each batch before sending. */
async function metricWorker(
  base: string,
  runId: string,
  key: string,
  ledger: Ledger,
  firstStep: number,
) {
  let step = firstStep;
  while (ledger.requests < REQUEST_BUDGET) {
    ledger.requests += 1;
    const steps = Array.from({ length: POINTS_PER_BATCH }, (_, i) => step + i);
    step += POINTS_PER_BATCH;
    const batch: SentBatch = { runId, key, steps, acked: false };
    ledger.batches.push(batch);
    const body = {
      run_id: runId,
      metrics: steps.map((s) => ({ key, value: s * 0.5, timestamp: BASE_TIMESTAMP + s, step: s })),
    };
    try {
      const response = await fetch(`${base}/api/2.0/mlflow/runs/log-batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      if (!response.ok) return;
      batch.acked = true;
    } catch {
      return; // the server is gone
    }
  }
}

async function artifactWorker(
  base: string,
  runRoot: string,
  worker: string,
  cycle: number,
  ledger: Ledger,
  random: () => number,
) {
  let index = 0;
  while (ledger.requests < REQUEST_BUDGET) {
    ledger.requests += 1;
    // Mostly small files, some up to 1 MiB so the kill can land inside a body.
    const size =
      random() < 0.2
        ? 256 * 1024 + Math.floor(random() * 768 * 1024)
        : 1 + Math.floor(random() * 16 * 1024);
    const bytes = new Uint8Array(randomBytes(size));
    const artifactPath = `${runRoot}/crash/${worker}/c${cycle}-${index}.bin`;
    index += 1;
    const sent: SentArtifact = { path: artifactPath, digest: sha256(bytes), size, acked: false };
    ledger.artifacts.set(artifactPath, sent);
    try {
      const response = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${artifactPath}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      await response.arrayBuffer();
      if (!response.ok) return;
      sent.acked = true;
    } catch {
      return;
    }
  }
}

async function metricHistory(base: string, runId: string, key: string): Promise<Set<string>> {
  const points = new Set<string>();
  let pageToken: string | undefined;
  do {
    const query = new URLSearchParams({ run_id: runId, metric_key: key, max_results: '25000' });
    if (pageToken) query.set('page_token', pageToken);
    const response = await fetch(`${base}/api/2.0/mlflow/metrics/get-history?${query.toString()}`);
    assert.equal(response.status, 200, await response.clone().text());
    const page = (await response.json()) as {
      metrics?: { step: number; value: number; timestamp: number }[];
      next_page_token?: string;
    };
    for (const m of page.metrics ?? []) points.add(`${m.step}:${m.value}:${m.timestamp}`);
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  return points;
}

async function listFiles(
  base: string,
  dir: string,
): Promise<{ path: string; file_size?: number }[]> {
  const response = await fetch(
    `${base}/api/2.0/mlflow-artifacts/artifacts?${new URLSearchParams({ path: dir }).toString()}`,
  );
  assert.equal(response.status, 200, await response.clone().text());
  const body = (await response.json()) as {
    files?: { path: string; is_dir: boolean; file_size?: number }[];
  };
  return (body.files ?? [])
    .filter((f) => !f.is_dir)
    .map((f) => ({ ...f, path: `${dir}/${f.path}` }));
}

async function verify(
  base: string,
  ledger: Ledger,
  runRoots: string[],
): Promise<{ acked: number; extra: number }> {
  let acked = 0;
  let extra = 0;
  const histories = new Map<string, Set<string>>();
  for (const batch of ledger.batches) {
    const id = `${batch.runId}/${batch.key}`;
    let history = histories.get(id);
    if (history === undefined) {
      history = await metricHistory(base, batch.runId, batch.key);
      histories.set(id, history);
    }
    const present = batch.steps.filter((s) =>
      history.has(`${s}:${s * 0.5}:${BASE_TIMESTAMP + s}`),
    ).length;
    if (batch.acked) {
      acked += 1;
      assert.equal(
        present,
        batch.steps.length,
        `acknowledged batch ${id} steps ${batch.steps[0]}… lost`,
      );
    } else {
      // A batch whose answer never arrived may have committed, but never in part.
      assert.ok(
        present === 0 || present === batch.steps.length,
        `batch ${id} half-committed: ${present}`,
      );
      if (present > 0) extra += 1;
    }
  }

  const visible = new Set<string>();
  for (const root of runRoots) {
    for (let w = 0; w < ARTIFACT_WORKERS; w += 1) {
      for (const file of await listFiles(base, `${root}/crash/w${w}`)) {
        visible.add(file.path);
        const sent = ledger.artifacts.get(file.path);
        assert.ok(sent, `an artifact nobody uploaded is visible: ${file.path}`);
        assert.equal(file.file_size, sent.size, `listed size of ${file.path}`);
        const response = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${file.path}`);
        assert.equal(response.status, 200);
        const bytes = new Uint8Array(await response.arrayBuffer());
        assert.equal(bytes.length, sent.size, `partial artifact visible: ${file.path}`);
        assert.equal(sha256(bytes), sent.digest, `corrupt artifact visible: ${file.path}`);
        if (!sent.acked) extra += 1;
      }
    }
  }
  for (const sent of ledger.artifacts.values()) {
    if (!sent.acked) continue;
    acked += 1;
    assert.ok(visible.has(sent.path), `acknowledged artifact lost: ${sent.path}`);
  }
  return { acked, extra };
}

test(
  'acknowledged metric batches and artifacts survive SIGKILL mid-load',
  { timeout: 150_000 },
  async () => {
    const seed = Number(process.env['CAIRN_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`crash-safety seed ${seed} (replay with CAIRN_CRASH_SEED=${seed})`);
    // Separate streams, so the kill points replay exactly whatever the request interleaving.
    const killRandom = createRandom(seed);
    const sizeRandom = createRandom(seed ^ 0x5bd1e995);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cairn-crash-'));
    let server = await startCairnProcess({ dataDir });
    try {
      const { experiment_id: experimentId } = (await postJson(server.url, 'experiments/create', {
        name: `crash-${seed}`,
      })) as { experiment_id: string };
      const runs: { runId: string; root: string }[] = [];
      for (let i = 0; i < METRIC_WORKERS; i += 1) {
        const { run } = (await postJson(server.url, 'runs/create', {
          experiment_id: experimentId,
          start_time: Date.now() + i,
          run_name: `crash-${i}`,
        })) as { run: { info: { run_id: string; artifact_uri: string } } };
        const root = run.info.artifact_uri.replace(/^mlflow-artifacts:\/+/, '');
        runs.push({ runId: run.info.run_id, root });
      }
      const ledger: Ledger = { batches: [], artifacts: new Map(), requests: 0 };

      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        ledger.requests = 0;
        const ackedBefore = {
          batches: ledger.batches.filter((b) => b.acked).length,
          artifacts: [...ledger.artifacts.values()].filter((a) => a.acked).length,
        };
        const base = server.url;
        const workers = [
          ...runs.map((r, i) => metricWorker(base, r.runId, `m${i}`, ledger, cycle * 1_000_000)),
          ...Array.from({ length: ARTIFACT_WORKERS }, (_, w) =>
            artifactWorker(base, runs[w % runs.length]!.root, `w${w}`, cycle, ledger, sizeRandom),
          ),
        ];
        const [low, high] = KILL_AFTER_REQUESTS;
        const killAt = low + Math.floor(killRandom() * (high - low));
        const loadStarted = Date.now();
        while (ledger.requests < killAt && Date.now() - loadStarted < KILL_DEADLINE_MS) {
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        await server.kill();
        await Promise.all(workers);
        const ackedThisCycle =
          ledger.batches.filter((b) => b.acked).length -
          ackedBefore.batches +
          [...ledger.artifacts.values()].filter((a) => a.acked).length -
          ackedBefore.artifacts;
        console.log(
          `cycle ${cycle}: SIGKILL after ${Date.now() - loadStarted} ms and ${ledger.requests} requests (${ackedThisCycle} acknowledged)`,
        );
        assert.ok(
          ackedThisCycle > 0,
          'no write was acknowledged before the kill: the test proved nothing',
        );
        assert.ok(ledger.requests < REQUEST_BUDGET, 'the load finished before the kill');

        server = await startCairnProcess({ dataDir });
        const { acked, extra } = await verify(
          server.url,
          ledger,
          runs.map((r) => r.root),
        );
        console.log(
          `after restart: ${acked} acknowledged writes verified, ${extra} unacknowledged ones committed`,
        );
      }

      const acked = (items: Iterable<{ acked: boolean }>) =>
        [...items].filter((i) => i.acked).length;
      assert.ok(acked(ledger.batches) > 0, 'no metric batch was ever acknowledged');
      assert.ok(acked(ledger.artifacts.values()) > 0, 'no artifact upload was ever acknowledged');

      await server.stop();
      const store = await openMetadataStore({ dataDir });
      try {
        assert.deepEqual(await store.checkIntegrity(), { ok: true, problems: [] });
      } finally {
        await store.close();
      }
    } finally {
      await server.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);
