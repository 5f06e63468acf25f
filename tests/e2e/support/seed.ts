/**
 * Test data for the browser tests, written the way users write it: runs and a registered
 * model through the real mlflow client (the interop venv), more through Cairn's SDK.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ensurePythonVenv } from '../../support/python-venv.ts';
import type { Credentials, E2eServer } from './e2e-server.ts';

const seedScript = path.join(import.meta.dirname, 'mlflow_seed.py');

export interface SeedRun {
  name: string;
  params: Record<string, string | number>;
  /** One value per step. */
  loss: number[];
  accuracy: number[];
  team?: string;
}

export interface MlflowSeedSpec {
  experiment?: string;
  runs?: SeedRun[];
  /** `versions` runs, each `log_model(…, registered_model_name=name)`. */
  model?: { experiment: string; name: string; versions: number };
}

export interface MlflowSeedResult {
  experimentId: string | null;
  runIds: Record<string, string>;
  modelRunIds: string[];
}

/** A loss curve of `steps` points falling from `start` to `end`. */
export function curve(start: number, end: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, step) => {
    const t = steps === 1 ? 1 : step / (steps - 1);
    return Number((start + (end - start) * t).toFixed(4));
  });
}

/**
 * Six runs of one experiment; three end with `loss < 0.5` (lenet-lr01, resnet-lr01,
 * resnet-lr001) and three do not, so a filter visibly keeps exactly half.
 */
export function standardRuns(): SeedRun[] {
  const runs: [string, number, number, string, number][] = [
    ['lenet-lr1', 0.1, 32, 'sgd', 0.92],
    ['lenet-lr01', 0.01, 32, 'sgd', 0.41],
    ['lenet-lr001', 0.001, 64, 'adam', 0.66],
    ['resnet-lr01', 0.01, 64, 'adam', 0.23],
    ['resnet-lr1', 0.1, 128, 'sgd', 0.71],
    ['resnet-lr001', 0.001, 128, 'adam', 0.35],
  ];
  return runs.map(([name, lr, batchSize, optimizer, finalLoss]) => ({
    name,
    params: { lr, batch_size: batchSize, optimizer },
    loss: curve(2.3, finalLoss, 20),
    accuracy: curve(0.1, Number((1 - finalLoss / 2).toFixed(4)), 20),
  }));
}

/** Runs `mlflow_seed.py` as `who` against the server; rejects with its output on failure. */
export async function seedWithMlflow(
  server: E2eServer,
  who: Credentials,
  spec: MlflowSeedSpec,
): Promise<MlflowSeedResult> {
  const venv = await ensurePythonVenv();
  if (venv === undefined) throw new Error('the browser tests need Python (python3-venv)');
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(venv.python, [seedScript, JSON.stringify(spec)], {
      env: {
        ...process.env,
        MLFLOW_TRACKING_URI: server.url,
        MLFLOW_TRACKING_USERNAME: who.username,
        MLFLOW_TRACKING_PASSWORD: who.password,
        MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
        PYTHONDONTWRITEBYTECODE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`mlflow_seed.py exited ${String(code)}:\n${stderr}\n${stdout}`));
    });
  });
  const lastLine = output.trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(lastLine) as {
    experiment_id: string | null;
    run_ids: Record<string, string>;
    model_run_ids: string[];
  };
  return {
    experimentId: parsed.experiment_id,
    runIds: parsed.run_ids,
    modelRunIds: parsed.model_run_ids,
  };
}

/**
 * A run logged through the SDK's batched logger: one metric with `points` steps (a noisy
 * sine around a falling trend, with a spike at 70% that a faithful chart must show) and
 * three artifacts to preview (text, JSON, CSV).
 */
export async function seedSdkRun(
  server: E2eServer,
  who: Credentials,
  input: { experimentName: string; runName: string; points: number },
): Promise<string> {
  const client = server.clientAs(who);
  const run = await client.startRun({
    experimentName: input.experimentName,
    runName: input.runName,
  });
  await run.logParams({ lr: 0.005, epochs: 3, optimizer: 'adamw' });
  const spikeAt = Math.floor(input.points * 0.7);
  for (let step = 0; step < input.points; step += 1) {
    const trend = 2 * Math.exp(-step / (input.points / 4));
    const value = step === spikeAt ? 9 : trend + 0.05 * Math.sin(step / 7);
    await run.logMetric('train_loss', value, { step, timestamp: 1_700_000_000_000 + step * 10 });
  }
  const text = new TextEncoder();
  await run.logArtifact('notes.txt', text.encode('trained on the e2e fixture\n'));
  await run.logArtifact(
    'config.json',
    text.encode(JSON.stringify({ lr: 0.005, layers: [64, 32] })),
  );
  await run.logArtifact('eval/predictions.csv', text.encode('label,predicted\ncat,cat\ndog,cat\n'));
  await run.end();
  return run.id;
}
