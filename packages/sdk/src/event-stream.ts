/**
 * `client.events.stream()`: the server's live event stream (`GET /events/stream`) as an
 * async iterable. It reconnects after a dropped connection, resuming after the last event
 * received, until `signal` aborts; errors the server answers with (401, 403, 400) end it.
 */
import { CairnApiError } from './errors.ts';
import type { Transport } from './http-transport.ts';
import { createSseParser } from './sse-parser.ts';
import type { StoredEvent } from './wire-types.ts';

export interface EventStreamOptions {
  /** Only these event types (e.g. `tracking.batch.logged`). */
  types?: readonly string[];
  /** Start after this seq; default the newest event when the stream opens. */
  after?: number;
  /** Stops the stream (the iteration then ends without an error). */
  signal?: AbortSignal;
  /** Wait before reconnecting when the server sent no `retry:` hint. Default 3 s. */
  reconnectMs?: number;
  /**
   * Called each time the server has accepted a connection, once its starting point is fixed.
   * Without `after`, the first connection starts at the newest event, so anything written
   * between loading some state and this call is not delivered: reload that state here.
   */
  onOpen?: () => void;
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function* streamEvents(
  transport: Transport,
  options: EventStreamOptions = {},
): AsyncGenerator<StoredEvent, void, undefined> {
  const { signal } = options;
  let lastSeq = options.after;
  let retryMs = options.reconnectMs ?? 3000;
  while (!aborted(signal)) {
    const received: StoredEvent[] = [];
    const parser = createSseParser((message) => {
      received.push(JSON.parse(message.data) as StoredEvent);
    });
    try {
      const response = await transport.send({
        method: 'GET',
        path: '/events/stream',
        query: {
          types: options.types === undefined ? undefined : options.types.join(','),
          after: lastSeq,
        },
        accept: 'text/event-stream',
        replayable: false,
        ...(signal === undefined ? {} : { signal }),
      });
      options.onOpen?.();
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
          retryMs = parser.retryMs ?? retryMs;
          for (const event of received.splice(0)) {
            lastSeq = event.seq;
            yield event;
          }
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    } catch (error) {
      if (aborted(signal)) return;
      // The server refused (not a dropped connection): retrying would not help.
      if (error instanceof CairnApiError && error.status < 500 && error.status !== 429) throw error;
    }
    await wait(retryMs, signal);
  }
}
