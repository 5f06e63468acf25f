/**
 * What model cards need from a metadata store: append-only revisions per model version.
 * Implemented by `@cairn/adapters` and verified by one contract suite on both databases.
 */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';
import type { Page } from '../tracking/index.ts';

/** One stored revision; `content` is the card document as JSON text. */
export interface ModelCardRevisionRow {
  registeredModelId: string;
  version: number;
  revision: number;
  content: string;
  author: string;
  createdAt: number;
}

export interface ModelCardReader {
  /** The newest revision of a version's card, if it has one. */
  getLatestRevision(
    registeredModelId: string,
    version: number,
  ): Promise<ModelCardRevisionRow | undefined>;
  /** Revisions newest first, paged. */
  listRevisions(
    registeredModelId: string,
    version: number,
    page: Page,
  ): Promise<ModelCardRevisionRow[]>;
}

export interface ModelCardWriter extends ModelCardReader, EventAppender {
  /** Fails with ALREADY_EXISTS (code `model_card.revision_conflict`) when the revision exists. */
  insertRevision(row: ModelCardRevisionRow): Promise<void>;
}

export type ModelCardStore = UnitOfWork<ModelCardReader, ModelCardWriter>;
