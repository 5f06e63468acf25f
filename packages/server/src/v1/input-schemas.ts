/**
 * Request-side zod schemas of the v1 API. Their bounds are outer caps against abuse
 * (giant strings, unbounded arrays, page sizes); the tracking service applies MLflow's
 * exact domain limits with its own error codes.
 */
import { z } from 'zod';
import { RunStatus, ViewType } from '@cairn/core';
import { component } from './component-registry.ts';

export const limits = {
  id: 256,
  key: 1_000,
  name: 1_000,
  value: 65_536,
  uri: 4_096,
  filter: 16_384,
  orderByClause: 1_000,
  orderByClauses: 100,
  pageToken: 4_096,
  /** The `Idempotency-Key` header (a UUID is 36 characters). */
  idempotencyKey: 200,
  artifactPath: 4_096,
  experimentIdsPerSearch: 1_000,
  /** experiments and runs: MLflow's cap. */
  searchMaxResults: 50_000,
  searchDefaultResults: 100,
  historyMaxResults: 25_000,
  eventsMaxLimit: 1_000,
  eventsDefaultLimit: 100,
  /** MLflow's log-batch limits. */
  metricsPerBatch: 1_000,
  paramsOrTagsPerBatch: 100,
} as const;

export const idSchema = z.string().min(1).max(limits.id);
export const keySchema = z.string().min(1).max(limits.key);
export const nameSchema = z.string().max(limits.name);
const valueSchema = z.string().max(limits.value);
/** Epoch milliseconds. */
export const timestampSchema = z.number().int().nonnegative();

export const tagInputSchema = component(
  'TagInput',
  z.strictObject({ key: keySchema, value: valueSchema }),
);
export const paramInputSchema = component(
  'ParamInput',
  z.strictObject({ key: keySchema, value: valueSchema }),
);

/** JSON has no NaN or infinities, so the wire carries them as these strings. */
export const nonFiniteNumberSchema = z.enum(['NaN', 'Infinity', '-Infinity']);

export const metricInputSchema = component(
  'MetricInput',
  z.strictObject({
    key: keySchema,
    value: z
      .union([z.number(), nonFiniteNumberSchema])
      .transform((value) => (typeof value === 'number' ? value : Number(value))),
    timestamp: timestampSchema,
    step: z.number().int().default(0),
    datasetName: z.string().max(limits.name).optional(),
    datasetDigest: z.string().max(limits.key).optional(),
    modelId: idSchema.optional(),
    /** Accepted so a point read from a history can be logged back; must name the path's run. */
    runId: idSchema.optional(),
  }),
  'One metric point to log; `step` defaults to 0.',
);

export const viewTypeSchema = z.enum(ViewType);
export const runStatusSchema = z.enum(RunStatus);

export const filterSchema = z.string().max(limits.filter);
export const orderBySchema = z
  .array(z.string().min(1).max(limits.orderByClause))
  .max(limits.orderByClauses);
export const pageTokenSchema = z.string().min(1).max(limits.pageToken);

/** An integer in [min, max] that may arrive as query text: `"25"` is checked as 25. */
export function boundedInt(min: number, max: number) {
  return z.coerce.number<string | number>().int().min(min).max(max);
}

export const searchMaxResultsSchema = boundedInt(1, limits.searchMaxResults).default(
  limits.searchDefaultResults,
);

/** The empty object some POSTs take (`/restore`); an empty body counts as `{}`. */
export const emptyBodySchema = z.strictObject({});
