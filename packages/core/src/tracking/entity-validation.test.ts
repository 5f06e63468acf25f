import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import type { DatasetInput, Metric } from './entities.ts';
import {
  validateBatchLimits,
  validateDatasetInputs,
  validateExperimentId,
  validateExperimentName,
  validateExperimentTag,
  validateLoggedModelName,
  validateLookupId,
  validateMetric,
  validateParam,
  validateParamKeysUnique,
  validateRunId,
  validateTag,
} from './entity-validation.ts';
import { TrackingLimits } from './limits.ts';

function rejects(fn: () => unknown, code: string, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, 'INVALID_ARGUMENT');
    assert.equal(error.code, code);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

const point = (over: Partial<Metric> = {}): Metric => ({
  key: 'loss',
  value: 0.5,
  timestamp: 1,
  step: 0,
  ...over,
});

describe('validateMetric', () => {
  it('accepts NaN, infinities, negative steps and a zero timestamp', () => {
    for (const value of [Number.NaN, Infinity, -Infinity, -1.5, 0])
      validateMetric(point({ value }), '');
    validateMetric(point({ step: -3, timestamp: 0 }), '');
  });
  it('rejects a value that is not a number (booleans and numeric strings included)', () => {
    for (const value of [true, '1.0', null]) {
      rejects(
        () => validateMetric(point({ value: value as unknown as number }), 'metrics[4].'),
        'tracking.invalid_metric_value',
        /parameter 'metrics\[4\]\.value'.*valid double/,
      );
    }
  });
  it('rejects negative, fractional and missing timestamps', () => {
    for (const timestamp of [-1, 1.5, undefined]) {
      rejects(
        () => validateMetric(point({ timestamp: timestamp as number }), ''),
        'tracking.invalid_timestamp',
        /nonnegative long/,
      );
    }
  });
  it('rejects fractional steps', () => {
    rejects(() => validateMetric(point({ step: 0.5 }), ''), 'tracking.invalid_step', /valid long/);
  });
  it('checks the key and the dataset fields', () => {
    rejects(
      () => validateMetric(point({ key: '../x' }), 'metrics[0].'),
      'tracking.invalid_key',
      /metrics\[0\]\.name/,
    );
    rejects(
      () => validateMetric(point({ datasetDigest: 'd'.repeat(37) }), ''),
      'tracking.value_too_long',
    );
  });
  it('rejects a metric that is not an object', () => {
    rejects(
      () => validateMetric(null as unknown as Metric, 'metrics[1].'),
      'tracking.invalid_value',
      /metrics\[1\]/,
    );
  });
});

describe('param and tag values', () => {
  it('truncates over-long param values to 6000 characters, as MLflow does by default', () => {
    const param = validateParam({ key: 'p', value: 'v'.repeat(7000) }, '');
    assert.equal(param.value.length, TrackingLimits.maxParamValueLength);
    assert.equal(validateParam({ key: 'p', value: '' }, '').value, '');
  });
  it('truncates over-long run tag values to 8000 characters', () => {
    assert.equal(validateTag({ key: 't', value: 'v'.repeat(9000) }, '').value.length, 8000);
    assert.equal(validateTag({ key: 't', value: 'v'.repeat(8000) }, '').value.length, 8000);
  });
  it('rejects bad keys and non-string values', () => {
    rejects(
      () => validateParam({ key: 'a*b', value: 'x' }, 'params[0].'),
      'tracking.invalid_key',
      /params\[0\]\.key/,
    );
    rejects(
      () => validateTag({ key: 'k', value: 3 as unknown as string }, 'tags[1].'),
      'tracking.invalid_value',
      /tags\[1\]\.value/,
    );
    rejects(
      () => validateParam({ key: 'k', value: undefined as unknown as string }, ''),
      'tracking.missing_value',
    );
  });
  it('rejects experiment tags past 250 / 5000 characters instead of truncating', () => {
    assert.deepEqual(
      validateExperimentTag({ key: 'k', value: 'v'.repeat(5000) }, '').value.length,
      5000,
    );
    rejects(
      () => validateExperimentTag({ key: 'k', value: 'v'.repeat(5001) }, ''),
      'tracking.value_too_long',
      /5000/,
    );
    rejects(
      () => validateExperimentTag({ key: 'k'.repeat(251), value: 'v' }, ''),
      'tracking.value_too_long',
      /250/,
    );
  });
});

describe('experiment names and ids', () => {
  it('accepts up to 500 characters, rejects empty, non-string and longer names', () => {
    assert.equal(validateExperimentName('n'.repeat(500)), 'n'.repeat(500));
    rejects(
      () => validateExperimentName(''),
      'tracking.invalid_experiment_name',
      /Invalid experiment name: ''/,
    );
    rejects(() => validateExperimentName(undefined), 'tracking.invalid_experiment_name');
    rejects(
      () => validateExperimentName(5),
      'tracking.invalid_experiment_name',
      /Expects a string/,
    );
    rejects(() => validateExperimentName('n'.repeat(501)), 'tracking.value_too_long', /500/);
  });
  it('applies the run id and experiment id patterns', () => {
    assert.equal(validateRunId('0123abcd'), '0123abcd');
    assert.equal(validateRunId(`a${'b'.repeat(255)}`).length, 256);
    for (const bad of ['', '-abc', 'a b', 'a/b', `a${'b'.repeat(256)}`])
      rejects(() => validateRunId(bad), 'tracking.invalid_run_id');
    assert.equal(validateExperimentId('12'), '12');
    for (const bad of ['_x', 'a.b', `1${'2'.repeat(64)}`]) {
      rejects(
        () => validateExperimentId(bad),
        'tracking.invalid_experiment_id',
        /Invalid experiment ID/,
      );
    }
  });
  it('bounds look-up ids', () => {
    rejects(() => validateLookupId('', 'run_id'), 'tracking.missing_value');
    rejects(() => validateLookupId('x'.repeat(257), 'run_id'), 'tracking.value_too_long');
    rejects(() => validateLookupId(12, 'run_id'), 'tracking.invalid_value');
  });
});

describe('batch limits', () => {
  it('allows exactly the limits', () => {
    validateBatchLimits(1000, 0, 0);
    validateBatchLimits(800, 100, 100);
  });
  it('rejects each limit with MLflow wording', () => {
    rejects(
      () => validateBatchLimits(1001, 0, 0),
      'tracking.batch_too_large',
      /at most 1000 metrics\. Got 1001 metrics/,
    );
    rejects(() => validateBatchLimits(0, 101, 0), 'tracking.batch_too_large', /at most 100 params/);
    rejects(() => validateBatchLimits(0, 0, 101), 'tracking.batch_too_large', /at most 100 tags/);
    rejects(
      () => validateBatchLimits(900, 100, 1),
      'tracking.batch_too_large',
      /metrics, params, and tags/,
    );
  });
  it('rejects duplicate param keys within a batch, even with equal values', () => {
    rejects(
      () =>
        validateParamKeysUnique([
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
          { key: 'a', value: '1' },
        ]),
      'tracking.duplicate_param_keys',
      /\["a"\]/,
    );
  });
});

describe('validateDatasetInputs', () => {
  const input = (
    over: Partial<DatasetInput['dataset']> = {},
    tags = [{ key: 'mlflow.data.context', value: 'train' }],
  ): DatasetInput => ({
    dataset: {
      name: 'iris',
      digest: 'abc123',
      sourceType: 'local',
      source: '{"uri": "x"}',
      ...over,
    },
    tags,
  });
  it('keeps valid datasets and their optional fields', () => {
    const [out] = validateDatasetInputs([input({ schema: '{}', profile: '{"rows": 1}' })]);
    assert.equal(out?.dataset.schema, '{}');
    assert.equal(out?.tags[0]?.value, 'train');
  });
  it('enforces the dataset field limits', () => {
    rejects(
      () => validateDatasetInputs([input({ name: 'n'.repeat(501) })]),
      'tracking.value_too_long',
      /datasets\[0\]\.dataset\.name/,
    );
    rejects(
      () => validateDatasetInputs([input({ digest: 'd'.repeat(37) })]),
      'tracking.value_too_long',
      /digest/,
    );
    rejects(
      () => validateDatasetInputs([input({ source: 's'.repeat(65_536) })]),
      'tracking.value_too_long',
      /source/,
    );
    rejects(
      () => validateDatasetInputs([input({ schema: 's'.repeat(1_048_576) })]),
      'tracking.value_too_long',
      /schema/,
    );
    rejects(
      () => validateDatasetInputs([input({ name: undefined as unknown as string })]),
      'tracking.missing_value',
    );
  });
  it('enforces the input tag limits', () => {
    rejects(
      () => validateDatasetInputs([input({}, [{ key: 'k'.repeat(256), value: 'v' }])]),
      'tracking.value_too_long',
      /tags\[0\]\.key/,
    );
    rejects(
      () => validateDatasetInputs([input({}, [{ key: 'k', value: 'v'.repeat(501) }])]),
      'tracking.value_too_long',
      /tags\[0\]\.value/,
    );
  });
  it('caps the number of datasets per request', () => {
    rejects(
      () => validateDatasetInputs(Array.from({ length: 1001 }, () => input())),
      'tracking.batch_too_large',
    );
  });
});

describe('validateLoggedModelName', () => {
  it('accepts plain names and rejects URI-ambiguous characters', () => {
    assert.equal(validateLoggedModelName('my-model_v2'), 'my-model_v2');
    for (const bad of ['', 'a/b', 'a:b', 'a.b', '50%', 'say "hi"', "it's"]) {
      rejects(() => validateLoggedModelName(bad), 'tracking.invalid_logged_model_name');
    }
    rejects(() => validateLoggedModelName('m'.repeat(501)), 'tracking.value_too_long');
  });
});
