export type { Comment, CommentRevision, CommentTarget } from './entities.ts';
export { targetFromKey, targetKey } from './entities.ts';
export type * from './ports.ts';
export type * from './comments-api.ts';
export { CommentEvents, CommentLimits, createCommentService } from './comment-service.ts';
export type { CommentServiceDeps } from './comment-service.ts';
export { createCommentTargetDirectory } from './target-directory.ts';
