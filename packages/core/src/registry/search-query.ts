/**
 * Parsed registry search requests (MLflow's SearchModelUtils / SearchModelVersionUtils
 * grammar). Core parses the filter into these clauses; a store compiles them into SQL, so
 * filtering, ordering and paging happen in the database.
 */
import type { AccessFilter } from '../kernel/index.ts';
import type { Comparator, Page } from '../tracking/index.ts';

export type RegisteredModelFilterClause =
  | { kind: 'name'; comparator: Comparator; value: string }
  | { kind: 'tag'; key: string; comparator: Comparator; value: string };

export type RegisteredModelOrderKey = 'name' | 'last_updated_timestamp' | 'creation_timestamp';

export interface RegisteredModelOrderClause {
  key: RegisteredModelOrderKey;
  ascending: boolean;
}

export interface RegisteredModelSearchQuery extends Page {
  filter: RegisteredModelFilterClause[];
  /** Empty means the default: name ASC. Stores always add name ASC as the last tie-breaker. */
  orderBy: RegisteredModelOrderClause[];
  /** Leave out registered models tagged `mlflow.prompt.is_prompt = 'true'` (MLflow hides prompts). */
  excludePrompts: boolean;
  /** Only registered models this user may read (absent: no restriction). */
  access?: AccessFilter;
}

export type ModelVersionFilterClause =
  | { kind: 'name' | 'source_path'; comparator: Comparator; value: string }
  | { kind: 'run_id'; comparator: Comparator; value: string | string[] }
  | { kind: 'version_number'; comparator: Comparator; value: number | number[] }
  | { kind: 'tag'; key: string; comparator: Comparator; value: string };

export type ModelVersionOrderKey =
  'name' | 'version_number' | 'creation_timestamp' | 'last_updated_timestamp';

export interface ModelVersionOrderClause {
  key: ModelVersionOrderKey;
  ascending: boolean;
}

export interface ModelVersionSearchQuery extends Page {
  filter: ModelVersionFilterClause[];
  /**
   * Empty means MLflow's default: last_updated_timestamp DESC. Stores always add name ASC
   * and version_number DESC as the last tie-breakers when they are not already ordered on.
   */
  orderBy: ModelVersionOrderClause[];
  /** Leave out versions of registered models that are prompts. */
  excludePrompts: boolean;
  /** Only versions of registered models this user may read (absent: no restriction). */
  access?: AccessFilter;
}
