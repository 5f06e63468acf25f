/** Comments on runs and model versions, with their edit history. */

/** What a comment is about; model versions are keyed by the registered model's immutable id. */
export type CommentTarget =
  | { type: 'run'; id: string }
  | { type: 'model_version'; registeredModelId: string; version: number };

/** A former body of an edited comment. */
export interface CommentRevision {
  /** 1 for the original body, 2 for the first edit's replacement, … */
  revision: number;
  body: string;
  /** When this body was written. */
  writtenAt: number;
  /** When (and by whom) it was replaced. */
  replacedAt: number;
  replacedBy: string;
}

export interface Comment {
  id: string;
  target: CommentTarget;
  author: string;
  /** Empty once deleted. */
  body: string;
  createdAt: number;
  /** Time of the last edit; null if never edited. */
  editedAt: number | null;
  deletedAt: number | null;
  deletedBy: string | null;
  /** Earlier bodies, oldest first (empty once deleted). */
  history: CommentRevision[];
}

/** The `(target_type, target_id)` pair a target is stored and evented under. */
export function targetKey(target: CommentTarget): { type: string; id: string } {
  return target.type === 'run'
    ? { type: 'run', id: target.id }
    : { type: 'model_version', id: `${target.registeredModelId}/${target.version}` };
}

export function targetFromKey(type: string, id: string): CommentTarget {
  if (type === 'run') return { type: 'run', id };
  const slash = id.lastIndexOf('/');
  return {
    type: 'model_version',
    registeredModelId: id.slice(0, slash),
    version: Number(id.slice(slash + 1)),
  };
}
