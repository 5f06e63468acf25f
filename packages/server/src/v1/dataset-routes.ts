/**
 * Datasets under `/datasets`: list, create, read and describe a dataset, move its tags,
 * save and read its schema revisions, and diff two versions (of it, or of it and another).
 * Versions are in dataset-version-routes.ts, objects and file downloads in
 * dataset-object-routes.ts.
 */
import { z } from 'zod';
import { CairnError, ErrorCategory } from '@cairn/core';
import type { DataObjectStore, DatasetsApi, Paged } from '@cairn/core';
import {
  defineRoute,
  emptyResponse,
  jsonResponse,
  type AnyApiRoute,
  type V1Deps,
} from './api-route.ts';
import {
  datasetDiffSchema,
  datasetParams,
  datasetVersionSchema,
  descriptionBodySchema,
  managedDatasetSchema,
  optionalDescriptionBodySchema,
  pageQuery,
  schemaRevisionSchema,
} from './dataset-schemas.ts';
import { boundedInt, limits } from './input-schemas.ts';

export const datasetTag = 'Datasets';

function notConfigured(): CairnError {
  return new CairnError(
    ErrorCategory.UNAVAILABLE,
    'data.not_configured',
    'Datasets are not enabled on this server.',
  );
}

/** The dataset service, or 503 on an app built without one. */
export function datasetsOf(deps: V1Deps): DatasetsApi {
  if (deps.datasets === undefined) throw notConfigured();
  return deps.datasets;
}

/** The blob store dataset objects live in, or 503 on an app built without one. */
export function dataObjectsOf(deps: V1Deps): DataObjectStore {
  if (deps.dataObjects === undefined) throw notConfigured();
  return deps.dataObjects;
}

/** A service page under the list name the v1 contract uses (`datasets`, `versions`…). */
export function renamePage<T, K extends string>(
  key: K,
  page: Paged<T>,
): Record<K, T[]> & { nextPageToken?: string } {
  const renamed = { [key]: page.items } as Record<K, T[]> & { nextPageToken?: string };
  if (page.nextPageToken !== undefined) renamed.nextPageToken = page.nextPageToken;
  return renamed;
}

const datasetResponse = z.object({ dataset: managedDatasetSchema });
const schemaResponse = z.object({ schema: schemaRevisionSchema });
const tagParams = datasetParams.extend({
  tag: z.string().min(1).max(limits.name),
});
const refSchema = z.string().min(1).max(limits.name);

export const datasetRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/datasets',
    operationId: 'listDatasets',
    tag: datasetTag,
    summary: 'List the datasets the caller may read, by name',
    query: pageQuery.extend({ namePrefix: z.string().max(limits.name).optional() }),
    response: jsonResponse(
      z.object({ datasets: z.array(managedDatasetSchema), nextPageToken: z.string().optional() }),
      'One page of datasets.',
    ),
    handle: async ({ query }, { deps, ctx }) =>
      renamePage('datasets', await datasetsOf(deps).listDatasets(ctx, query)),
  }),
  defineRoute({
    method: 'POST',
    path: '/datasets',
    operationId: 'createDataset',
    tag: datasetTag,
    summary: 'Create an empty dataset',
    description:
      'Adding the first version also creates a dataset; this is for one that starts with a description. The creator gets MANAGE.',
    body: optionalDescriptionBodySchema.extend({ name: z.string().max(limits.name) }),
    response: jsonResponse(datasetResponse, 'The new dataset.', 201),
    errors: [409],
    handle: async ({ body }, { deps, ctx }) => ({
      dataset: await datasetsOf(deps).createDataset(ctx, body),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/datasets/{name}',
    operationId: 'getDataset',
    tag: datasetTag,
    summary: 'Get a dataset with its latest version number and tags',
    params: datasetParams,
    response: jsonResponse(datasetResponse, 'The dataset.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) => ({
      dataset: await datasetsOf(deps).getDataset(ctx, params.name),
    }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/datasets/{name}',
    operationId: 'updateDataset',
    tag: datasetTag,
    summary: 'Change a dataset’s description',
    params: datasetParams,
    body: descriptionBodySchema,
    response: jsonResponse(datasetResponse, 'The updated dataset.'),
    errors: [404],
    handle: async ({ params, body }, { deps, ctx }) => ({
      dataset: await datasetsOf(deps).updateDataset(ctx, params.name, body),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/datasets/{name}/tags/{tag}',
    operationId: 'setDatasetTag',
    tag: datasetTag,
    summary: 'Point a tag at a version (moving it if it named another)',
    params: tagParams,
    body: z.strictObject({
      version: z
        .union([refSchema, z.number().int().positive()])
        .transform(String)
        .describe('A version number, a tag or `latest`.'),
    }),
    response: jsonResponse(
      z.object({ version: datasetVersionSchema }),
      'The version the tag now names.',
    ),
    errors: [404],
    handle: async ({ params, body }, { deps, ctx }) => ({
      version: await datasetsOf(deps).setTag(ctx, params.name, params.tag, body.version),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/datasets/{name}/tags/{tag}',
    operationId: 'deleteDatasetTag',
    tag: datasetTag,
    summary: 'Delete a tag',
    params: tagParams,
    response: emptyResponse('The tag is gone.'),
    errors: [404],
    handle: ({ params }, { deps, ctx }) => datasetsOf(deps).deleteTag(ctx, params.name, params.tag),
  }),
  defineRoute({
    method: 'GET',
    path: '/datasets/{name}/schema',
    operationId: 'getDatasetSchema',
    tag: datasetTag,
    summary: 'Get the newest (or a given) schema revision',
    params: datasetParams,
    query: z.object({ revision: boundedInt(1, Number.MAX_SAFE_INTEGER).optional() }),
    response: jsonResponse(schemaResponse, 'The schema revision.'),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => ({
      schema: await datasetsOf(deps).getSchema(ctx, params.name, query.revision),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/datasets/{name}/schema',
    operationId: 'saveDatasetSchema',
    tag: datasetTag,
    summary: 'Save a new schema revision',
    description:
      'With baseRevision, refused (400, data.stale_schema_revision) when another revision was saved since.',
    params: datasetParams,
    body: z.strictObject({
      schema: z
        .unknown()
        .describe('A DatasetSchema; checked by the service (data.invalid_schema).'),
      baseRevision: z.number().int().nonnegative().optional(),
      inferredFromVersion: z.number().int().positive().optional(),
    }),
    response: jsonResponse(schemaResponse, 'The saved revision.'),
    errors: [404],
    handle: async ({ params, body }, { deps, ctx }) => ({
      schema: await datasetsOf(deps).saveSchema(ctx, params.name, body),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/datasets/{name}/schema/revisions',
    operationId: 'listDatasetSchemaRevisions',
    tag: datasetTag,
    summary: 'List a dataset’s schema revisions, newest first',
    params: datasetParams,
    query: pageQuery,
    response: jsonResponse(
      z.object({ revisions: z.array(schemaRevisionSchema), nextPageToken: z.string().optional() }),
      'One page of revisions.',
    ),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) =>
      renamePage('revisions', await datasetsOf(deps).listSchemaRevisions(ctx, params.name, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/datasets/{name}/diff',
    operationId: 'diffDatasetVersions',
    tag: datasetTag,
    summary: 'Diff two versions: files, and rows, columns and statistics of changed tables',
    params: datasetParams,
    query: z.object({
      from: refSchema,
      to: refSchema,
      toDataset: z
        .string()
        .min(1)
        .max(limits.name)
        .optional()
        .describe('The dataset `to` names a version of; default this one.'),
    }),
    response: jsonResponse(z.object({ diff: datasetDiffSchema }), 'The differences.'),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => ({
      diff: await datasetsOf(deps).diffVersions(
        ctx,
        { name: params.name, ref: query.from },
        { name: query.toDataset ?? params.name, ref: query.to },
      ),
    }),
  }),
];
