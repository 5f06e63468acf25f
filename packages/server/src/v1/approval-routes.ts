/**
 * Protected aliases (`/registered-models/{name}/protected-aliases…`) and approval requests
 * (`/approvals…`): the four-eyes promotion of a model version to a protected alias.
 */
import { z } from 'zod';
import { ApprovalState, CairnError, ErrorCategory, METRIC_OPERATORS } from '@cairn/core';
import type { ApprovalsApi } from '@cairn/core';
import {
  defineRoute,
  emptyResponse,
  jsonResponse,
  type AnyApiRoute,
  type V1Deps,
} from './api-route.ts';
import { component } from './component-registry.ts';
import { pageOf } from './entity-schemas.ts';
import { boundedInt, idSchema, pageTokenSchema } from './input-schemas.ts';

const tag = 'Approvals';
const modelName = z.string().min(1).max(256);
const aliasName = z.string().min(1).max(256);
const reasonSchema = z.string().max(5000);

const gatesSchema = component(
  'PolicyGates',
  z.object({
    metrics: z.array(
      z.object({ key: z.string(), op: z.enum(METRIC_OPERATORS), threshold: z.number() }),
    ),
    tags: z.array(z.object({ key: z.string(), value: z.string() })),
    modelCardComplete: z.boolean(),
  }),
  'What a version must show before the alias may point to it: metrics of its source run within thresholds, tags with exact values, a complete model card.',
);

const protectedAliasSchema = component(
  'ProtectedAlias',
  z.object({
    registeredModelId: z.string(),
    name: z.string(),
    alias: z.string(),
    version: z.number().int().nullable().describe('Where the alias points now (null: unset).'),
    gates: gatesSchema,
    createdBy: z.string(),
    createdAt: z.number().int(),
  }),
  'An alias that moves only through an approved approval request.',
);

const gateResultSchema = component(
  'GateResult',
  z.object({
    gate: z.enum(['metric', 'tag', 'model_card']),
    requirement: z.string(),
    passed: z.boolean(),
    observed: z.string().nullable(),
  }),
  'One policy gate as evaluated at approval time: the recorded evidence.',
);

const approvalRequestSchema = component(
  'ApprovalRequest',
  z.object({
    id: z.string(),
    registeredModelId: z.string(),
    name: z.string().nullable().describe("The model's current name (null once deleted)."),
    alias: z.string(),
    version: z.number().int(),
    baseVersion: z.number().int().nullable(),
    justification: z.string(),
    state: z.enum(ApprovalState),
    requestedBy: z.string(),
    requestedByUserId: z.string().nullable(),
    createdAt: z.number().int(),
    decidedBy: z.string().nullable(),
    decidedByUserId: z.string().nullable(),
    decidedAt: z.number().int().nullable(),
    decisionReason: z.string().nullable(),
    gateResults: z.array(gateResultSchema).nullable(),
  }),
  'A request to point a protected alias to a version (four-eyes rule).',
);

function api(deps: V1Deps): ApprovalsApi {
  if (deps.approvals === undefined) {
    throw new CairnError(
      ErrorCategory.UNAVAILABLE,
      'approvals.not_configured',
      'Approvals are not enabled on this server.',
    );
  }
  return deps.approvals;
}

const requestParams = z.object({ requestId: idSchema });
const aliasParams = z.object({ name: modelName, alias: aliasName });

export const approvalRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/registered-models/{name}/protected-aliases',
    operationId: 'listProtectedAliases',
    tag,
    summary: "List a model's protected aliases with their policy gates",
    params: z.object({ name: modelName }),
    response: jsonResponse(
      z.object({ protectedAliases: z.array(protectedAliasSchema) }),
      'The protected aliases, by name.',
    ),
    errors: [404],
    async handle({ params }, { deps, ctx }) {
      return { protectedAliases: await api(deps).listProtectedAliases(ctx, params.name) };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/registered-models/{name}/protected-aliases/{alias}',
    operationId: 'protectAlias',
    tag,
    summary: 'Protect an alias (MANAGE), or replace its gates',
    params: aliasParams,
    body: z.strictObject({
      metrics: z
        .array(
          z.strictObject({
            key: z.string().min(1).max(250),
            op: z.enum(METRIC_OPERATORS),
            threshold: z.number(),
          }),
        )
        .max(50)
        .optional(),
      tags: z
        .array(z.strictObject({ key: z.string().min(1).max(250), value: z.string().max(250) }))
        .max(50)
        .optional(),
      modelCardComplete: z.boolean().optional(),
    }),
    response: jsonResponse(protectedAliasSchema, 'The protected alias.'),
    errors: [404],
    async handle({ params, body }, { deps, ctx }) {
      return api(deps).protectAlias(ctx, params.name, params.alias, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/registered-models/{name}/protected-aliases/{alias}',
    operationId: 'unprotectAlias',
    tag,
    summary: 'Lift the protection of an alias (MANAGE)',
    params: aliasParams,
    response: emptyResponse('Unprotected (or was not protected).'),
    errors: [404],
    async handle({ params }, { deps, ctx }) {
      await api(deps).unprotectAlias(ctx, params.name, params.alias);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/approvals',
    operationId: 'listApprovalRequests',
    tag,
    summary: 'List approval requests, newest first (only on models you may read)',
    query: z.object({
      name: modelName.optional(),
      state: z.enum(ApprovalState).optional(),
      maxResults: boundedInt(1, 1000).optional(),
      pageToken: pageTokenSchema.optional(),
    }),
    response: jsonResponse(pageOf(approvalRequestSchema), 'One page of requests.'),
    errors: [404],
    async handle({ query }, { deps, ctx }) {
      return api(deps).listRequests(ctx, query);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/approvals',
    operationId: 'createApprovalRequest',
    tag,
    summary: 'Request that a protected alias point to a version (EDIT)',
    body: z.strictObject({
      name: modelName,
      alias: aliasName,
      version: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]),
      justification: reasonSchema.min(1),
    }),
    response: jsonResponse(approvalRequestSchema, 'The new, pending request.', 201),
    errors: [404],
    async handle({ body }, { deps, ctx }) {
      return api(deps).createRequest(ctx, body);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/approvals/{requestId}',
    operationId: 'getApprovalRequest',
    tag,
    summary: 'Get an approval request with its decision and recorded gate results',
    params: requestParams,
    response: jsonResponse(approvalRequestSchema, 'The request.'),
    errors: [403, 404],
    async handle({ params }, { deps, ctx }) {
      return api(deps).getRequest(ctx, params.requestId);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/approvals/{requestId}/approve',
    operationId: 'approveApprovalRequest',
    tag,
    summary:
      'Approve: another user than the requester, with MANAGE; gates evaluated and recorded; the alias moves',
    params: requestParams,
    body: z.strictObject({ reason: reasonSchema.optional() }),
    response: jsonResponse(approvalRequestSchema, 'The approved request.'),
    errors: [403, 404],
    async handle({ params, body }, { deps, ctx }) {
      return api(deps).approve(ctx, params.requestId, body.reason);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/approvals/{requestId}/reject',
    operationId: 'rejectApprovalRequest',
    tag,
    summary: 'Reject (same rights as approve; a reason is required)',
    params: requestParams,
    body: z.strictObject({ reason: reasonSchema.min(1) }),
    response: jsonResponse(approvalRequestSchema, 'The rejected request.'),
    errors: [403, 404],
    async handle({ params, body }, { deps, ctx }) {
      return api(deps).reject(ctx, params.requestId, body.reason);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/approvals/{requestId}/cancel',
    operationId: 'cancelApprovalRequest',
    tag,
    summary: 'Cancel your own pending request',
    params: requestParams,
    body: z.strictObject({ reason: reasonSchema.optional() }),
    response: jsonResponse(approvalRequestSchema, 'The cancelled request.'),
    errors: [403, 404],
    async handle({ params, body }, { deps, ctx }) {
      return api(deps).cancel(ctx, params.requestId, body.reason);
    },
  }),
];
