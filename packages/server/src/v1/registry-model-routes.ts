/** v1 routes of registered models: search, create, get, rename/update, delete, tags, aliases. */
import { z } from 'zod';
import { defineRoute, emptyResponse, jsonResponse, type AnyApiRoute } from './api-route.ts';
import { pageOf } from './entity-schemas.ts';
import {
  filterSchema,
  keySchema,
  limits,
  nameSchema,
  orderBySchema,
  pageTokenSchema,
  tagInputSchema,
} from './input-schemas.ts';
import {
  aliasSchema,
  descriptionSchema,
  modelStageSchema,
  modelVersionSchema,
  registeredModelSchema,
  registryMaxResultsSchema,
} from './registry-schemas.ts';

const tag = 'Registered models';
const modelNameSchema = nameSchema.min(1);
const modelParams = z.object({ name: modelNameSchema });
const NAME_HINT = 'Percent-encode the name in the path (`/` as `%2F`).';

export const registeredModelRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/registered-models',
    operationId: 'searchRegisteredModels',
    tag,
    summary: 'Search registered models',
    description:
      "MLflow's registry grammar, e.g. `name LIKE 'fraud%' AND tags.team = 'risk'`; order by " +
      '`name`, `creation_timestamp` or `last_updated_timestamp`. Prompts are left out unless ' +
      'the filter names the `mlflow.prompt.is_prompt` tag.',
    query: z.object({
      filter: filterSchema.optional(),
      orderBy: orderBySchema.optional().describe('Repeatable, e.g. `orderBy=name DESC`.'),
      maxResults: registryMaxResultsSchema,
      pageToken: pageTokenSchema.optional(),
    }),
    response: jsonResponse(pageOf(registeredModelSchema), 'One page of registered models.'),
    handle: ({ query }, { deps, ctx }) => deps.registry.searchRegisteredModels(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/registered-models',
    operationId: 'createRegisteredModel',
    tag,
    summary: 'Create a registered model',
    body: z.strictObject({
      name: modelNameSchema,
      description: descriptionSchema.optional(),
      tags: z.array(tagInputSchema).max(limits.paramsOrTagsPerBatch).optional(),
    }),
    response: jsonResponse(registeredModelSchema, 'The new registered model.', 201),
    idempotent: true,
    errors: [409],
    handle: ({ body }, { deps, ctx, createOptions }) =>
      deps.registry.createRegisteredModel(ctx, body, createOptions),
  }),
  defineRoute({
    method: 'GET',
    path: '/registered-models/{name}',
    operationId: 'getRegisteredModel',
    tag,
    summary: 'Get a registered model',
    description: NAME_HINT,
    params: modelParams,
    response: jsonResponse(registeredModelSchema, 'The registered model.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => deps.registry.getRegisteredModel(ctx, params.name),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/registered-models/{name}',
    operationId: 'updateRegisteredModel',
    tag,
    summary: 'Rename a registered model or change its description',
    description: `Give \`name\` to rename, \`description\` to replace the description, or both. ${NAME_HINT}`,
    params: modelParams,
    body: z
      .strictObject({ name: modelNameSchema.optional(), description: descriptionSchema.optional() })
      .refine((body) => body.name !== undefined || body.description !== undefined, {
        message: 'give name, description or both',
      }),
    response: jsonResponse(registeredModelSchema, 'The updated registered model.'),
    errors: [404, 409],
    handle: async ({ params, body }, { deps, ctx }) => {
      let name = params.name;
      if (body.name !== undefined && body.name !== name) {
        name = (await deps.registry.renameRegisteredModel(ctx, name, body.name)).name;
      }
      if (body.description === undefined) return deps.registry.getRegisteredModel(ctx, name);
      return deps.registry.updateRegisteredModel(ctx, name, { description: body.description });
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/registered-models/{name}',
    operationId: 'deleteRegisteredModel',
    tag,
    summary: 'Delete a registered model and all its versions',
    params: modelParams,
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => deps.registry.deleteRegisteredModel(ctx, params.name),
  }),
  defineRoute({
    method: 'PUT',
    path: '/registered-models/{name}/tags/{key}',
    operationId: 'setRegisteredModelTag',
    tag,
    summary: 'Set a registered model tag',
    params: z.object({ name: modelNameSchema, key: keySchema }),
    body: z.strictObject({ value: z.string().max(limits.value) }),
    response: emptyResponse('Set.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      deps.registry.setRegisteredModelTag(ctx, params.name, { key: params.key, value: body.value }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/registered-models/{name}/tags/{key}',
    operationId: 'deleteRegisteredModelTag',
    tag,
    summary: 'Delete a registered model tag',
    params: z.object({ name: modelNameSchema, key: keySchema }),
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.registry.deleteRegisteredModelTag(ctx, params.name, params.key),
  }),
  defineRoute({
    method: 'GET',
    path: '/registered-models/{name}/latest-versions',
    operationId: 'getLatestModelVersions',
    tag,
    summary: 'The highest version in each stage',
    description: 'Every stage that has a version, or only the repeatable `stage` values given.',
    params: modelParams,
    query: z.object({ stage: z.array(modelStageSchema).max(4).optional() }),
    response: jsonResponse(z.object({ items: z.array(modelVersionSchema) }), 'The versions.'),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => ({
      items: await deps.registry.getLatestVersions(ctx, params.name, query.stage),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/registered-models/{name}/aliases/{alias}',
    operationId: 'setRegisteredModelAlias',
    tag,
    summary: 'Point an alias at a version',
    description: 'Moves the alias when it already exists. `latest` and `v<number>` are reserved.',
    params: z.object({ name: modelNameSchema, alias: aliasSchema }),
    body: z.strictObject({ version: z.number().int().positive() }),
    response: emptyResponse('Set.'),
    errors: [404],
    handle: ({ params, body }, { deps, ctx }) =>
      deps.registry.setAlias(ctx, params.name, params.alias, body.version),
  }),
  defineRoute({
    method: 'GET',
    path: '/registered-models/{name}/aliases/{alias}',
    operationId: 'getModelVersionByAlias',
    tag,
    summary: 'The version an alias points to',
    params: z.object({ name: modelNameSchema, alias: aliasSchema }),
    response: jsonResponse(modelVersionSchema, 'The version.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.registry.getVersionByAlias(ctx, params.name, params.alias),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/registered-models/{name}/aliases/{alias}',
    operationId: 'deleteRegisteredModelAlias',
    tag,
    summary: 'Delete an alias',
    params: z.object({ name: modelNameSchema, alias: aliasSchema }),
    response: emptyResponse('Deleted.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) =>
      deps.registry.deleteAlias(ctx, params.name, params.alias),
  }),
];
