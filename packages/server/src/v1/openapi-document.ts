/**
 * Builds the OpenAPI 3.1 document of the v1 API from the route table: each route's zod
 * schemas become JSON Schema (draft 2020-12, OpenAPI 3.1's dialect) with `z.toJSONSchema`,
 * and named entities are collected once under `components.schemas`.
 */
import { z } from 'zod';
import type { AnyApiRoute, ResponseSpec } from './api-route.ts';
import { componentRegistry } from './component-registry.ts';
import { errorSchema } from './entity-schemas.ts';
import { limits } from './input-schemas.ts';
import { V1_BASE_PATH } from './v1-routes.ts';

type JsonSchema = Record<string, unknown>;

const tagDescriptions: Record<string, string> = {
  System: 'Health, version and this document.',
  Experiments: 'Experiments group runs.',
  Runs: 'Runs record metrics, params and tags of one execution.',
  'Logged models': 'Models logged by runs (MLflow 3 logged models).',
  Artifacts: "Files stored under a run's artifact root.",
  Events: 'The ordered log of state changes.',
};

const errorStatusDescriptions: Record<number, string> = {
  400: 'Invalid input (INVALID_ARGUMENT, FAILED_PRECONDITION); `details` names the field.',
  403: 'The Host, or the Origin of a state-changing request, is not allowed (PERMISSION_DENIED).',
  404: 'The resource does not exist (NOT_FOUND).',
  409: 'The resource already exists (ALREADY_EXISTS).',
  413: 'The body is over its size limit (RESOURCE_EXHAUSTED).',
  415: 'A state-changing request that is not `application/json`.',
  500: 'Unexpected server error (INTERNAL); details are only in the server log.',
};

const binarySchema: JsonSchema = { type: 'string', contentMediaType: 'application/octet-stream' };

/** Collects `$defs` into `components` and points refs there. */
function createSchemaConverter(components: Record<string, JsonSchema>) {
  return (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const converted = z.toJSONSchema(schema, {
      metadata: componentRegistry,
      io,
      target: 'draft-2020-12',
      unrepresentable: 'throw',
    }) as JsonSchema;
    const rewritten = JSON.parse(
      JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema;
    // The dialect is the document's (OpenAPI 3.1 means 2020-12); definitions move to components.
    const { $defs: defs, ...rest } = rewritten;
    delete rest['$schema'];
    for (const [name, definition] of Object.entries((defs ?? {}) as Record<string, JsonSchema>)) {
      const known = components[name];
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(definition)) {
        // Two different shapes under one name would make the document lie about one of them.
        throw new Error(`OpenAPI component ${name} has two different definitions`);
      }
      components[name] = definition;
    }
    return rest;
  };
}

function parameters(
  route: AnyApiRoute,
  convert: ReturnType<typeof createSchemaConverter>,
): JsonSchema[] {
  const result: JsonSchema[] = [];
  for (const [location, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (schema === undefined) continue;
    const object = convert(schema, 'input');
    const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((object.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      result.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: propertySchema,
        ...(propertySchema.type === 'array' ? { style: 'form', explode: true } : {}),
      });
    }
  }
  if (route.idempotent === true) {
    result.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Any unique string per logical create; a retry with the same key returns the first result instead of creating a duplicate.',
      schema: { type: 'string', minLength: 1, maxLength: limits.idempotencyKey },
    });
  }
  return result;
}

function successResponse(
  response: ResponseSpec,
  convert: ReturnType<typeof createSchemaConverter>,
): JsonSchema {
  switch (response.kind) {
    case 'json':
      return {
        description: response.description,
        content: { 'application/json': { schema: convert(response.schema, 'output') } },
      };
    case 'empty':
      return { description: response.description };
    case 'bytes':
      return {
        description: response.description,
        headers: {
          'Content-Length': { schema: { type: 'integer' } },
          'Content-Disposition': { schema: { type: 'string' } },
          ETag: { description: 'The SHA-256 of the content, quoted.', schema: { type: 'string' } },
        },
        content: { 'application/octet-stream': { schema: binarySchema } },
      };
  }
}

function errorStatuses(route: AnyApiRoute): number[] {
  const statuses = new Set<number>([400, ...(route.errors ?? [])]);
  statuses.add(403);
  if (route.body !== undefined) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.rawBody !== undefined) statuses.add(413);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function operation(route: AnyApiRoute, convert: ReturnType<typeof createSchemaConverter>) {
  const responses: Record<string, unknown> = {
    [String(route.response.status)]: successResponse(route.response, convert),
  };
  if (route.foundExisting !== undefined) {
    responses['200'] = {
      ...successResponse(route.response, convert),
      description: route.foundExisting.description,
    };
  }
  for (const status of errorStatuses(route)) {
    responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  }
  const requestBody =
    route.body !== undefined
      ? {
          required: true,
          content: { 'application/json': { schema: convert(route.body, 'input') } },
        }
      : route.rawBody !== undefined
        ? {
            required: true,
            description: route.rawBody,
            content: { 'application/octet-stream': { schema: binarySchema } },
          }
        : undefined;
  const params = parameters(route, convert);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(requestBody === undefined ? {} : { requestBody }),
    responses,
  };
}

/** The OpenAPI 3.1 document of `routes` (paths include the `/api/v1` prefix). */
export function createOpenApiDocument(
  routes: readonly AnyApiRoute[],
  version: string,
): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  const convert = createSchemaConverter(components);
  const errorBodySchema = convert(errorSchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const item = (paths[`${V1_BASE_PATH}${route.path}`] ??= {});
    item[route.method.toLowerCase()] = operation(route, convert);
  }
  const usedStatuses = new Set(routes.flatMap(errorStatuses));
  const responses: Record<string, unknown> = {};
  for (const status of [...usedStatuses].sort((a, b) => a - b)) {
    responses[`Error${status}`] = {
      description: errorStatusDescriptions[status] ?? 'Error.',
      content: { 'application/json': { schema: errorBodySchema } },
    };
  }
  const usedTags = [...new Set(routes.map((route) => route.tag))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cairn API',
      version,
      summary: "Cairn's own REST API (v1).",
      description:
        'JSON in and out. State-changing requests must be `application/json` (except artifact uploads). ' +
        'Errors are `{ "error": { "code", "category", "message", "details"? } }`. ' +
        'Metric values NaN and ±Infinity travel as the strings "NaN", "Infinity" and "-Infinity".',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    tags: usedTags.map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    paths,
    components: { schemas: sortedByKey(components), responses },
  };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
