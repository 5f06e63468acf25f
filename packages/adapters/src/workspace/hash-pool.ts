/**
 * A small pool of hash workers (`../worker-pool.ts`); callers keep about two requests per
 * worker queued so no worker waits on the main thread between batches.
 */
import { availableParallelism } from 'node:os';
import { CairnError, ErrorCategory, notFound, resourceExhausted } from '@cairn/core';
import { createWorkerPool } from '../worker-pool.ts';
import type {
  WorkerFailure,
  WorkerRequest,
  WorkerResponse,
  WorkerResult,
} from './hash-protocol.ts';

export interface HashPool {
  readonly size: number;
  run(request: WorkerRequest): Promise<WorkerResult[]>;
  close(): Promise<void>;
}

/** Four at most: past that the disk, not the CPU, is the limit. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

export function createHashPool(size: number): HashPool {
  const pool = createWorkerPool<WorkerRequest, WorkerResponse>(
    new URL('./hash-worker.ts', import.meta.url),
    size,
    { label: 'hash' },
  );
  return {
    size,
    async run(request) {
      const response = await pool.run(request);
      if (response.failure !== undefined) throw toCairnError(response.failure);
      return response.results;
    },
    close: () => pool.close(),
  };
}

/** The CairnError a worker failure stands for. */
export function toCairnError(failure: WorkerFailure): CairnError {
  const options = { details: { path: failure.path } };
  if (failure.code === 'artifacts.storage_full') {
    return resourceExhausted(failure.code, failure.message, options);
  }
  if (failure.code === 'data.path_not_found') {
    return notFound(failure.code, failure.message, options);
  }
  return new CairnError(ErrorCategory.FAILED_PRECONDITION, failure.code, failure.message, options);
}
