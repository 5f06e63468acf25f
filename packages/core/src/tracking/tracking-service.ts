/**
 * The tracking service: MLflow's tracking semantics over the `TrackingStore` port. Each
 * state change runs in one `store.write` transaction together with its one event row.
 */
import { ErrorCategory, isCairnError } from '../kernel/index.ts';
import { appendToUri } from './artifact-location.ts';
import { LifecycleStage } from './entities.ts';
import type { Experiment } from './entities.ts';
import { createExperimentOperations } from './experiment-operations.ts';
import { createLoggedModelOperations } from './logged-model-operations.ts';
import { createMetricHistoryOperations } from './metric-history-operations.ts';
import { createMetricSeriesOperations } from './metric-series-operations.ts';
import { createRunOperations } from './run-operations.ts';
import { DEFAULT_ARTIFACT_ROOT } from './service-support.ts';
import type { TrackingServiceDeps } from './service-support.ts';
import type { TrackingApi } from './tracking-api.ts';
import { TrackingEntityTypes, TrackingEvents } from './tracking-events.ts';

/** Creates the tracking service; `defaultArtifactRoot` defaults to `mlflow-artifacts:/`. */
export function createTrackingService(deps: TrackingServiceDeps): TrackingApi {
  return {
    ...createExperimentOperations(deps),
    ...createRunOperations(deps),
    ...createMetricHistoryOperations(deps),
    ...createMetricSeriesOperations(deps),
    ...createLoggedModelOperations(deps),
  };
}

const DEFAULT_EXPERIMENT_ID = '0';
const DEFAULT_EXPERIMENT_NAME = 'Default';
/** The actor recorded for changes Cairn makes on its own, such as at start-up. */
const SYSTEM_ACTOR = 'system';

/**
 * Creates experiment "0", "Default", with artifact location `<root>0`, when it is missing.
 * Idempotent, and safe when several processes start at once.
 */
export async function ensureDefaultExperiment(deps: TrackingServiceDeps): Promise<void> {
  const { store, clock } = deps;
  const root = deps.defaultArtifactRoot ?? DEFAULT_ARTIFACT_ROOT;
  try {
    await store.write(async (writer) => {
      if ((await writer.getExperiment(DEFAULT_EXPERIMENT_ID)) !== undefined) return;
      const now = clock.now();
      const experiment: Experiment = {
        experimentId: DEFAULT_EXPERIMENT_ID,
        name: DEFAULT_EXPERIMENT_NAME,
        artifactLocation: appendToUri(root, DEFAULT_EXPERIMENT_ID),
        lifecycleStage: LifecycleStage.ACTIVE,
        creationTime: now,
        lastUpdateTime: now,
        tags: [],
      };
      await writer.insertExperiment(experiment);
      await writer.appendEvent({
        type: TrackingEvents.experimentCreated,
        entityType: TrackingEntityTypes.experiment,
        entityId: DEFAULT_EXPERIMENT_ID,
        actor: SYSTEM_ACTOR,
        time: now,
        payload: { name: experiment.name, artifactLocation: experiment.artifactLocation },
      });
    });
  } catch (error) {
    // Another process created it between our check and our insert.
    const lostRace =
      isCairnError(error) &&
      error.category === ErrorCategory.ALREADY_EXISTS &&
      (await store.read((reader) => reader.getExperiment(DEFAULT_EXPERIMENT_ID))) !== undefined;
    if (!lostRace) throw error;
  }
}

export type { TrackingServiceDeps };
