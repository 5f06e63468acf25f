/** The tracking ports (`TrackingStore`) assembled from the per-aggregate repositories. */
import type { TrackingReader, TrackingStore, TrackingWriter } from '@cairn/core';
import { createExperimentReader, createExperimentWriter } from './experiment-repository.ts';
import {
  createIdempotencyReader,
  createIdempotencyWriter,
  createPruneState,
} from '../idempotency-repository.ts';
import { createLoggedModelReader, createLoggedModelWriter } from './logged-model-repository.ts';
import { createMetricReader, createMetricWriter } from './metric-repository.ts';
import { createRunInputWriter } from './run-input-repository.ts';
import { createRunReader, createRunWriter } from './run-repository.ts';
import type { SqlScope, TransactionRunner } from '../transaction-runner.ts';

function createTrackingReader(scope: SqlScope): TrackingReader {
  return {
    ...createExperimentReader(scope),
    ...createRunReader(scope),
    ...createMetricReader(scope),
    ...createLoggedModelReader(scope),
    ...createIdempotencyReader(scope),
  };
}

export function createTrackingStore(runner: TransactionRunner): TrackingStore {
  const pruneState = createPruneState();
  return {
    read: (fn) => runner.read((scope) => fn(createTrackingReader(scope))),
    write: (fn) =>
      runner.write((scope) => {
        const writer: TrackingWriter = {
          ...createTrackingReader(scope),
          ...createExperimentWriter(scope),
          ...createRunWriter(scope),
          ...createRunInputWriter(scope),
          ...createMetricWriter(scope),
          ...createLoggedModelWriter(scope),
          ...createIdempotencyWriter(scope, pruneState),
          appendEvent: scope.appendEvent,
        };
        return fn(writer);
      }),
  };
}
