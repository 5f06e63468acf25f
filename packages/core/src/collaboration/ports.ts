/** What comments need from outside: storage, and whether a target exists. */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';
import type { Comment, CommentTarget } from './entities.ts';

export interface CommentReader {
  getComment(commentId: string): Promise<Comment | undefined>;
  /** Oldest first. */
  listComments(
    target: CommentTarget,
    page: { offset: number; limit: number; includeDeleted: boolean },
  ): Promise<Comment[]>;
}

export interface CommentWriter extends CommentReader, EventAppender {
  insertComment(comment: Comment): Promise<void>;
  /** Replaces the body, keeping the old one as a revision. */
  editComment(
    commentId: string,
    edit: { body: string; editedAt: number; editedBy: string },
  ): Promise<void>;
  /** Soft delete: the row stays (the event log keeps what it said). */
  deleteComment(
    commentId: string,
    deletion: { deletedAt: number; deletedBy: string },
  ): Promise<void>;
}

export type CommentStore = UnitOfWork<CommentReader, CommentWriter>;

/** Answers whether a comment target exists (no permission check; routes do that). */
export interface CommentTargetDirectory {
  runExists(runId: string): Promise<boolean>;
  modelVersionExists(registeredModelId: string, version: number): Promise<boolean>;
  /** The immutable id of the registered model named `name`, if there is one. */
  registeredModelId(name: string): Promise<string | undefined>;
}
