import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Experiment, LoggedModel, Run } from '@cairn/core';
import {
  experimentJson,
  fileInfoJson,
  listResponse,
  loggedModelJson,
  metricWithRunIdJson,
  runJson,
} from './entity-json.ts';

const RUN: Run = {
  info: {
    runId: 'a'.repeat(32),
    runName: 'brave-owl-1',
    experimentId: '3',
    userId: 'ann',
    status: 'RUNNING',
    startTime: 1_700_000_000_000,
    endTime: null,
    artifactUri: `mlflow-artifacts:/3/${'a'.repeat(32)}/artifacts`,
    lifecycleStage: 'active',
  },
  data: {
    metrics: [
      { key: 'loss', value: Number.NaN, timestamp: 5, step: 0 },
      { key: 'acc', value: 0.5, timestamp: 6, step: 2, modelId: 'm-1' },
    ],
    params: [{ key: 'lr', value: '0.1' }],
    tags: [],
  },
  inputs: {
    datasetInputs: [
      {
        dataset: { name: 'iris', digest: 'd1', sourceType: 'local', source: '{}' },
        tags: [{ key: 'mlflow.data.context', value: 'train' }],
      },
    ],
    modelInputs: [],
  },
  outputs: { modelOutputs: [{ modelId: 'm-1', step: 0 }] },
};

describe('runJson', () => {
  it("produces MLflow's Run message, both run id fields, no unset or empty fields", () => {
    assert.deepEqual(runJson(RUN), {
      info: {
        run_uuid: RUN.info.runId,
        experiment_id: '3',
        run_name: 'brave-owl-1',
        user_id: 'ann',
        status: 'RUNNING',
        start_time: 1_700_000_000_000,
        artifact_uri: RUN.info.artifactUri,
        lifecycle_stage: 'active',
        run_id: RUN.info.runId,
      },
      data: {
        metrics: [
          { key: 'loss', value: 'NaN', timestamp: 5, step: 0 },
          { key: 'acc', value: 0.5, timestamp: 6, step: 2, model_id: 'm-1' },
        ],
        params: [{ key: 'lr', value: '0.1' }],
      },
      inputs: {
        dataset_inputs: [
          {
            tags: [{ key: 'mlflow.data.context', value: 'train' }],
            dataset: { name: 'iris', digest: 'd1', source_type: 'local', source: '{}' },
          },
        ],
      },
      outputs: { model_outputs: [{ model_id: 'm-1', step: 0 }] },
    });
  });

  it('writes an end time once there is one', () => {
    const finished = { ...RUN, info: { ...RUN.info, status: 'FINISHED' as const, endTime: 9 } };
    const info = runJson(finished).info as Record<string, unknown>;
    assert.equal(info.end_time, 9);
    assert.equal(info.status, 'FINISHED');
  });
});

describe('experimentJson', () => {
  it('keeps field order and omits empty tags', () => {
    const experiment: Experiment = {
      experimentId: '0',
      name: 'Default',
      artifactLocation: 'mlflow-artifacts:/0',
      lifecycleStage: 'active',
      creationTime: 1,
      lastUpdateTime: 2,
      tags: [],
    };
    assert.equal(
      JSON.stringify(experimentJson(experiment)),
      '{"experiment_id":"0","name":"Default","artifact_location":"mlflow-artifacts:/0",' +
        '"lifecycle_stage":"active","last_update_time":2,"creation_time":1}',
    );
  });
});

describe('loggedModelJson', () => {
  it('nests info and data as the MLflow 3 LoggedModel message', () => {
    const model: LoggedModel = {
      modelId: 'm-0123',
      experimentId: '1',
      name: 'model',
      artifactLocation: 'mlflow-artifacts:/1/models/m-0123/artifacts',
      creationTimestamp: 10,
      lastUpdatedTimestamp: 11,
      modelType: null,
      sourceRunId: 'r1',
      status: 'LOGGED_MODEL_PENDING',
      statusMessage: null,
      tags: [{ key: 't', value: 'v' }],
      params: [],
      metrics: [
        { key: 'acc', value: Number.POSITIVE_INFINITY, timestamp: 3, step: 1, runId: 'r1' },
      ],
    };
    assert.deepEqual(loggedModelJson(model), {
      info: {
        model_id: 'm-0123',
        experiment_id: '1',
        name: 'model',
        creation_timestamp_ms: 10,
        last_updated_timestamp_ms: 11,
        artifact_uri: 'mlflow-artifacts:/1/models/m-0123/artifacts',
        status: 'LOGGED_MODEL_PENDING',
        source_run_id: 'r1',
        tags: [{ key: 't', value: 'v' }],
      },
      data: {
        metrics: [{ key: 'acc', value: 'Infinity', timestamp: 3, step: 1, run_id: 'r1' }],
      },
    });
  });
});

describe('small messages', () => {
  it('leave file_size out for directories', () => {
    assert.deepEqual(fileInfoJson('a', true, undefined), { path: 'a', is_dir: true });
    assert.deepEqual(fileInfoJson('a/b.txt', false, 12), {
      path: 'a/b.txt',
      is_dir: false,
      file_size: 12,
    });
  });

  it('carry run_id in bulk-interval points and nothing about datasets', () => {
    assert.deepEqual(
      metricWithRunIdJson({
        key: 'k',
        value: 1,
        timestamp: 2,
        step: 3,
        runId: 'r',
        datasetName: 'd',
      }),
      { key: 'k', value: 1, timestamp: 2, step: 3, run_id: 'r' },
    );
  });

  it('leave empty lists and absent page tokens out of list responses', () => {
    assert.deepEqual(listResponse('runs', []), {});
    assert.deepEqual(listResponse('runs', [{ a: 1 }], 'tok'), {
      runs: [{ a: 1 }],
      next_page_token: 'tok',
    });
  });
});
