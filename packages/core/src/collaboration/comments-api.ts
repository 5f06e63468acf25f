/** The comment use cases, as the v1 API calls them. */
import type { RequestContext } from '../kernel/index.ts';
import type { Paged } from '../tracking/index.ts';
import type { Comment, CommentTarget } from './entities.ts';

export interface ListCommentsOptions {
  maxResults?: number;
  pageToken?: string;
  /** Include soft-deleted comments (their bodies are empty). */
  includeDeleted?: boolean;
}

export interface CommentsApi {
  /**
   * The target for a model version addressed by model name: comments key on the model's
   * immutable id, so they follow a rename. NOT_FOUND when the model or version is missing.
   */
  modelVersionTarget(ctx: RequestContext, name: string, version: number): Promise<CommentTarget>;
  addComment(ctx: RequestContext, target: CommentTarget, body: string): Promise<Comment>;
  listComments(
    ctx: RequestContext,
    target: CommentTarget,
    options: ListCommentsOptions,
  ): Promise<Paged<Comment>>;
  getComment(ctx: RequestContext, target: CommentTarget, commentId: string): Promise<Comment>;
  /** Only the author may edit; the former body joins the history. */
  editComment(
    ctx: RequestContext,
    target: CommentTarget,
    commentId: string,
    body: string,
  ): Promise<Comment>;
  /** The author or an admin may delete. */
  deleteComment(ctx: RequestContext, target: CommentTarget, commentId: string): Promise<void>;
}
