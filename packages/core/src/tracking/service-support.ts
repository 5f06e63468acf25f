/**
 * What the three parts of the tracking service share: their dependencies, event rows, and
 * the look-ups that turn "missing" and "deleted" into MLflow's errors.
 */
import { invalidArgument, notFound } from '../kernel/index.ts';
import type { Clock, RequestContext } from '../kernel/index.ts';
import { LifecycleStage } from './entities.ts';
import type { Experiment, LoggedModel, RunInfo } from './entities.ts';
import type { TrackingReader, TrackingStore, TrackingWriter } from './ports.ts';
import type { TrackingEntityTypes, TrackingEventType } from './tracking-events.ts';

export interface TrackingServiceDeps {
  store: TrackingStore;
  clock: Clock;
  /** Prefix of new experiments' artifact locations; the experiment id is appended. */
  defaultArtifactRoot?: string;
}

export const DEFAULT_ARTIFACT_ROOT = 'mlflow-artifacts:/';

/** Appends one event for a change made in this transaction. */
export function appendEvent(
  writer: TrackingWriter,
  ctx: RequestContext,
  time: number,
  type: TrackingEventType,
  entity: { type: (typeof TrackingEntityTypes)[keyof typeof TrackingEntityTypes]; id: string },
  payload: Record<string, unknown>,
): Promise<void> {
  return writer.appendEvent({
    type,
    entityType: entity.type,
    entityId: entity.id,
    actor: ctx.actor,
    time,
    payload,
  });
}

export async function requireExperiment(
  reader: TrackingReader,
  experimentId: string,
): Promise<Experiment> {
  const experiment = await reader.getExperiment(experimentId);
  if (experiment === undefined) {
    throw notFound(
      'tracking.experiment_not_found',
      `No Experiment with id=${experimentId} exists`,
      {
        details: { experimentId },
      },
    );
  }
  return experiment;
}

/** Writes to a deleted experiment are refused as MLflow does: INVALID_PARAMETER_VALUE (400). */
export function assertExperimentActive(experiment: Experiment): void {
  if (experiment.lifecycleStage !== LifecycleStage.ACTIVE) {
    throw invalidArgument(
      'tracking.experiment_not_active',
      `The experiment ${experiment.experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`,
      { details: { experimentId: experiment.experimentId } },
    );
  }
}

export async function requireRunInfo(reader: TrackingReader, runId: string): Promise<RunInfo> {
  const info = await reader.getRunInfo(runId);
  if (info === undefined) {
    throw notFound('tracking.run_not_found', `Run with id=${runId} not found`, {
      details: { runId },
    });
  }
  return info;
}

/** Writes to a deleted run are refused as MLflow's `_check_run_is_active` does (400). */
export function assertRunActive(info: RunInfo): void {
  if (info.lifecycleStage !== LifecycleStage.ACTIVE) {
    throw invalidArgument(
      'tracking.run_not_active',
      `The run ${info.runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`,
      { details: { runId: info.runId } },
    );
  }
}

/** The run, which must exist and be active. */
export async function requireActiveRun(reader: TrackingReader, runId: string): Promise<RunInfo> {
  const info = await requireRunInfo(reader, runId);
  assertRunActive(info);
  return info;
}

export async function requireLoggedModel(
  reader: TrackingReader,
  modelId: string,
): Promise<LoggedModel> {
  const model = await reader.getLoggedModel(modelId);
  if (model === undefined) {
    throw notFound(
      'tracking.logged_model_not_found',
      `Logged model with ID '${modelId}' not found.`,
      {
        details: { modelId },
      },
    );
  }
  return model;
}

/** Last value wins for a repeated key, as MLflow's tag upserts do; first-seen order is kept. */
export function dedupeByKey<T extends { key: string }>(entries: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const entry of entries) byKey.set(entry.key, entry);
  return [...byKey.values()];
}

/** Rejects a value that is not an array where a list is required (inputs are raw-ish). */
export function asList<T>(value: readonly T[] | undefined, field: string): readonly T[] {
  const raw: unknown = value;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw invalidArgument('tracking.invalid_value', `Parameter '${field}' must be a list.`, {
      details: { field },
    });
  }
  return value ?? [];
}
