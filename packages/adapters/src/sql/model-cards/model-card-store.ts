/** The model card ports (`ModelCardStore`) over the shared transaction runner. */
import { alreadyExists } from '@cairn/core';
import type {
  ModelCardReader,
  ModelCardRevisionRow,
  ModelCardStore,
  ModelCardWriter,
} from '@cairn/core';
import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../sql-errors.ts';
import type { SqlScope, TransactionRunner } from '../transaction-runner.ts';
import type { ModelCardRevisionTable } from './model-cards-schema.ts';

const toRow = (row: Selectable<ModelCardRevisionTable>): ModelCardRevisionRow => ({
  registeredModelId: row.registered_model_id,
  version: Number(row.version),
  revision: Number(row.revision),
  content: row.content,
  author: row.author,
  createdAt: Number(row.created_at),
});

function createReader({ db }: SqlScope): ModelCardReader {
  const revisions = (registeredModelId: string, version: number) =>
    db
      .selectFrom('model_card_revisions')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .where('version', '=', version)
      .orderBy('revision', 'desc');
  return {
    async getLatestRevision(registeredModelId, version) {
      const row = await revisions(registeredModelId, version).limit(1).executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },
    async listRevisions(registeredModelId, version, { offset, limit }) {
      const rows = await revisions(registeredModelId, version)
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toRow);
    },
  };
}

function createWriter(scope: SqlScope): Omit<ModelCardWriter, 'appendEvent'> {
  return {
    ...createReader(scope),
    async insertRevision(row) {
      try {
        await scope.db
          .insertInto('model_card_revisions')
          .values({
            registered_model_id: row.registeredModelId,
            version: row.version,
            revision: row.revision,
            content: row.content,
            author: row.author,
            created_at: row.createdAt,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw alreadyExists(
            'model_card.revision_conflict',
            `Revision ${row.revision} of this model card was saved concurrently.`,
            { cause: error },
          );
        }
        throw error;
      }
    },
  };
}

export function createModelCardStore(runner: TransactionRunner): ModelCardStore {
  return {
    read: (fn) => runner.read((scope) => fn(createReader(scope))),
    write: (fn) =>
      runner.write((scope) => fn({ ...createWriter(scope), appendEvent: scope.appendEvent })),
  };
}
