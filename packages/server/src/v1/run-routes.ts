import { z } from 'zod';
import { invalidArgument, MAX_SERIES_BUCKETS } from '@cairn/core';
import { defineRoute, emptyResponse, jsonResponse, type AnyApiRoute } from './api-route.ts';
import {
  loggedModelSchema,
  metricSchema,
  metricSeriesSchema,
  pageOf,
  runInfoSchema,
  runSchema,
} from './entity-schemas.ts';
import {
  boundedInt,
  emptyBodySchema,
  filterSchema,
  idSchema,
  keySchema,
  limits,
  metricInputSchema,
  nameSchema,
  orderBySchema,
  pageTokenSchema,
  paramInputSchema,
  runStatusSchema,
  searchMaxResultsSchema,
  tagInputSchema,
  timestampSchema,
  viewTypeSchema,
} from './input-schemas.ts';
import { wireLoggedModel, wireMetrics, wireNumber, wireRun } from './wire-format.ts';

const tag = 'Runs';
const runParams = z.object({ runId: idSchema });

export const runRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/runs',
    operationId: 'createRun',
    tag,
    summary: 'Create a run',
    description: 'Without `experimentId` the run goes to the Default experiment ("0").',
    body: z.strictObject({
      experimentId: idSchema.optional(),
      runName: nameSchema.optional(),
      startTime: timestampSchema.optional(),
      tags: z.array(tagInputSchema).max(limits.paramsOrTagsPerBatch).optional(),
    }),
    response: jsonResponse(runSchema, 'The new run, status RUNNING.', 201),
    idempotent: true,
    errors: [404],
    handle: async ({ body }, { deps, ctx, createOptions }) =>
      wireRun(await deps.tracking.createRun(ctx, body, createOptions)),
  }),
  defineRoute({
    method: 'GET',
    path: '/runs/{runId}',
    operationId: 'getRun',
    tag,
    summary: 'Get a run with its latest metrics, params, tags, inputs and outputs',
    params: runParams,
    response: jsonResponse(runSchema, 'The run.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) =>
      wireRun(await deps.tracking.getRun(ctx, params.runId)),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/runs/{runId}',
    operationId: 'updateRun',
    tag,
    summary: 'Update a run’s status, end time or name',
    params: runParams,
    body: z.strictObject({
      status: runStatusSchema.optional(),
      endTime: timestampSchema.optional(),
      runName: nameSchema.optional(),
    }),
    response: jsonResponse(runInfoSchema, 'The updated run info.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) => deps.tracking.updateRun(ctx, params.runId, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/runs/{runId}',
    operationId: 'deleteRun',
    tag,
    summary: 'Delete a run',
    description: 'Marks the run deleted; `restore` undoes it.',
    params: runParams,
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => deps.tracking.deleteRun(ctx, params.runId),
  }),
  defineRoute({
    method: 'POST',
    path: '/runs/{runId}/restore',
    operationId: 'restoreRun',
    tag,
    summary: 'Restore a deleted run',
    params: runParams,
    body: emptyBodySchema,
    response: jsonResponse(runSchema, 'The restored run.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) => {
      await deps.tracking.restoreRun(ctx, params.runId);
      return wireRun(await deps.tracking.getRun(ctx, params.runId));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/runs/search',
    operationId: 'searchRuns',
    tag,
    summary: 'Search runs',
    description:
      "Filter and order use the MLflow search grammar, e.g. `metrics.acc > 0.9 and params.lr = '0.1'`.",
    body: z.strictObject({
      experimentIds: z.array(idSchema).max(limits.experimentIdsPerSearch),
      filter: filterSchema.optional(),
      orderBy: orderBySchema.optional(),
      maxResults: searchMaxResultsSchema,
      pageToken: pageTokenSchema.optional(),
      viewType: viewTypeSchema.optional(),
    }),
    response: jsonResponse(pageOf(runSchema), 'One page of runs.'),
    handle: async ({ body }, { deps, ctx }) => {
      const page = await deps.tracking.searchRuns(ctx, body);
      return { ...page, items: page.items.map(wireRun) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/runs/{runId}/log-batch',
    operationId: 'logBatch',
    tag,
    summary: 'Log metrics, params and tags in one request',
    description:
      'At most 1,000 metrics, 100 params and 100 tags. Params are immutable: logging a param again with a different value fails.',
    params: runParams,
    body: z.strictObject({
      metrics: z.array(metricInputSchema).max(limits.metricsPerBatch).optional(),
      params: z.array(paramInputSchema).max(limits.paramsOrTagsPerBatch).optional(),
      tags: z.array(tagInputSchema).max(limits.paramsOrTagsPerBatch).optional(),
    }),
    response: emptyResponse('Logged.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) => {
      const metrics = body.metrics?.map(({ runId, ...metric }) => {
        if (runId !== undefined && runId !== params.runId) {
          throw invalidArgument(
            'api.metric_run_mismatch',
            `A metric names run ${runId} but is logged to run ${params.runId}.`,
            { details: { field: 'metrics.runId' } },
          );
        }
        return metric;
      });
      return deps.tracking.logBatch(ctx, params.runId, { ...body, metrics });
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/runs/{runId}/tags/{key}',
    operationId: 'deleteRunTag',
    tag,
    summary: 'Delete a run tag',
    params: z.object({ runId: idSchema, key: keySchema }),
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.tracking.deleteRunTag(ctx, params.runId, params.key),
  }),
  defineRoute({
    method: 'GET',
    path: '/runs/{runId}/metrics/{key}/history',
    operationId: 'getMetricHistory',
    tag,
    summary: 'Every point of one metric of a run',
    description: 'Ordered by step, then timestamp. Percent-encode the key (`/` as `%2F`).',
    params: z.object({ runId: idSchema, key: keySchema }),
    query: z.object({
      maxResults: boundedInt(1, limits.historyMaxResults).optional(),
      pageToken: pageTokenSchema.optional(),
    }),
    response: jsonResponse(pageOf(metricSchema), 'One page of points.'),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => {
      const page = await deps.tracking.getMetricHistory(ctx, params.runId, params.key, query);
      return { ...page, items: wireMetrics(page.items) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/runs/{runId}/metrics/{key}/series',
    operationId: 'getMetricSeries',
    tag,
    summary: 'One metric of a run, downsampled for a chart',
    description:
      'Reads the whole history and keeps, per pixel bucket of the x range, the first, last, lowest and highest point (M4), so spikes survive. `buckets` is normally the chart width in pixels; `xMin`/`xMax` (inclusive, steps or epoch ms) select a zoomed range. Percent-encode the key.',
    params: z.object({ runId: idSchema, key: keySchema }),
    query: z.object({
      x: z.enum(['step', 'time']).default('step'),
      buckets: boundedInt(1, MAX_SERIES_BUCKETS).default(1000),
      xMin: z.coerce.number<string | number>().finite().optional(),
      xMax: z.coerce.number<string | number>().finite().optional(),
    }),
    response: jsonResponse(metricSeriesSchema, 'The series, in x order.'),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => {
      const series = await deps.tracking.getMetricSeries(ctx, params.runId, params.key, query);
      const points = series.points.map((p) => ({ ...p, value: wireNumber(p.value) }));
      return { ...series, points };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/logged-models/{modelId}',
    operationId: 'getLoggedModel',
    tag: 'Logged models',
    summary: 'Get a logged model',
    params: z.object({ modelId: idSchema }),
    response: jsonResponse(loggedModelSchema, 'The logged model.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) =>
      wireLoggedModel(await deps.tracking.getLoggedModel(ctx, params.modelId)),
  }),
];
