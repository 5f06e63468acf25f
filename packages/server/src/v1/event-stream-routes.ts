/**
 * `GET /events/stream`: the event log as server-sent events, for live pages. Each event is
 * one `message` whose `id` is its `seq` and whose `data` is the event as JSON; a client that
 * reconnects with `Last-Event-ID` resumes after it. Without one the stream starts at the
 * newest event (or after `?after=`). Only events about entities the caller may read are
 * sent; a comment line every 15 s keeps proxies from closing an idle stream.
 */
import { z } from 'zod';
import { invalidArgument } from '@cairn/core';
import type { EventReader, StoredEvent } from '@cairn/core';
import { createEventFilter, type EventFilter } from '../auth/event-visibility.ts';
import { bytesResponse, defineRoute, type AnyApiRoute } from './api-route.ts';
import { boundedInt } from './input-schemas.ts';

export const EVENT_STREAM_DEFAULTS = { pollMs: 500, heartbeatMs: 15_000, batch: 500 } as const;

const TYPE_PATTERN = /^[a-z0-9_.]+$/;

function parseTypes(value: string | undefined): ReadonlySet<string> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const types = value.split(',').map((type) => type.trim());
  for (const type of types) {
    if (!TYPE_PATTERN.test(type)) {
      throw invalidArgument(
        'events.invalid_type_filter',
        `types is a comma-separated list of event types such as tracking.batch.logged; '${type}' is not one.`,
        { details: { location: 'query', field: 'types' } },
      );
    }
  }
  return new Set(types);
}

function parseLastEventId(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seq = Number(header);
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw invalidArgument(
      'events.invalid_last_event_id',
      'Last-Event-ID must be the seq of an event (a non-negative integer).',
      { details: { location: 'header', field: 'Last-Event-ID' } },
    );
  }
  return seq;
}

/** The SSE frame of one event. */
export function eventFrame(event: StoredEvent): string {
  return `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

function streamResponse(options: {
  events: EventReader;
  after: number;
  types: ReadonlySet<string> | undefined;
  visible: EventFilter;
  signal: AbortSignal;
  /** Aborted when the server closes: the stream then ends cleanly. */
  closing: AbortSignal | undefined;
  pollMs: number;
  heartbeatMs: number;
}): Response {
  const { events, types, visible, signal, closing, pollMs, heartbeatMs } = options;
  const encoder = new TextEncoder();
  let stopped = false;
  let clientGone = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    wake?.();
  };
  const leave = () => {
    clientGone = true;
    stop();
  };
  signal.addEventListener('abort', leave, { once: true });
  closing?.addEventListener('abort', stop, { once: true });
  if (closing?.aborted === true) stop();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function pump(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    const send = (text: string) => controller.enqueue(encoder.encode(text));
    let cursor = options.after;
    let lastWrite = Date.now();
    // The retry hint, and a first write so that clients see the response at once.
    send(`retry: 3000\n: stream after ${cursor}\n\n`);
    while (!stopped) {
      const batch = await events.listEvents(cursor, EVENT_STREAM_DEFAULTS.batch);
      for (const event of batch) {
        cursor = event.seq;
        if (types !== undefined && !types.has(event.type)) continue;
        if (!(await visible(event))) continue;
        if (stopped) return;
        send(eventFrame(event));
        lastWrite = Date.now();
      }
      if (batch.length === EVENT_STREAM_DEFAULTS.batch) continue;
      if (Date.now() - lastWrite >= heartbeatMs) {
        send(': heartbeat\n\n');
        lastWrite = Date.now();
      }
      await pause(Math.min(pollMs, heartbeatMs));
    }
  }

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // The pump ends when the client leaves or the server closes; a store failure ends
      // the stream with an error (the client reconnects and resumes).
      pump(controller)
        .then(
          () => {
            if (!clientGone) controller.close();
          },
          (error: unknown) => {
            if (!clientGone) controller.error(error);
          },
        )
        .finally(() => closing?.removeEventListener('abort', stop));
    },
    cancel: leave,
  });
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      // Nginx and similar proxies buffer responses unless told not to.
      'X-Accel-Buffering': 'no',
    },
  });
}

export const eventStreamRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/events/stream',
    operationId: 'streamEvents',
    tag: 'Events',
    summary: 'Live events as server-sent events',
    description:
      'A `text/event-stream`: each event is a message whose `id` is its `seq` and whose `data` ' +
      'is the event as JSON (as in `GET /events`). Reconnect with `Last-Event-ID` to resume; ' +
      'without it the stream starts after `after`, or at the newest event. `types` limits the ' +
      'stream to a comma-separated list of event types. Only events about entities the caller ' +
      'may read are sent (events about users, tokens, webhooks and grants: admins only). A ' +
      'comment line every 15 s keeps idle connections open.',
    query: z.object({
      types: z.string().max(2000).optional(),
      after: boundedInt(0, Number.MAX_SAFE_INTEGER).optional(),
    }),
    response: bytesResponse('The stream (`text/event-stream`), open until the client leaves.'),
    handle: async ({ query }, { deps, ctx, request }) => {
      const types = parseTypes(query.types);
      const resumeAt = parseLastEventId(request.headers.get('last-event-id'));
      const after = resumeAt ?? query.after ?? (await deps.events.lastSeq());
      return streamResponse({
        events: deps.events,
        after,
        types,
        visible: createEventFilter({
          principal: ctx.principal,
          access: deps.access,
          resources: deps.resources,
        }),
        signal: request.signal,
        closing: deps.eventStream?.closing,
        pollMs: deps.eventStream?.pollMs ?? EVENT_STREAM_DEFAULTS.pollMs,
        heartbeatMs: deps.eventStream?.heartbeatMs ?? EVENT_STREAM_DEFAULTS.heartbeatMs,
      });
    },
  }),
];
