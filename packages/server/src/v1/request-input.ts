/** Reading and validating the parts of a request against a route's schemas. */
import type { z } from 'zod';
import { invalidArgument } from '@cairn/core';

export type InputLocation = 'path' | 'query' | 'body';

/**
 * Parses `value` with `schema`, or throws INVALID_ARGUMENT `api.invalid_request` naming the
 * first offending field in the message and every issue in `details`.
 */
export function parseInput<S extends z.ZodType>(
  location: InputLocation,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({
    field: fieldName(issue.path, issue.code === 'unrecognized_keys' ? issue.keys : undefined),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: '', message: 'Invalid input' };
  const where = first.field === '' ? `the ${location}` : `${location} field "${first.field}"`;
  throw invalidArgument('api.invalid_request', `Invalid ${where}: ${first.message}`, {
    details: { location, field: first.field, issues },
  });
}

function fieldName(path: readonly PropertyKey[], unknownKeys?: readonly string[]): string {
  const parts = path.map(String);
  if (unknownKeys !== undefined && unknownKeys.length > 0) parts.push(unknownKeys.join(','));
  return parts.join('.');
}

/**
 * The query as the schema expects it: a repeatable parameter (an array in the schema) gets
 * every value, any other the first one.
 */
export function queryInput(
  schema: z.ZodObject,
  all: Record<string, string[]>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    const values = all[name];
    if (values === undefined || values.length === 0) continue;
    input[name] = isArraySchema(field as z.ZodType) ? values : values[0];
  }
  return input;
}

function isArraySchema(schema: z.ZodType): boolean {
  let current: z.ZodType = schema;
  for (;;) {
    const def = current.def;
    if (def.type === 'array') return true;
    if (def.type !== 'optional' && def.type !== 'default' && def.type !== 'nullable') return false;
    current = (def as unknown as { innerType: z.ZodType }).innerType;
  }
}

/** A JSON body; an empty body counts as `{}` (for the bodiless POSTs such as `/restore`). */
export async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidArgument('api.malformed_json', 'The request body is not valid JSON.', {
      details: { location: 'body' },
    });
  }
}
