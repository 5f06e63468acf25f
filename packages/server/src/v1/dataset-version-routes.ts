/**
 * Versions of a dataset under `/datasets/{name}/versions`: list, add (creating the dataset
 * when it is new), read and describe one, and read what was computed from it: its
 * manifest, its profile, a schema inferred from that profile, and a validation report.
 */
import { z } from 'zod';
import { defineRoute, jsonResponse, type AnyApiRoute } from './api-route.ts';
import { datasetTag, datasetsOf, renamePage } from './dataset-routes.ts';
import {
  addVersionBodySchema,
  datasetParams,
  datasetProfileSchema,
  datasetSchemaSchema,
  datasetVersionSchema,
  descriptionBodySchema,
  manifestEntrySchema,
  pageQuery,
  validationReportSchema,
  versionParams,
} from './dataset-schemas.ts';
import { boundedInt } from './input-schemas.ts';

const versionResponse = z.object({ version: datasetVersionSchema });
const base = '/datasets/{name}/versions';
const one = `${base}/{ref}` as const;

export const datasetVersionRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: base,
    operationId: 'listDatasetVersions',
    tag: datasetTag,
    summary: 'List a dataset’s versions, newest first',
    params: datasetParams,
    query: pageQuery,
    response: jsonResponse(
      z.object({ versions: z.array(datasetVersionSchema), nextPageToken: z.string().optional() }),
      'One page of versions.',
    ),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) =>
      renamePage('versions', await datasetsOf(deps).listVersions(ctx, params.name, query)),
  }),
  defineRoute({
    method: 'POST',
    path: base,
    operationId: 'addDatasetVersion',
    tag: datasetTag,
    summary: 'Add a version (creating the dataset when it does not exist)',
    description:
      'Every object the content names must be uploaded first (`PUT /datasets/{name}/objects/{digest}`), ' +
      'for a directory the manifest object last; otherwise 400 data.objects_missing. Content identical ' +
      'to an existing version returns that version (200, created: false), with the tags applied.',
    params: datasetParams,
    body: addVersionBodySchema,
    response: jsonResponse(
      z.object({
        version: datasetVersionSchema,
        created: z.boolean(),
        datasetCreated: z.boolean(),
      }),
      'The new version.',
      201,
    ),
    foundExisting: {
      description: 'A version with the same digest existed; it is returned (with the tags set).',
      found: (result) => !result.created,
    },
    handle: ({ params, body }, { deps, ctx }) =>
      datasetsOf(deps).addVersion(ctx, params.name, body),
  }),
  defineRoute({
    method: 'GET',
    path: one,
    operationId: 'getDatasetVersion',
    tag: datasetTag,
    summary: 'Get one version (by number, tag or `latest`)',
    params: versionParams,
    response: jsonResponse(versionResponse, 'The version.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) => ({
      version: await datasetsOf(deps).getVersion(ctx, params.name, params.ref),
    }),
  }),
  defineRoute({
    method: 'PATCH',
    path: one,
    operationId: 'updateDatasetVersion',
    tag: datasetTag,
    summary: 'Change a version’s description (its content never changes)',
    params: versionParams,
    body: descriptionBodySchema,
    response: jsonResponse(versionResponse, 'The updated version.'),
    errors: [404],
    handle: async ({ params, body }, { deps, ctx }) => ({
      version: await datasetsOf(deps).updateVersion(ctx, params.name, params.ref, body),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: `${one}/manifest`,
    operationId: 'getDatasetManifest',
    tag: datasetTag,
    summary: 'The files of a version, sorted by path',
    params: versionParams,
    response: jsonResponse(z.object({ entries: z.array(manifestEntrySchema) }), 'The files.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) => ({
      entries: await datasetsOf(deps).getManifest(ctx, params.name, params.ref),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: `${one}/profile`,
    operationId: 'getDatasetProfile',
    tag: datasetTag,
    summary: 'The statistics of a version’s tables, computed when it was added',
    params: versionParams,
    response: jsonResponse(z.object({ profile: datasetProfileSchema }), 'The profile.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx }) => ({
      profile: await datasetsOf(deps).getProfile(ctx, params.name, params.ref),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: `${one}/schema/inferred`,
    operationId: 'inferDatasetSchema',
    tag: datasetTag,
    summary: 'A schema inferred from a version’s profile (not saved)',
    params: versionParams,
    query: z.object({
      maxDomainSize: boundedInt(0, 1_000)
        .optional()
        .describe('Columns with at most this many distinct values get a domain (default 20).'),
      includeRanges: z
        .enum(['true', 'false'])
        .transform((value) => value === 'true')
        .optional()
        .describe('Add the observed min/max as bounds (default false).'),
    }),
    response: jsonResponse(z.object({ schema: datasetSchemaSchema }), 'The inferred schema.'),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => ({
      schema: await datasetsOf(deps).inferSchema(ctx, params.name, params.ref, query),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: `${one}/validate`,
    operationId: 'validateDatasetVersion',
    tag: datasetTag,
    summary: 'Validate a version against a schema revision (default: the newest)',
    description: 'The outcome is recorded as a data.version.validated event.',
    params: versionParams,
    body: z.strictObject({
      schemaRevision: z.number().int().positive().optional(),
    }),
    response: jsonResponse(z.object({ report: validationReportSchema }), 'The report.'),
    errors: [404],
    handle: async ({ params, body }, { deps, ctx }) => ({
      report: await datasetsOf(deps).validateVersion(ctx, params.name, params.ref, body),
    }),
  }),
];
