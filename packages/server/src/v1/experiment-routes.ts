import { z } from 'zod';
import { defineRoute, emptyResponse, jsonResponse, type AnyApiRoute } from './api-route.ts';
import { experimentSchema, pageOf } from './entity-schemas.ts';
import {
  filterSchema,
  idSchema,
  keySchema,
  limits,
  nameSchema,
  orderBySchema,
  pageTokenSchema,
  searchMaxResultsSchema,
  tagInputSchema,
  viewTypeSchema,
  emptyBodySchema,
} from './input-schemas.ts';

const tag = 'Experiments';
const experimentParams = z.object({ experimentId: idSchema });
const experimentTagParams = z.object({ experimentId: idSchema, key: keySchema });

export const experimentRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/experiments',
    operationId: 'searchExperiments',
    tag,
    summary: 'Search experiments',
    description: "Filter and order use the MLflow search grammar (e.g. `name LIKE '%ci%'`).",
    query: z.object({
      filter: filterSchema.optional(),
      orderBy: orderBySchema
        .optional()
        .describe('Repeatable, e.g. `orderBy=name&orderBy=creation_time DESC`.'),
      maxResults: searchMaxResultsSchema,
      pageToken: pageTokenSchema.optional(),
      viewType: viewTypeSchema.optional(),
    }),
    response: jsonResponse(pageOf(experimentSchema), 'One page of experiments.'),
    handle: ({ query }, { deps, ctx }) => deps.tracking.searchExperiments(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/experiments',
    operationId: 'createExperiment',
    tag,
    summary: 'Create an experiment',
    body: z.strictObject({
      name: nameSchema,
      artifactLocation: z.string().max(limits.uri).optional(),
      tags: z.array(tagInputSchema).max(limits.paramsOrTagsPerBatch).optional(),
    }),
    response: jsonResponse(experimentSchema, 'The new experiment.', 201),
    idempotent: true,
    errors: [409],
    handle: ({ body }, { deps, ctx, createOptions }) =>
      deps.tracking.createExperiment(ctx, body, createOptions),
  }),
  defineRoute({
    method: 'GET',
    path: '/experiments/{experimentId}',
    operationId: 'getExperiment',
    tag,
    summary: 'Get an experiment',
    params: experimentParams,
    response: jsonResponse(experimentSchema, 'The experiment.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => deps.tracking.getExperiment(ctx, params.experimentId),
  }),
  defineRoute({
    method: 'GET',
    path: '/experiments/by-name/{name}',
    operationId: 'getExperimentByName',
    tag,
    summary: 'Get an experiment by name',
    description: 'Percent-encode the name (`/` as `%2F`).',
    params: z.object({ name: nameSchema.min(1) }),
    response: jsonResponse(experimentSchema, 'The experiment.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => deps.tracking.getExperimentByName(ctx, params.name),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/experiments/{experimentId}',
    operationId: 'renameExperiment',
    tag,
    summary: 'Rename an experiment',
    params: experimentParams,
    body: z.strictObject({ name: nameSchema }),
    response: jsonResponse(experimentSchema, 'The renamed experiment.'),
    errors: [404, 409],
    handle: async ({ params, body }, { deps, ctx }) => {
      await deps.tracking.renameExperiment(ctx, params.experimentId, body.name);
      return deps.tracking.getExperiment(ctx, params.experimentId);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/experiments/{experimentId}',
    operationId: 'deleteExperiment',
    tag,
    summary: 'Delete an experiment',
    description: 'Marks the experiment and its runs deleted; `restore` undoes it.',
    params: experimentParams,
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => deps.tracking.deleteExperiment(ctx, params.experimentId),
  }),
  defineRoute({
    method: 'POST',
    path: '/experiments/{experimentId}/restore',
    operationId: 'restoreExperiment',
    tag,
    summary: 'Restore a deleted experiment',
    params: experimentParams,
    body: emptyBodySchema,
    response: jsonResponse(experimentSchema, 'The restored experiment.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) => {
      await deps.tracking.restoreExperiment(ctx, params.experimentId);
      return deps.tracking.getExperiment(ctx, params.experimentId);
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/experiments/{experimentId}/tags/{key}',
    operationId: 'setExperimentTag',
    tag,
    summary: 'Set an experiment tag',
    params: experimentTagParams,
    body: z.strictObject({ value: z.string().max(limits.value) }),
    response: emptyResponse('Set.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      deps.tracking.setExperimentTag(ctx, params.experimentId, {
        key: params.key,
        value: body.value,
      }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/experiments/{experimentId}/tags/{key}',
    operationId: 'deleteExperimentTag',
    tag,
    summary: 'Delete an experiment tag',
    params: experimentTagParams,
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.tracking.deleteExperimentTag(ctx, params.experimentId, params.key),
  }),
];
