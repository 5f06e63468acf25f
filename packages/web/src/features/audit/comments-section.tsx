/**
 * Comments on a run or a model version: the list, a form to add one, and edit/delete on
 * one's own (admins may delete any). Used by the run page and the model version page.
 * Commenting needs EDIT on the experiment or model: without it the form and the buttons
 * are disabled and the reason is shown once, above the form.
 */
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Comment, CommentSubject, PermissionTarget } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { formatTime } from '../../app/format.ts';
import { useAsync } from '../../app/use-async.ts';
import { usePermission } from '../../app/use-permission.ts';

/** Why the user may not comment here, and the id of the element that says so. */
interface Denial {
  reason: string;
  reasonId: string;
}

function CommentItem({
  comment,
  subject,
  onChanged,
  denial,
}: {
  comment: Comment;
  subject: CommentSubject;
  onChanged: () => void;
  denial: Denial | undefined;
}) {
  const { client, me } = useCairn();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [error, setError] = useState<string | undefined>();
  const own = comment.author === me.username;
  const editReason = denial?.reason ?? (own ? undefined : 'Only the author may edit a comment.');
  const deleteReason =
    denial?.reason ??
    (own || me.isAdmin ? undefined : 'Only the author or an admin may delete it.');
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      setEditing(false);
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <li data-testid="comment-item" data-comment-id={comment.id}>
      <p className="muted">
        <strong data-testid="comment-author">{comment.author}</strong> ·{' '}
        {formatTime(comment.createdAt)}
        {comment.editedAt !== null && ` · edited ${formatTime(comment.editedAt)}`}
      </p>
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => client.comments.edit(subject, comment.id, draft));
          }}
        >
          <label>
            Edit comment
            <textarea
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              data-testid="comment-edit-input"
            />
          </label>
          <button type="submit" data-testid="comment-save">
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <p data-testid="comment-body" style={{ whiteSpace: 'pre-wrap' }}>
          {comment.body}
        </p>
      )}
      {!editing && (
        <div className="toolbar">
          <button
            type="button"
            disabled={editReason !== undefined}
            title={editReason}
            aria-describedby={denial?.reasonId}
            onClick={() => {
              setDraft(comment.body);
              setEditing(true);
            }}
            data-testid="comment-edit"
          >
            Edit
          </button>
          <button
            type="button"
            disabled={deleteReason !== undefined}
            title={deleteReason}
            aria-describedby={denial?.reasonId}
            onClick={() => void act(() => client.comments.delete(subject, comment.id))}
            data-testid="comment-delete"
          >
            Delete
          </button>
        </div>
      )}
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * `permissionTarget` is what commenting needs EDIT on: a run page passes its experiment (a
 * model version's model is the default); undefined leaves the server's 403 as the only check.
 */
export function CommentsSection({
  subject,
  permissionTarget,
}: {
  subject: CommentSubject;
  permissionTarget?: PermissionTarget | undefined;
}) {
  const { client } = useCairn();
  const key = 'runId' in subject ? subject.runId : `${subject.modelName}/${subject.version}`;
  const reasonId = useId();
  const reason = usePermission(
    permissionTarget ??
      ('modelName' in subject ? { registeredModel: subject.modelName } : undefined),
  ).denyReason('EDIT');
  const denial = reason === undefined ? undefined : { reason, reasonId };
  const comments = useAsync(
    () => client.comments.list(subject, { maxResults: 1000 }),
    [client, key],
  );
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await client.comments.add(subject, text);
      setText('');
      comments.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <section aria-labelledby="comments-heading" data-testid="comments-section">
      <h2 id="comments-heading">Comments</h2>
      {comments.status === 'loading' && <p role="status">Loading comments…</p>}
      {comments.status === 'failed' && (
        <p className="error" role="alert">
          {errorMessage(comments.error)}
        </p>
      )}
      {comments.status === 'ready' &&
        (comments.value.items.length === 0 ? (
          <p className="muted">No comments yet.</p>
        ) : (
          <ul className="comments" data-testid="comment-list">
            {comments.value.items.map((comment) => (
              <CommentItem
                key={`${comment.id}:${comment.editedAt ?? 0}`}
                comment={comment}
                subject={subject}
                onChanged={() => comments.reload()}
                denial={denial}
              />
            ))}
          </ul>
        ))}
      {denial !== undefined && (
        <p id={denial.reasonId} className="muted" data-testid="comment-denied">
          {denial.reason}
        </p>
      )}
      <form className="comment-form" onSubmit={(event) => void add(event)}>
        <label>
          Add a comment
          <textarea
            value={text}
            disabled={denial !== undefined}
            aria-describedby={denial?.reasonId}
            onChange={(event) => setText(event.target.value)}
            data-testid="comment-input"
          />
        </label>
        <button
          type="submit"
          disabled={denial !== undefined || text.trim() === ''}
          title={denial?.reason}
          aria-describedby={denial?.reasonId}
          data-testid="comment-add"
        >
          Comment
        </button>
      </form>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
