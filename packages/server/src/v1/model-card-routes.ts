/**
 * Model cards of model versions under `/registered-models/{name}/versions/{version}/model-card`:
 * read (the newest revision, or a draft pre-filled from lineage), save a revision, list the
 * revisions, and export as Markdown, HTML (escaped, served with a script-forbidding CSP) or JSON.
 */
import { z } from 'zod';
import { CairnError, DatasetRole, ErrorCategory } from '@cairn/core';
import type { ModelCardsApi } from '@cairn/core';
import {
  bytesResponse,
  defineRoute,
  jsonResponse,
  type AnyApiRoute,
  type V1Deps,
} from './api-route.ts';
import { component } from './component-registry.ts';
import { pageOf } from './entity-schemas.ts';
import { boundedInt, pageTokenSchema } from './input-schemas.ts';

const tag = 'Model cards';
const base = '/registered-models/{name}/versions/{version}/model-card';

const text = z.string();
const texts = z.array(z.string());

const contentSchema = component(
  'ModelCardContent',
  z.object({
    schema_version: z.literal('0.0.2'),
    model_details: z.object({
      name: text,
      overview: text,
      documentation: text,
      owners: z.array(z.object({ name: text, contact: text })),
      version: z.object({ name: text, date: text, diff: text }),
      licenses: z.array(z.object({ identifier: text, custom_text: text })),
      references: z.array(z.object({ reference: text })),
      citations: z.array(z.object({ style: text, citation: text })),
    }),
    model_parameters: z.object({
      model_architecture: text,
      data: z.array(
        z.object({
          name: text,
          link: text,
          description: text,
          role: z.enum(DatasetRole),
          digest: text,
          sensitive: z.object({ sensitive_data: texts }),
        }),
      ),
      input_format: text,
      output_format: text,
      parameters: z.array(z.object({ name: text, value: text })),
    }),
    quantitative_analysis: z.object({
      performance_metrics: z.array(z.object({ type: text, value: text, slice: text })),
    }),
    considerations: z.object({
      users: texts,
      use_cases: texts,
      limitations: texts,
      tradeoffs: texts,
      ethical_considerations: z.array(z.object({ name: text, mitigation_strategy: text })),
    }),
    factors: texts,
    code_version: z.object({ commit: text, source_name: text, repo_url: text }).nullable(),
  }),
  'A model card: the Model Card Toolkit v0.0.2 sections plus factors, training parameters, dataset roles and the code version.',
);

const cardSchema = component(
  'ModelCard',
  z.object({
    registeredModelId: z.string(),
    name: z.string(),
    version: z.number().int(),
    revision: z.number().int().describe('0 for the unsaved draft.'),
    content: contentSchema,
    author: z.string(),
    createdAt: z.number().int(),
  }),
  'One revision of a model version’s card.',
);

const viewSchema = component(
  'ModelCardView',
  z.object({
    card: cardSchema,
    saved: z.boolean().describe('False while the card is the pre-filled draft.'),
    completeness: z.object({
      complete: z.boolean(),
      missing: z.array(z.object({ section: z.string(), description: z.string() })),
    }),
  }),
  'A card with whether it was saved and which required sections it lacks.',
);

const params = z.object({
  name: z.string().min(1).max(1000),
  version: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

const CONTENT_TYPES = {
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

function api(deps: V1Deps): ModelCardsApi {
  if (deps.modelCards === undefined) {
    throw new CairnError(
      ErrorCategory.UNAVAILABLE,
      'model_card.not_configured',
      'Model cards are not enabled on this server.',
    );
  }
  return deps.modelCards;
}

export const modelCardRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: base,
    operationId: 'getModelCard',
    tag,
    summary: 'Get a model version’s card',
    description:
      'The newest saved revision; before the first save, a draft pre-filled from the registry and the version’s lineage (revision 0).',
    params,
    response: jsonResponse(viewSchema, 'The card.'),
    errors: [404],
    handle: ({ params: p }, { deps, ctx }) => api(deps).getModelCard(ctx, p.name, p.version),
  }),
  defineRoute({
    method: 'PUT',
    path: base,
    operationId: 'saveModelCard',
    tag,
    summary: 'Save a new revision of a model version’s card',
    description:
      'Absent sections are saved empty. With baseRevision, a save made on an older revision than the newest is refused (400, model_card.stale_revision).',
    params,
    body: z.strictObject({
      content: z.record(z.string(), z.unknown()),
      baseRevision: z.number().int().nonnegative().optional(),
    }),
    response: jsonResponse(viewSchema, 'The saved revision.'),
    errors: [404, 409],
    handle: ({ params: p, body }, { deps, ctx }) =>
      api(deps).saveModelCard(ctx, p.name, p.version, {
        content: body.content,
        ...(body.baseRevision === undefined ? {} : { baseRevision: body.baseRevision }),
      }),
  }),
  defineRoute({
    method: 'GET',
    path: `${base}/revisions`,
    operationId: 'listModelCardRevisions',
    tag,
    summary: 'List the saved revisions of a card, newest first',
    params,
    query: z.object({
      maxResults: boundedInt(1, 100).optional(),
      pageToken: pageTokenSchema.optional(),
    }),
    response: jsonResponse(pageOf(cardSchema), 'One page of revisions.'),
    errors: [404],
    handle: ({ params: p, query }, { deps, ctx }) =>
      api(deps).listRevisions(ctx, p.name, p.version, {
        ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
        ...(query.pageToken === undefined ? {} : { pageToken: query.pageToken }),
      }),
  }),
  defineRoute({
    method: 'GET',
    path: `${base}/export`,
    operationId: 'exportModelCard',
    tag,
    summary: 'Export a card as Markdown, HTML or JSON',
    params,
    query: z.object({ format: z.enum(['markdown', 'html', 'json']).default('markdown') }),
    response: bytesResponse('The card as text/markdown, text/html or application/json.'),
    errors: [404],
    handle: async ({ params: p, query }, { deps, ctx }) => {
      const body = await api(deps).exportModelCard(ctx, p.name, p.version, query.format);
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[query.format],
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        },
      });
    },
  }),
];
