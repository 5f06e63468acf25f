import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import {
  parseExperimentOrderBy,
  parseLoggedModelOrderBy,
  parseRunOrderBy,
} from './order-by-parser.ts';

function invalid(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, 'INVALID_ARGUMENT');
    assert.equal(error.code, 'tracking.invalid_order_by');
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

describe('parseRunOrderBy', () => {
  it('defaults to ascending and reads ASC / DESC in any case', () => {
    assert.deepEqual(
      parseRunOrderBy([
        'metrics.acc DESC',
        'params.lr',
        'tags.team asc',
        'attributes.start_time Desc',
      ]),
      [
        { kind: 'metric', key: 'acc', ascending: false },
        { kind: 'param', key: 'lr', ascending: true },
        { kind: 'tag', key: 'team', ascending: true },
        { kind: 'attribute', key: 'start_time', ascending: false },
      ],
    );
    assert.deepEqual(parseRunOrderBy(undefined), []);
  });
  it('resolves aliases and quoted keys', () => {
    assert.deepEqual(parseRunOrderBy(['created']), [
      { kind: 'attribute', key: 'start_time', ascending: true },
    ]);
    assert.deepEqual(parseRunOrderBy(['run_name DESC']), [
      { kind: 'attribute', key: 'run_name', ascending: false },
    ]);
    assert.deepEqual(parseRunOrderBy(['metrics.`f1 score` DESC']), [
      { kind: 'metric', key: 'f1 score', ascending: false },
    ]);
    assert.deepEqual(parseRunOrderBy(['tags."mlflow.runName"']), [
      { kind: 'tag', key: 'mlflow.runName', ascending: true },
    ]);
    assert.deepEqual(parseRunOrderBy(['tags.mlflow.source.type']), [
      { kind: 'tag', key: 'mlflow.source.type', ascending: true },
    ]);
  });
  it('rejects duplicate fields, including through an alias', () => {
    invalid(() => parseRunOrderBy(['metrics.acc', 'metrics.acc DESC']), /duplicate fields/);
    invalid(() => parseRunOrderBy(['start_time', 'created DESC']), /duplicate fields/);
  });
  it('allows the same key under different entities', () => {
    assert.equal(parseRunOrderBy(['metrics.x', 'params.x', 'tags.x']).length, 3);
  });
  it('rejects bad directions, trailing text, unknown keys and entities', () => {
    invalid(() => parseRunOrderBy(['metrics.acc DOWN']), /Invalid ordering key/);
    invalid(() => parseRunOrderBy(['metrics.acc DESC extra']), /Could not be parsed/);
    invalid(() => parseRunOrderBy(['attributes.lifecycle_stage']), /Invalid attribute key/);
    invalid(() => parseRunOrderBy(['datasets.name']), /entity type 'dataset'/);
    invalid(() => parseRunOrderBy(['foo.bar']), /Invalid entity type 'foo'/);
    invalid(() => parseRunOrderBy(['']), /expected an identifier/);
  });
});

describe('parseExperimentOrderBy', () => {
  it('accepts the four experiment attributes', () => {
    assert.deepEqual(
      parseExperimentOrderBy([
        'name',
        'experiment_id DESC',
        'attribute.creation_time',
        'last_update_time ASC',
      ]),
      [
        { key: 'name', ascending: true },
        { key: 'experiment_id', ascending: false },
        { key: 'creation_time', ascending: true },
        { key: 'last_update_time', ascending: true },
      ],
    );
  });
  it('rejects tags, other keys and duplicates', () => {
    invalid(() => parseExperimentOrderBy(['tags.team']), /Invalid order_by entity: tag/);
    invalid(() => parseExperimentOrderBy(['artifact_location']), /Invalid attribute key/);
    invalid(() => parseExperimentOrderBy(['name', 'name DESC']), /duplicate/);
  });
});

describe('parseLoggedModelOrderBy', () => {
  it('reads attribute and metric fields with their direction', () => {
    assert.deepEqual(
      parseLoggedModelOrderBy([
        { fieldName: 'metrics.accuracy', ascending: false },
        { fieldName: 'creation_time' },
        { fieldName: 'name' },
      ]),
      [
        { kind: 'metric', key: 'accuracy', ascending: false },
        { kind: 'attribute', key: 'creation_timestamp', ascending: true },
        { kind: 'attribute', key: 'name', ascending: true },
      ],
    );
  });
  it('rejects other entities, unknown fields, missing names and duplicates', () => {
    invalid(() => parseLoggedModelOrderBy([{ fieldName: 'params.lr' }]), /only `metrics.<name>`/);
    invalid(
      () => parseLoggedModelOrderBy([{ fieldName: 'experiment_id' }]),
      /Invalid order by field name/,
    );
    invalid(() => parseLoggedModelOrderBy([{ fieldName: '' }]), /must be specified/);
    invalid(
      () =>
        parseLoggedModelOrderBy([
          { fieldName: 'creation_time' },
          { fieldName: 'creation_timestamp' },
        ]),
      /duplicate/,
    );
    invalid(
      () =>
        parseLoggedModelOrderBy([{ fieldName: 'name', ascending: 'yes' as unknown as boolean }]),
      /boolean/,
    );
  });
});
