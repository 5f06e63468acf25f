/** `createCommentService`: comments with author, times, edit history and soft delete, one event per change. */
import { randomUUID } from 'node:crypto';
import { CairnError, ErrorCategory, invalidArgument, notFound } from '../kernel/index.ts';
import type { Clock, RequestContext } from '../kernel/index.ts';
import { decodePageToken, encodePageToken } from '../tracking/index.ts';
import type { Comment, CommentTarget } from './entities.ts';
import { targetKey } from './entities.ts';
import type { CommentStore, CommentTargetDirectory, CommentWriter } from './ports.ts';
import type { CommentsApi } from './comments-api.ts';

export interface CommentServiceDeps {
  store: CommentStore;
  targets: CommentTargetDirectory;
  clock: Clock;
}

/** Event types of comments (the audit log records every change with its text). */
export const CommentEvents = {
  created: 'collaboration.comment.created',
  edited: 'collaboration.comment.edited',
  deleted: 'collaboration.comment.deleted',
} as const;

export const CommentLimits = {
  maxBodyLength: 10_000,
  defaultPage: 100,
  maxPage: 1000,
} as const;

function checkBody(body: string): string {
  if (body.trim() === '') {
    throw invalidArgument('collaboration.empty_comment', 'A comment needs some text.');
  }
  if (body.length > CommentLimits.maxBodyLength) {
    throw invalidArgument(
      'collaboration.comment_too_long',
      `A comment may have at most ${CommentLimits.maxBodyLength} characters.`,
    );
  }
  return body;
}

function checkPageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return CommentLimits.defaultPage;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > CommentLimits.maxPage) {
    throw invalidArgument(
      'collaboration.invalid_max_results',
      `maxResults must be an integer from 1 to ${CommentLimits.maxPage}.`,
    );
  }
  return maxResults;
}

function sameTarget(a: CommentTarget, b: CommentTarget): boolean {
  const x = targetKey(a);
  const y = targetKey(b);
  return x.type === y.type && x.id === y.id;
}

function commentNotFound(commentId: string): CairnError {
  return notFound(
    'collaboration.comment_not_found',
    `No comment '${commentId.slice(0, 100)}' here.`,
  );
}

function forbidden(message: string): CairnError {
  return new CairnError(ErrorCategory.PERMISSION_DENIED, 'collaboration.not_author', message);
}

export function createCommentService(deps: CommentServiceDeps): CommentsApi {
  const { store, targets, clock } = deps;

  async function requireTarget(target: CommentTarget): Promise<void> {
    const exists =
      target.type === 'run'
        ? await targets.runExists(target.id)
        : Number.isSafeInteger(target.version) &&
          target.version > 0 &&
          (await targets.modelVersionExists(target.registeredModelId, target.version));
    if (!exists) {
      throw target.type === 'run'
        ? notFound('tracking.run_not_found', `Run '${target.id.slice(0, 100)}' not found.`)
        : notFound(
            'registry.version_not_found',
            `Model version ${target.version} of model '${target.registeredModelId}' not found.`,
          );
    }
  }

  /** A live (not deleted) comment on `target`. */
  async function liveComment(
    reader: Pick<CommentWriter, 'getComment'>,
    target: CommentTarget,
    commentId: string,
  ): Promise<Comment> {
    const comment = await reader.getComment(commentId);
    if (
      comment === undefined ||
      !sameTarget(comment.target, target) ||
      comment.deletedAt !== null
    ) {
      throw commentNotFound(commentId);
    }
    return comment;
  }

  function event(
    ctx: RequestContext,
    type: string,
    comment: Comment,
    extra: Record<string, unknown>,
  ) {
    const key = targetKey(comment.target);
    return {
      type,
      entityType: 'comment',
      entityId: comment.id,
      actor: ctx.actor,
      time: clock.now(),
      payload: { targetType: key.type, targetId: key.id, ...extra },
    };
  }

  return {
    async modelVersionTarget(_ctx, name, version) {
      const registeredModelId = await targets.registeredModelId(name);
      if (registeredModelId === undefined) {
        throw notFound(
          'registry.model_not_found',
          `Registered model '${name.slice(0, 200)}' not found.`,
        );
      }
      const target: CommentTarget = { type: 'model_version', registeredModelId, version };
      await requireTarget(target);
      return target;
    },

    async addComment(ctx, target, body) {
      checkBody(body);
      await requireTarget(target);
      const comment: Comment = {
        id: randomUUID().replaceAll('-', ''),
        target,
        author: ctx.actor,
        body,
        createdAt: clock.now(),
        editedAt: null,
        deletedAt: null,
        deletedBy: null,
        history: [],
      };
      await store.write(async (writer) => {
        await writer.insertComment(comment);
        await writer.appendEvent(event(ctx, CommentEvents.created, comment, { body }));
      });
      return comment;
    },

    async listComments(_ctx, target, options) {
      const size = checkPageSize(options.maxResults);
      const offset = decodePageToken(options.pageToken);
      await requireTarget(target);
      const rows = await store.read((reader) =>
        reader.listComments(target, {
          offset,
          limit: size + 1,
          includeDeleted: options.includeDeleted ?? false,
        }),
      );
      const items = rows.slice(0, size);
      return rows.length > size
        ? { items, nextPageToken: encodePageToken(offset + size) }
        : { items };
    },

    getComment: (_ctx, target, commentId) =>
      store.read((reader) => liveComment(reader, target, commentId)),

    async editComment(ctx, target, commentId, body) {
      checkBody(body);
      return store.write(async (writer) => {
        const current = await liveComment(writer, target, commentId);
        if (current.author !== ctx.actor) {
          throw forbidden('Only the author of a comment may edit it.');
        }
        if (current.body === body) return current;
        const editedAt = clock.now();
        await writer.editComment(commentId, { body, editedAt, editedBy: ctx.actor });
        await writer.appendEvent(
          event(ctx, CommentEvents.edited, current, { body, previousBody: current.body }),
        );
        return (await writer.getComment(commentId)) ?? current;
      });
    },

    async deleteComment(ctx, target, commentId) {
      await store.write(async (writer) => {
        const current = await liveComment(writer, target, commentId);
        if (current.author !== ctx.actor && ctx.principal?.isAdmin !== true) {
          throw forbidden('Only the author of a comment or an admin may delete it.');
        }
        await writer.deleteComment(commentId, { deletedAt: clock.now(), deletedBy: ctx.actor });
        await writer.appendEvent(event(ctx, CommentEvents.deleted, current, {}));
      });
    },
  };
}
