/**
 * Comments on runs (`/runs/{runId}/comments…`) and model versions
 * (`/registered-models/{name}/versions/{version}/comments…`). A model name is resolved to
 * the model's immutable id, so comments survive a rename.
 */
import { z } from 'zod';
import { CairnError, ErrorCategory } from '@cairn/core';
import type { CommentTarget, CommentsApi, RequestContext } from '@cairn/core';
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

const tag = 'Comments';
const timeSchema = z.number().int();

const commentSchema = component(
  'Comment',
  z.object({
    id: z.string(),
    target: z.union([
      z.object({ type: z.literal('run'), id: z.string() }),
      z.object({
        type: z.literal('model_version'),
        registeredModelId: z.string(),
        version: z.number().int(),
      }),
    ]),
    author: z.string(),
    body: z.string().describe('Empty once deleted.'),
    createdAt: timeSchema,
    editedAt: timeSchema.nullable(),
    deletedAt: timeSchema.nullable(),
    deletedBy: z.string().nullable(),
    history: z
      .array(
        z.object({
          revision: z.number().int(),
          body: z.string(),
          writtenAt: timeSchema,
          replacedAt: timeSchema,
          replacedBy: z.string(),
        }),
      )
      .describe('Former bodies of an edited comment, oldest first.'),
  }),
  'A comment on a run or a model version.',
);

const bodySchema = z.strictObject({ body: z.string().min(1).max(10_000) });
const listQuery = z.object({
  maxResults: boundedInt(1, 1000).optional(),
  pageToken: pageTokenSchema.optional(),
  includeDeleted: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
const versionSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function api(deps: V1Deps): CommentsApi {
  if (deps.comments === undefined) {
    throw new CairnError(
      ErrorCategory.UNAVAILABLE,
      'collaboration.not_configured',
      'Comments are not enabled on this server.',
    );
  }
  return deps.comments;
}

interface Scope<P extends z.ZodObject> {
  name: string;
  path: string;
  params: P;
  target: (
    comments: CommentsApi,
    ctx: RequestContext,
    params: z.output<P>,
  ) => Promise<CommentTarget>;
}

function commentRoutesFor<P extends z.ZodObject>(scope: Scope<P>): AnyApiRoute[] {
  const withComment = scope.params.extend({ commentId: idSchema });
  const base = `${scope.path}/comments` as `/${string}`;
  const one = `${base}/{commentId}` as `/${string}`;
  return [
    defineRoute({
      method: 'GET',
      path: base,
      operationId: `list${scope.name}Comments`,
      tag,
      summary: `List the comments on a ${scope.name === 'Run' ? 'run' : 'model version'}`,
      params: scope.params,
      query: listQuery,
      response: jsonResponse(pageOf(commentSchema), 'One page of comments, oldest first.'),
      errors: [404],
      async handle({ params, query }, { deps, ctx }) {
        const comments = api(deps);
        return comments.listComments(ctx, await scope.target(comments, ctx, params), query);
      },
    }),
    defineRoute({
      method: 'POST',
      path: base,
      operationId: `add${scope.name}Comment`,
      tag,
      summary: `Comment on a ${scope.name === 'Run' ? 'run' : 'model version'}`,
      params: scope.params,
      body: bodySchema,
      response: jsonResponse(commentSchema, 'The new comment.', 201),
      errors: [404],
      async handle({ params, body }, { deps, ctx }) {
        const comments = api(deps);
        return comments.addComment(ctx, await scope.target(comments, ctx, params), body.body);
      },
    }),
    defineRoute({
      method: 'GET',
      path: one,
      operationId: `get${scope.name}Comment`,
      tag,
      summary: 'Get a comment with its edit history',
      params: withComment,
      response: jsonResponse(commentSchema, 'The comment.'),
      errors: [404],
      async handle({ params }, { deps, ctx }) {
        const comments = api(deps);
        const target = await scope.target(comments, ctx, params as z.output<P>);
        return comments.getComment(ctx, target, params.commentId as string);
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: one,
      operationId: `edit${scope.name}Comment`,
      tag,
      summary: 'Edit a comment (author only; the former text is kept in its history)',
      params: withComment,
      body: bodySchema,
      response: jsonResponse(commentSchema, 'The edited comment.'),
      errors: [403, 404],
      async handle({ params, body }, { deps, ctx }) {
        const comments = api(deps);
        const target = await scope.target(comments, ctx, params as z.output<P>);
        return comments.editComment(ctx, target, params.commentId as string, body.body);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: one,
      operationId: `delete${scope.name}Comment`,
      tag,
      summary: 'Delete a comment (author or admin; soft delete)',
      params: withComment,
      response: emptyResponse('Deleted.'),
      errors: [403, 404],
      async handle({ params }, { deps, ctx }) {
        const comments = api(deps);
        const target = await scope.target(comments, ctx, params as z.output<P>);
        await comments.deleteComment(ctx, target, params.commentId as string);
      },
    }),
  ];
}

export const commentRoutes: readonly AnyApiRoute[] = [
  ...commentRoutesFor({
    name: 'Run',
    path: '/runs/{runId}',
    params: z.object({ runId: idSchema }),
    target: (_comments, _ctx, params) => Promise.resolve({ type: 'run', id: params.runId }),
  }),
  ...commentRoutesFor({
    name: 'ModelVersion',
    path: '/registered-models/{name}/versions/{version}',
    params: z.object({ name: z.string().min(1).max(256), version: versionSchema }),
    target: (comments, ctx, params) =>
      comments.modelVersionTarget(ctx, params.name, params.version),
  }),
];
