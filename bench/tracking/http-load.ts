/**
 * The load generator both servers get: one keep-alive JSON client over `node:http` and a
 * closed-loop driver (`concurrency` workers, each sending its next request when the last
 * one answered) bounded by a request count and a time limit.
 */
import http from 'node:http';

export interface JsonResponse {
  status: number;
  body: string;
}

export interface JsonClient {
  post(path: string, body: unknown): Promise<JsonResponse>;
  close(): void;
}

/** A client whose sockets stay open between requests (one per concurrent worker). */
export function createJsonClient(baseUrl: string, maxSockets: number): JsonClient {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    post(path, body) {
      const payload = Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': payload.length },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

export interface LoadResult {
  /** Requests answered with a 2xx. */
  ok: number;
  errors: number;
  /** The first few error answers, for the report. */
  errorSamples: string[];
  elapsedMs: number;
  /** Latency of each successful request, ms. */
  latencies: number[];
  /** True when the time limit, not the request count, ended the phase. */
  timedOut: boolean;
}

/**
 * Runs `request(i)` for i = 0…total-1 from `concurrency` workers until every request is
 * done or `timeLimitMs` has passed (requests in flight then still finish and count).
 */
export async function runLoad(options: {
  concurrency: number;
  total: number;
  timeLimitMs: number;
  request: (index: number, worker: number) => Promise<JsonResponse>;
}): Promise<LoadResult> {
  const result: LoadResult = {
    ok: 0,
    errors: 0,
    errorSamples: [],
    elapsedMs: 0,
    latencies: [],
    timedOut: false,
  };
  let next = 0;
  const started = performance.now();
  const deadline = started + options.timeLimitMs;
  const worker = async (id: number): Promise<void> => {
    while (next < options.total) {
      if (performance.now() > deadline) {
        result.timedOut = true;
        return;
      }
      const index = next;
      next += 1;
      const sent = performance.now();
      try {
        const response = await options.request(index, id);
        if (response.status >= 200 && response.status < 300) {
          result.ok += 1;
          result.latencies.push(performance.now() - sent);
        } else {
          result.errors += 1;
          if (result.errorSamples.length < 3) {
            result.errorSamples.push(`${response.status} ${response.body.slice(0, 200)}`);
          }
        }
      } catch (error) {
        result.errors += 1;
        if (result.errorSamples.length < 3) result.errorSamples.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => worker(id)));
  result.elapsedMs = performance.now() - started;
  return result;
}

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
