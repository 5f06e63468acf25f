/**
 * Response-side zod schemas: the `@cairn/core` entities as they appear on the wire. Each is
 * registered under a name in the component registry, so the OpenAPI document lists it once in
 * `components.schemas` and refers to it everywhere else.
 */
import { z } from 'zod';
import { ErrorCategory, LifecycleStage, LoggedModelStatus } from '@cairn/core';
import { component } from './component-registry.ts';
import { nonFiniteNumberSchema, runStatusSchema } from './input-schemas.ts';

const lifecycleStageSchema = z.enum(LifecycleStage);
const timeSchema = z.number().int();

export const tagSchema = component('Tag', z.object({ key: z.string(), value: z.string() }));
export const paramSchema = component('Param', z.object({ key: z.string(), value: z.string() }));

export const metricSchema = component(
  'Metric',
  z.object({
    key: z.string(),
    value: z.union([z.number(), nonFiniteNumberSchema]),
    timestamp: timeSchema,
    step: z.number().int(),
    datasetName: z.string().optional(),
    datasetDigest: z.string().optional(),
    modelId: z.string().optional(),
    runId: z.string().optional(),
  }),
  'One metric point. NaN and infinities are the strings "NaN", "Infinity", "-Infinity".',
);

export const metricSeriesSchema = component(
  'MetricSeries',
  z.object({
    points: z.array(
      z.object({
        step: z.number().int(),
        timestamp: timeSchema,
        value: z.union([z.number(), nonFiniteNumberSchema]),
      }),
    ),
    total: z.number().int(),
    downsampled: z.boolean(),
  }),
  'One metric of a run for a chart, in x order. `total` counts the points within the x bounds; when it exceeds 4 × buckets, `downsampled` is true and `points` holds the M4 selection: the first, last, lowest and highest point of each of `buckets` equal-width x buckets.',
);

export const experimentSchema = component(
  'Experiment',
  z.object({
    experimentId: z.string(),
    name: z.string(),
    artifactLocation: z.string(),
    lifecycleStage: lifecycleStageSchema,
    creationTime: timeSchema,
    lastUpdateTime: timeSchema,
    tags: z.array(tagSchema),
  }),
);

export const runInfoSchema = component(
  'RunInfo',
  z.object({
    runId: z.string(),
    runName: z.string(),
    experimentId: z.string(),
    userId: z.string(),
    status: runStatusSchema,
    startTime: timeSchema.nullable(),
    endTime: timeSchema.nullable(),
    artifactUri: z.string(),
    lifecycleStage: lifecycleStageSchema,
  }),
);

const datasetSchema = component(
  'Dataset',
  z.object({
    name: z.string(),
    digest: z.string(),
    sourceType: z.string(),
    source: z.string(),
    schema: z.string().optional(),
    profile: z.string().optional(),
  }),
);

export const runSchema = component(
  'Run',
  z.object({
    info: runInfoSchema,
    data: z.object({
      metrics: z.array(metricSchema).describe('The latest value of each metric.'),
      params: z.array(paramSchema),
      tags: z.array(tagSchema),
    }),
    inputs: z.object({
      datasetInputs: z.array(z.object({ dataset: datasetSchema, tags: z.array(tagSchema) })),
      modelInputs: z.array(z.object({ modelId: z.string() })),
    }),
    outputs: z.object({
      modelOutputs: z.array(z.object({ modelId: z.string(), step: z.number().int() })),
    }),
  }),
);

export const loggedModelSchema = component(
  'LoggedModel',
  z.object({
    modelId: z.string(),
    experimentId: z.string(),
    name: z.string(),
    artifactLocation: z.string(),
    creationTimestamp: timeSchema,
    lastUpdatedTimestamp: timeSchema,
    modelType: z.string().nullable(),
    sourceRunId: z.string().nullable(),
    status: z.enum(LoggedModelStatus),
    statusMessage: z.string().nullable(),
    tags: z.array(tagSchema),
    params: z.array(paramSchema),
    metrics: z.array(metricSchema),
  }),
);

export const storedEventSchema = component(
  'StoredEvent',
  z.object({
    seq: z.number().int(),
    type: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    actor: z.string(),
    time: timeSchema,
    payload: z.record(z.string(), z.unknown()),
  }),
  'One state change, in the order the store recorded it.',
);

export const artifactFileSchema = component(
  'ArtifactFile',
  z.object({
    path: z.string().describe("Relative to the run's artifact root."),
    isDir: z.boolean(),
    size: z.number().int().optional(),
  }),
);

export const artifactUploadSchema = component(
  'ArtifactUpload',
  z.object({
    path: z.string().describe("Relative to the run's artifact root."),
    digest: z.string().describe('Lowercase hex SHA-256 of the content.'),
    size: z.number().int(),
  }),
);

export const healthSchema = component(
  'Health',
  z.object({ status: z.literal('ok'), version: z.string() }),
);

export const errorSchema = component(
  'Error',
  z.object({
    error: z.object({
      code: z.string().describe('Stable and dotted, e.g. `tracking.run_not_found`.'),
      category: z.enum(ErrorCategory),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
);

/** `{ items, nextPageToken? }`, the shape of every list. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextPageToken: z.string().optional() });
}
