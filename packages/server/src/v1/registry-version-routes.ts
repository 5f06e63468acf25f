/** v1 routes of model versions: search, create, get, update, delete, tags, stage, download URI. */
import { z } from 'zod';
import { defineRoute, emptyResponse, jsonResponse, type AnyApiRoute } from './api-route.ts';
import { pageOf } from './entity-schemas.ts';
import {
  filterSchema,
  idSchema,
  keySchema,
  limits,
  nameSchema,
  orderBySchema,
  pageTokenSchema,
  tagInputSchema,
} from './input-schemas.ts';
import {
  descriptionSchema,
  downloadUriSchema,
  modelStageSchema,
  modelVersionSchema,
  registryMaxResultsSchema,
  versionParamSchema,
} from './registry-schemas.ts';

const tag = 'Model versions';
const modelNameSchema = nameSchema.min(1);
const versionParams = z.object({ name: modelNameSchema, version: versionParamSchema });
const versionTagParams = z.object({
  name: modelNameSchema,
  version: versionParamSchema,
  key: keySchema,
});

const searchQuery = z.object({
  filter: filterSchema.optional(),
  orderBy: orderBySchema
    .optional()
    .describe(
      'Repeatable; `name`, `version_number`, `creation_timestamp`, `last_updated_timestamp`.',
    ),
  maxResults: registryMaxResultsSchema,
  pageToken: pageTokenSchema.optional(),
});

/** A filter string literal: `\` and `'` escaped as the registry grammar reads them. */
function quoted(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

export const modelVersionRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/model-versions',
    operationId: 'searchModelVersions',
    tag,
    summary: 'Search model versions of all registered models',
    description:
      "MLflow's grammar, e.g. `name = 'fraud' AND tags.validated = 'true'`, `run_id IN ('a','b')`, " +
      '`version_number > 2`.',
    query: searchQuery,
    response: jsonResponse(pageOf(modelVersionSchema), 'One page of versions.'),
    handle: ({ query }, { deps, ctx }) => deps.registry.searchModelVersions(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/registered-models/{name}/versions',
    operationId: 'listModelVersions',
    tag,
    summary: "Search one registered model's versions",
    description:
      'Like `searchModelVersions`, restricted to this model; `filter` narrows it further.',
    params: z.object({ name: modelNameSchema }),
    query: searchQuery,
    response: jsonResponse(pageOf(modelVersionSchema), 'One page of versions.'),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => {
      // An unknown model is a 404, not an empty page.
      await deps.registry.getRegisteredModel(ctx, params.name);
      const byName = `name = ${quoted(params.name)}`;
      const filter = query.filter?.trim() ? `${byName} AND ${query.filter}` : byName;
      return deps.registry.searchModelVersions(ctx, { ...query, filter });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/registered-models/{name}/versions',
    operationId: 'createModelVersion',
    tag,
    summary: 'Register a new version',
    description:
      'The source must be an artifact of this server: `models:/<model_id>`, `runs:/<run_id>/<path>` ' +
      'or `mlflow-artifacts:/…`. Send an `Idempotency-Key` header to make retries safe.',
    params: z.object({ name: modelNameSchema }),
    body: z.strictObject({
      source: z.string().min(1).max(limits.uri),
      runId: idSchema.optional(),
      modelId: idSchema.optional(),
      runLink: z.string().max(limits.uri).optional(),
      description: descriptionSchema.optional(),
      tags: z.array(tagInputSchema).max(limits.paramsOrTagsPerBatch).optional(),
    }),
    response: jsonResponse(modelVersionSchema, 'The new version, status READY.', 201),
    idempotent: true,
    errors: [404],
    handle: ({ params, body }, { deps, ctx, createOptions }) =>
      deps.registry.createModelVersion(ctx, { name: params.name, ...body }, createOptions),
  }),
  defineRoute({
    method: 'GET',
    path: '/registered-models/{name}/versions/{version}',
    operationId: 'getModelVersion',
    tag,
    summary: 'Get a model version',
    params: versionParams,
    response: jsonResponse(modelVersionSchema, 'The version.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.registry.getModelVersion(ctx, params.name, params.version),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/registered-models/{name}/versions/{version}',
    operationId: 'updateModelVersion',
    tag,
    summary: "Change a version's description",
    params: versionParams,
    body: z.strictObject({ description: descriptionSchema }),
    response: jsonResponse(modelVersionSchema, 'The updated version.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      deps.registry.updateModelVersion(ctx, params.name, params.version, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/registered-models/{name}/versions/{version}',
    operationId: 'deleteModelVersion',
    tag,
    summary: 'Delete a model version',
    description: 'Its aliases go with it; its number is never reused.',
    params: versionParams,
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.registry.deleteModelVersion(ctx, params.name, params.version),
  }),
  defineRoute({
    method: 'PUT',
    path: '/registered-models/{name}/versions/{version}/tags/{key}',
    operationId: 'setModelVersionTag',
    tag,
    summary: 'Set a model version tag',
    params: versionTagParams,
    body: z.strictObject({ value: z.string().max(limits.value) }),
    response: emptyResponse('Set.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      deps.registry.setModelVersionTag(ctx, params.name, params.version, {
        key: params.key,
        value: body.value,
      }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/registered-models/{name}/versions/{version}/tags/{key}',
    operationId: 'deleteModelVersionTag',
    tag,
    summary: 'Delete a model version tag',
    params: versionTagParams,
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.registry.deleteModelVersionTag(ctx, params.name, params.version, params.key),
  }),
  defineRoute({
    method: 'POST',
    path: '/registered-models/{name}/versions/{version}/stage',
    operationId: 'transitionModelVersionStage',
    tag,
    summary: 'Move a version to a legacy stage',
    description:
      'With `archiveExistingVersions`, the versions now in the target stage move to Archived.',
    params: versionParams,
    body: z.strictObject({
      stage: modelStageSchema,
      archiveExistingVersions: z.boolean().default(false),
    }),
    response: jsonResponse(modelVersionSchema, 'The version in its new stage.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      deps.registry.transitionStage(
        ctx,
        params.name,
        params.version,
        body.stage,
        body.archiveExistingVersions,
      ),
  }),
  defineRoute({
    method: 'GET',
    path: '/registered-models/{name}/versions/{version}/download-uri',
    operationId: 'getModelVersionDownloadUri',
    tag,
    summary: "Where a version's files are",
    params: versionParams,
    response: jsonResponse(downloadUriSchema, 'The URI.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) => ({
      artifactUri: await deps.registry.getDownloadUri(ctx, params.name, params.version),
    }),
  }),
];
