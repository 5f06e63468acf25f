/**
 * Every bound the registry enforces, in one place. The values are MLflow's
 * (`mlflow/utils/validation.py`, `mlflow/store/model_registry/__init__.py`, its SQL
 * column sizes) so that a client that works against MLflow works here.
 */
export const RegistryLimits = {
  /** MLflow's `registered_models.name` column is VARCHAR(256). */
  maxModelNameLength: 256,
  maxTagKeyLength: 250,
  maxTagValueLength: 100_000,
  maxAliasLength: 255,
  maxDescriptionLength: 100_000,
  /** `source` and `run_link`: long enough for any artifact URI this server hands out. */
  maxSourceLength: 4096,
  maxRunLinkLength: 4096,

  searchRegisteredModelsDefault: 100,
  searchRegisteredModelsMax: 1000,
  searchModelVersionsDefault: 10_000,
  searchModelVersionsMax: 200_000,
} as const;

/** The tag that marks a registered model (or version) as a prompt; searches hide prompts. */
export const PROMPT_TAG_KEY = 'mlflow.prompt.is_prompt';
