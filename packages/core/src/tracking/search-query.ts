/**
 * Parsed search requests. The filter grammar (MLflow's, reference/mlflow.md §1.8) is
 * parsed in core into these clauses; a store compiles them into its query language, so
 * filtering, ordering and paging happen in the database, never in memory.
 */
import type { AccessFilter } from '../kernel/index.ts';
import type { ViewType } from './entities.ts';

export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

/** Run attributes searchable by name (aliases are resolved by the parser). */
export type RunAttribute =
  'run_id' | 'run_name' | 'user_id' | 'status' | 'artifact_uri' | 'start_time' | 'end_time';

export type RunFilterClause =
  | { kind: 'metric'; key: string; comparator: Comparator; value: number }
  | { kind: 'param'; key: string; comparator: Comparator; value: string }
  | { kind: 'tag'; key: string; comparator: Comparator; value: string }
  | {
      kind: 'attribute';
      key: RunAttribute;
      comparator: Comparator;
      value: string | number | string[];
    }
  | {
      kind: 'dataset';
      /** `source` (the MLflow source JSON) is never parsed from a filter; lineage searches it. */
      key: 'name' | 'digest' | 'context' | 'source';
      comparator: Comparator;
      value: string | string[];
    };

export type RunOrderClause =
  | { kind: 'metric' | 'param' | 'tag'; key: string; ascending: boolean }
  | { kind: 'attribute'; key: RunAttribute; ascending: boolean };

export interface Page {
  offset: number;
  limit: number;
}

export interface RunSearchQuery extends Page {
  experimentIds: string[];
  filter: RunFilterClause[];
  /** Empty means the default: start_time DESC, run_id ASC. Stores always add run_id as the last tie-breaker. */
  orderBy: RunOrderClause[];
  viewType: ViewType;
  /** Only runs of experiments this user may read (absent: no restriction). */
  access?: AccessFilter;
}

export type ExperimentAttribute = 'name' | 'experiment_id' | 'creation_time' | 'last_update_time';

export type ExperimentFilterClause =
  | { kind: 'attribute'; key: ExperimentAttribute; comparator: Comparator; value: string | number }
  | { kind: 'tag'; key: string; comparator: Comparator; value: string };

export interface ExperimentOrderClause {
  key: ExperimentAttribute;
  ascending: boolean;
}

export interface ExperimentSearchQuery extends Page {
  filter: ExperimentFilterClause[];
  /** Empty means the default: last_update_time DESC, experiment_id ASC. */
  orderBy: ExperimentOrderClause[];
  viewType: ViewType;
  /** Only experiments this user may read (absent: no restriction). */
  access?: AccessFilter;
}

export type LoggedModelAttribute =
  | 'model_id'
  | 'name'
  | 'model_type'
  | 'status'
  | 'source_run_id'
  | 'creation_timestamp'
  | 'last_updated_timestamp';

export type LoggedModelFilterClause =
  | {
      kind: 'attribute';
      key: LoggedModelAttribute;
      comparator: Comparator;
      value: string | number | string[];
    }
  | { kind: 'metric'; key: string; comparator: Comparator; value: number }
  | { kind: 'param' | 'tag'; key: string; comparator: Comparator; value: string };

export type LoggedModelOrderClause =
  | { kind: 'attribute'; key: LoggedModelAttribute; ascending: boolean }
  | { kind: 'metric'; key: string; ascending: boolean };

export interface LoggedModelSearchQuery extends Page {
  experimentIds: string[];
  filter: LoggedModelFilterClause[];
  /** Empty means the default: creation_timestamp DESC, model_id ASC. */
  orderBy: LoggedModelOrderClause[];
}
