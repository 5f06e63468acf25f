/**
 * Every bound the tracking domain enforces, in one place. The values are MLflow's
 * (`mlflow/utils/validation.py`, `mlflow/store/tracking/__init__.py`, `mlflow/server/handlers.py`)
 * so that a client that works against MLflow works here, and the other way round.
 */
export const TrackingLimits = {
  /** Metric, param and run-tag keys. */
  maxEntityKeyLength: 250,
  /** Longer values are truncated, as MLflow does with `MLFLOW_TRUNCATE_LONG_VALUES` on (its default). */
  maxParamValueLength: 6000,
  /** Run and logged-model tag values; longer values are truncated like param values. */
  maxTagValueLength: 8000,
  maxExperimentNameLength: 500,
  maxExperimentTagKeyLength: 250,
  maxExperimentTagValueLength: 5000,
  maxArtifactLocationLength: 2048,
  maxLoggedModelNameLength: 500,
  maxLoggedModelTypeLength: 500,

  /** The JSON body of one log-batch request (`MAX_BATCH_LOG_REQUEST_SIZE`), checked by the HTTP layer. */
  maxBatchRequestBytes: 1_000_000,
  maxMetricsPerBatch: 1000,
  maxParamsPerBatch: 100,
  maxTagsPerBatch: 100,
  maxEntitiesPerBatch: 1000,
  maxDatasetsPerBatch: 1000,
  maxModelsPerBatch: 1000,

  maxDatasetNameLength: 500,
  maxDatasetDigestLength: 36,
  maxDatasetSourceTypeLength: 36,
  maxDatasetSourceLength: 65_535,
  maxDatasetSchemaLength: 1_048_575,
  maxDatasetProfileLength: 16_777_215,
  maxInputTagKeyLength: 255,
  maxInputTagValueLength: 500,

  searchRunsDefault: 1000,
  searchRunsMax: 50_000,
  searchExperimentsDefault: 1000,
  searchExperimentsMax: 50_000,
  searchLoggedModelsDefault: 50,
  searchLoggedModelsMax: 50_000,
  metricHistoryDefault: 25_000,
  metricHistoryMax: 25_000,

  bulkIntervalMaxRunIds: 100,
  /** MLflow's handler uses its maximum when `max_results` is absent. */
  bulkIntervalDefaultResults: 2500,
  bulkIntervalMaxResults: 2500,
  /** Points returned per run at the sampled steps (`MAX_RESULTS_GET_METRIC_HISTORY`). */
  bulkIntervalMaxPointsPerRun: 25_000,

  maxFilterLength: 10_000,
  maxOrderByClauses: 100,
  maxPageTokenLength: 512,
} as const;
