/** Tables of model cards (migration `0007_model_cards`). */

/** One saved revision of a model version's card; rows are only ever inserted. */
export interface ModelCardRevisionTable {
  registered_model_id: string;
  version: number;
  revision: number;
  /** The card document as JSON. */
  content: string;
  author: string;
  created_at: number;
}

export interface ModelCardTables {
  model_card_revisions: ModelCardRevisionTable;
}
