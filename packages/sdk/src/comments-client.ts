/** Comments on runs and model versions: list, add, edit (author), delete (author or admin). */
import { segment, type Transport } from './http-transport.ts';
import type { Page } from './wire-types.ts';

export type CommentTarget =
  | { type: 'run'; id: string }
  | { type: 'model_version'; registeredModelId: string; version: number };

export interface Comment {
  id: string;
  target: CommentTarget;
  author: string;
  /** Empty once deleted. */
  body: string;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  deletedBy: string | null;
  /** Former bodies of an edited comment, oldest first. */
  history: {
    revision: number;
    body: string;
    writtenAt: number;
    replacedAt: number;
    replacedBy: string;
  }[];
}

/** What a comment is on: a run by id, or a model version by model name and number. */
export type CommentSubject = { runId: string } | { modelName: string; version: number };

export interface CommentListOptions {
  maxResults?: number;
  pageToken?: string;
  includeDeleted?: boolean;
}

export interface CommentsClient {
  list(subject: CommentSubject, options?: CommentListOptions): Promise<Page<Comment>>;
  add(subject: CommentSubject, body: string): Promise<Comment>;
  edit(subject: CommentSubject, commentId: string, body: string): Promise<Comment>;
  delete(subject: CommentSubject, commentId: string): Promise<void>;
}

function basePath(subject: CommentSubject): string {
  return 'runId' in subject
    ? `/runs/${segment(subject.runId)}/comments`
    : `/registered-models/${segment(subject.modelName)}/versions/${subject.version}/comments`;
}

export function createCommentsClient(transport: Transport): CommentsClient {
  return {
    list: (subject, options = {}) =>
      transport.json({
        method: 'GET',
        path: basePath(subject),
        query: {
          maxResults: options.maxResults,
          pageToken: options.pageToken,
          includeDeleted: options.includeDeleted,
        },
      }),
    add: (subject, body) =>
      transport.json({ method: 'POST', path: basePath(subject), json: { body } }),
    edit: (subject, commentId, body) =>
      transport.json({
        method: 'PATCH',
        path: `${basePath(subject)}/${segment(commentId)}`,
        json: { body },
      }),
    delete: (subject, commentId) =>
      transport.json({ method: 'DELETE', path: `${basePath(subject)}/${segment(commentId)}` }),
  };
}
