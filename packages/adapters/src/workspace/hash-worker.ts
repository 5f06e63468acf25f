/** Worker thread body of the hash pool: one batch in, one answer out. */
import { parentPort } from 'node:worker_threads';
import { runBatch } from './hash-file.ts';
import type { WorkerRequest, WorkerResponse } from './hash-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('hash-worker.ts runs only as a worker thread.');

port.on('message', (request: WorkerRequest) => {
  port.postMessage({ id: request.id, ...runBatch(request) } satisfies WorkerResponse);
});
