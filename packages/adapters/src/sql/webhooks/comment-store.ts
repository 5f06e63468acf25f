/** The comment ports (`CommentStore`) over the shared transaction runner. */
import { targetFromKey, targetKey } from '@cairn/core';
import type {
  Comment,
  CommentReader,
  CommentRevision,
  CommentStore,
  CommentWriter,
} from '@cairn/core';
import type { Selectable } from 'kysely';
import type { SqlScope, TransactionRunner } from '../transaction-runner.ts';
import type { CommentTable } from './webhooks-schema.ts';

async function withHistory({ db }: SqlScope, rows: Selectable<CommentTable>[]): Promise<Comment[]> {
  if (rows.length === 0) return [];
  const live = rows.filter((row) => row.deleted_at === null).map((row) => row.id);
  const revisions =
    live.length === 0
      ? []
      : await db
          .selectFrom('comment_revisions')
          .selectAll()
          .where('comment_id', 'in', live)
          .orderBy('revision')
          .execute();
  const history = new Map<string, CommentRevision[]>();
  for (const row of revisions) {
    const list = history.get(row.comment_id) ?? [];
    list.push({
      revision: Number(row.revision),
      body: row.body,
      writtenAt: Number(row.written_at),
      replacedAt: Number(row.replaced_at),
      replacedBy: row.replaced_by,
    });
    history.set(row.comment_id, list);
  }
  return rows.map((row) => {
    const deleted = row.deleted_at !== null;
    return {
      id: row.id,
      target: targetFromKey(row.target_type, row.target_id),
      author: row.author,
      // A deleted comment keeps its row; what it said stays in the event log only.
      body: deleted ? '' : row.body,
      createdAt: Number(row.created_at),
      editedAt: row.edited_at === null ? null : Number(row.edited_at),
      deletedAt: deleted ? Number(row.deleted_at) : null,
      deletedBy: row.deleted_by,
      history: deleted ? [] : (history.get(row.id) ?? []),
    };
  });
}

function createReader(scope: SqlScope): CommentReader {
  const { db } = scope;
  return {
    async getComment(commentId) {
      const row = await db
        .selectFrom('comments')
        .selectAll()
        .where('id', '=', commentId)
        .executeTakeFirst();
      return row === undefined ? undefined : (await withHistory(scope, [row]))[0];
    },
    async listComments(target, { offset, limit, includeDeleted }) {
      const key = targetKey(target);
      let query = db
        .selectFrom('comments')
        .selectAll()
        .where('target_type', '=', key.type)
        .where('target_id', '=', key.id);
      if (!includeDeleted) query = query.where('deleted_at', 'is', null);
      const rows = await query
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
      return withHistory(scope, rows);
    },
  };
}

function createWriter(scope: SqlScope): Omit<CommentWriter, 'appendEvent'> {
  const { db } = scope;
  return {
    ...createReader(scope),
    async insertComment(comment) {
      const key = targetKey(comment.target);
      await db
        .insertInto('comments')
        .values({
          id: comment.id,
          target_type: key.type,
          target_id: key.id,
          author: comment.author,
          body: comment.body,
          created_at: comment.createdAt,
          edited_at: null,
          deleted_at: null,
          deleted_by: null,
        })
        .execute();
    },
    async editComment(commentId, edit) {
      const current = await db
        .selectFrom('comments')
        .select(['body', 'created_at', 'edited_at'])
        .where('id', '=', commentId)
        .executeTakeFirstOrThrow();
      const count = await db
        .selectFrom('comment_revisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('comment_id', '=', commentId)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('comment_revisions')
        .values({
          comment_id: commentId,
          revision: Number(count.n) + 1,
          body: current.body,
          written_at: current.edited_at ?? current.created_at,
          replaced_at: edit.editedAt,
          replaced_by: edit.editedBy,
        })
        .execute();
      await db
        .updateTable('comments')
        .set({ body: edit.body, edited_at: edit.editedAt })
        .where('id', '=', commentId)
        .execute();
    },
    async deleteComment(commentId, deletion) {
      await db
        .updateTable('comments')
        .set({ deleted_at: deletion.deletedAt, deleted_by: deletion.deletedBy })
        .where('id', '=', commentId)
        .execute();
    },
  };
}

export function createCommentStore(runner: TransactionRunner): CommentStore {
  return {
    read: (fn) => runner.read((scope) => fn(createReader(scope))),
    write: (fn) =>
      runner.write((scope) => fn({ ...createWriter(scope), appendEvent: scope.appendEvent })),
  };
}
