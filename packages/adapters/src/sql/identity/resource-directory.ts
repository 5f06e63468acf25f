/** The tracking half of `ResourceDirectory`: which experiment a run or logged model is in. */
import type { ResourceDirectory } from '@cairn/core';
import type { TransactionRunner } from '../transaction-runner.ts';

export type TrackingResourceDirectory = Omit<ResourceDirectory, 'registeredModelIdByName'>;

const EXPERIMENT_ID = /^\d{1,18}$/;

export function createTrackingResourceDirectory(
  runner: TransactionRunner,
): TrackingResourceDirectory {
  return {
    experimentIdOfRun: (runId) =>
      runner.read(async ({ db }) => {
        const row = await db
          .selectFrom('runs')
          .select('experiment_id')
          .where('run_uuid', '=', runId)
          .executeTakeFirst();
        return row === undefined ? undefined : String(row.experiment_id);
      }),
    experimentIdOfLoggedModel: (modelId) =>
      runner.read(async ({ db }) => {
        const row = await db
          .selectFrom('logged_models')
          .select('experiment_id')
          .where('model_id', '=', modelId)
          .executeTakeFirst();
        return row === undefined ? undefined : String(row.experiment_id);
      }),
    experimentIdByName: (name) =>
      runner.read(async ({ db }) => {
        const row = await db
          .selectFrom('experiments')
          .select('experiment_id')
          .where('name', '=', name)
          .executeTakeFirst();
        return row === undefined ? undefined : String(row.experiment_id);
      }),
    experimentExists: (experimentId) =>
      EXPERIMENT_ID.test(experimentId)
        ? runner.read(async ({ db }) => {
            const row = await db
              .selectFrom('experiments')
              .select('experiment_id')
              .where('experiment_id', '=', Number(experimentId))
              .executeTakeFirst();
            return row !== undefined;
          })
        : Promise.resolve(false),
  };
}
