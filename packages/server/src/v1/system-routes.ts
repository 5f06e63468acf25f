import { z } from 'zod';
import { defineRoute, jsonResponse, type AnyApiRoute } from './api-route.ts';
import { healthSchema, storedEventSchema } from './entity-schemas.ts';
import { boundedInt, limits } from './input-schemas.ts';

export const systemRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    tag: 'System',
    summary: 'Liveness and version',
    response: jsonResponse(healthSchema, 'The server is up.'),
    handle: ({}, { deps }) => Promise.resolve({ status: 'ok' as const, version: deps.version }),
  }),
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'System',
    summary: 'This API’s OpenAPI 3.1 document',
    response: jsonResponse(
      z.record(z.string(), z.unknown()),
      'The document, generated from the same route table that validates requests.',
    ),
    handle: (_input, hc) => Promise.resolve(hc.openApiDocument()),
  }),
  defineRoute({
    method: 'GET',
    path: '/events',
    operationId: 'listEvents',
    tag: 'Events',
    summary: 'Read the event log in order',
    description:
      'Every state change is recorded as one event. Poll with `afterSeq` set to the last `seq` seen.',
    query: z.object({
      afterSeq: boundedInt(0, Number.MAX_SAFE_INTEGER).default(0),
      limit: boundedInt(1, limits.eventsMaxLimit).default(limits.eventsDefaultLimit),
    }),
    response: jsonResponse(z.object({ items: z.array(storedEventSchema) }), 'The next events.'),
    handle: async ({ query }, { deps }) => ({
      items: await deps.events.listEvents(query.afterSeq, query.limit),
    }),
  }),
];
