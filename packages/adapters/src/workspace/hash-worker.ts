/** Worker thread body of the hash pool: one batch in, one answer out. */
import { serveRequests } from '../worker-pool.ts';
import { runBatch } from './hash-file.ts';
import type { WorkerRequest, WorkerResponse } from './hash-protocol.ts';

serveRequests<WorkerRequest, WorkerResponse>('hash', (request) =>
  Promise.resolve({ response: runBatch(request) }),
);
