/**
 * A fixed set of worker threads answering requests. Each request goes to the worker with the
 * fewest requests in flight. The worker answers `{ id, ...request }` with `{ id, ...response }`
 * (see `serveRequests`); what a response means, failures included, is the caller's business.
 * A worker that dies fails the requests it held.
 */
import { parentPort, Worker } from 'node:worker_threads';
import type { TransferListItem } from 'node:worker_threads';

export interface WorkerPool<Request extends object, Response extends object> {
  readonly size: number;
  run(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Passed to every worker as `workerData`. */
  workerData?: unknown;
  /** Let the process exit while the workers idle (a pool owned by a long-lived store). */
  unref?: boolean;
  /** Names the worker in errors: "A hash worker exited". */
  label: string;
}

interface Pending<Response> {
  resolve(response: Response): void;
  reject(error: unknown): void;
}

interface Slot<Response> {
  worker: Worker;
  pending: Map<number, Pending<Response>>;
}

type Answer<Response> = Response & { id: number };

export function createWorkerPool<Request extends object, Response extends object>(
  workerUrl: URL,
  size: number,
  options: WorkerPoolOptions,
): WorkerPool<Request, Response> {
  const slots: Slot<Response>[] = [];
  let nextId = 1;
  const failAll = (slot: Slot<Response>, error: unknown) => {
    for (const waiting of slot.pending.values()) waiting.reject(error);
    slot.pending.clear();
  };
  for (let i = 0; i < size; i += 1) {
    const slot: Slot<Response> = {
      worker: new Worker(workerUrl, { workerData: options.workerData }),
      pending: new Map(),
    };
    slot.worker.on('message', ({ id, ...response }: Answer<Response>) => {
      const waiting = slot.pending.get(id);
      if (waiting === undefined) return;
      slot.pending.delete(id);
      waiting.resolve(response as unknown as Response);
    });
    slot.worker.on('error', (error) => failAll(slot, error));
    slot.worker.on('exit', (code) => {
      failAll(slot, new Error(`A ${options.label} worker exited (code ${code}).`));
    });
    if (options.unref === true) slot.worker.unref();
    slots.push(slot);
  }

  return {
    size,
    run(request) {
      let slot = slots[0] as Slot<Response>;
      for (const candidate of slots) {
        if (candidate.pending.size < slot.pending.size) slot = candidate;
      }
      const id = nextId;
      nextId += 1;
      return new Promise<Response>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ ...request, id });
      });
    },
    async close() {
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

/**
 * The worker side: answers each request with what `handle` returns, moving the listed
 * buffers instead of copying them.
 */
export function serveRequests<Request extends object, Response extends object>(
  label: string,
  handle: (request: Request) => Promise<{ response: Response; transfer?: TransferListItem[] }>,
): void {
  const port = parentPort;
  if (port === null) throw new Error(`The ${label} worker runs only as a worker thread.`);
  port.on('message', ({ id, ...request }: Request & { id: number }) => {
    void handle(request as unknown as Request).then(({ response, transfer }) => {
      port.postMessage({ ...response, id }, transfer);
    });
  });
}
