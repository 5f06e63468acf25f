/**
 * A small pool of hash workers. Each request goes to the worker with the fewest requests in
 * flight; callers keep about two requests per worker queued so no worker waits on the main
 * thread between batches.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CairnError, ErrorCategory, notFound, resourceExhausted } from '@cairn/core';
import type {
  WorkerFailure,
  WorkerRequest,
  WorkerResponse,
  WorkerResult,
} from './hash-protocol.ts';

export interface HashPool {
  readonly size: number;
  run(request: Omit<WorkerRequest, 'id'>): Promise<WorkerResult[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve(results: WorkerResult[]): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Four at most: past that the disk, not the CPU, is the limit. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

export function createHashPool(size: number): HashPool {
  const slots: Slot[] = [];
  let nextId = 1;
  const workerUrl = new URL('./hash-worker.ts', import.meta.url);
  for (let i = 0; i < size; i += 1) {
    const slot: Slot = { worker: new Worker(workerUrl), pending: new Map() };
    slot.worker.on('message', (response: WorkerResponse) => {
      const waiting = slot.pending.get(response.id);
      if (waiting === undefined) return;
      slot.pending.delete(response.id);
      if (response.failure !== undefined) waiting.reject(toCairnError(response.failure));
      else waiting.resolve(response.results);
    });
    slot.worker.on('error', (error) => failAll(slot, error));
    slot.worker.on('exit', (code) => {
      if (slot.pending.size > 0) failAll(slot, new Error(`A hash worker exited (code ${code}).`));
    });
    slots.push(slot);
  }

  return {
    size,
    run(request) {
      let slot = slots[0] as Slot;
      for (const candidate of slots) {
        if (candidate.pending.size < slot.pending.size) slot = candidate;
      }
      const id = nextId;
      nextId += 1;
      return new Promise<WorkerResult[]>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ ...request, id } satisfies WorkerRequest);
      });
    },
    async close() {
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

function failAll(slot: Slot, error: unknown): void {
  for (const waiting of slot.pending.values()) waiting.reject(error);
  slot.pending.clear();
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
