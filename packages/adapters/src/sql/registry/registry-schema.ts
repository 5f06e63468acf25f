/**
 * Tables of the model registry (migration `0002_registry`). A registered model is keyed by
 * an immutable id; its name is unique but may change, so every other table refers to the id.
 */

export interface RegisteredModelTable {
  id: string;
  name: string;
  creation_time: number;
  last_updated_time: number;
  user_id: string;
  description: string;
  /** The highest version number ever handed out, so a deleted number is never reused. */
  last_version: number;
}

export interface RegisteredModelTagTable {
  registered_model_id: string;
  key: string;
  value: string;
}

export interface ModelVersionTable {
  registered_model_id: string;
  version: number;
  creation_time: number;
  last_updated_time: number;
  user_id: string;
  current_stage: string;
  description: string;
  source: string;
  storage_location: string;
  run_id: string | null;
  run_link: string | null;
  model_id: string | null;
  status: string;
  status_message: string | null;
}

export interface ModelVersionTagTable {
  registered_model_id: string;
  version: number;
  key: string;
  value: string;
}

export interface RegisteredModelAliasTable {
  registered_model_id: string;
  alias: string;
  version: number;
}

export interface RegistryTables {
  registered_models: RegisteredModelTable;
  registered_model_tags: RegisteredModelTagTable;
  model_versions: ModelVersionTable;
  model_version_tags: ModelVersionTagTable;
  registered_model_aliases: RegisteredModelAliasTable;
}
