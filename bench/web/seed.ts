/**
 * Data for the web benchmark, written through the SDK like a training job would: an
 * experiment of many runs (params and a few metrics each) and five long metric series.
 */
import { createClient } from '@cairn/sdk';

/** Runs `total` jobs with at most `concurrency` in flight. */
async function pool(
  total: number,
  concurrency: number,
  job: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next;
      next += 1;
      await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

/** `runs` runs in experiment `name`, each with 3 params and 4 metrics (one log-batch each). */
export async function seedManyRuns(
  url: string,
  name: string,
  runs: number,
): Promise<{ experimentId: string }> {
  const client = createClient({ url });
  const { experimentId } = await client.experiments.create({ name });
  const timestamp = Date.now();
  await pool(runs, 8, async (index) => {
    const run = await client.runs.create({ experimentId, runName: `run-${index}` });
    const wave = (k: number) => 0.5 + 0.5 * Math.sin(index * 0.37 + k);
    await client.runs.logBatch(run.info.runId, {
      params: [
        { key: 'lr', value: String(10 ** -(1 + (index % 4))) },
        { key: 'batch_size', value: String(32 << (index % 3)) },
        { key: 'optimizer', value: index % 2 === 0 ? 'adam' : 'sgd' },
      ],
      metrics: ['loss', 'accuracy', 'f1', 'auc'].map((key, k) => ({
        key,
        value: wave(k),
        timestamp,
        step: 0,
      })),
    });
  });
  return { experimentId };
}

/**
 * `runs` runs of one metric (`loss`) with `points` steps each, through the SDK's buffered
 * logger (it sends 1000-entry log-batch requests in the background). Returns the run ids.
 */
export async function seedLongSeries(
  url: string,
  name: string,
  runs: number,
  points: number,
): Promise<string[]> {
  const client = createClient({ url });
  const { experimentId } = await client.experiments.create({ name });
  return Promise.all(
    Array.from({ length: runs }, async (_, r) => {
      const run = await client.startRun({ experimentId, runName: `long-${r}` });
      const start = Date.now();
      for (let step = 0; step < points; step += 1) {
        const value = (2 + r * 0.1) * Math.exp(-step / (points / 5)) + 0.02 * Math.sin(step / 9);
        await run.logMetric('loss', value, { step, timestamp: start + step });
      }
      await run.end();
      return run.id;
    }),
  );
}
