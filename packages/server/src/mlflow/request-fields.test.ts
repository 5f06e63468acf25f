import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError } from '@cairn/core';
import { RUN_STATUS } from './json-dialect.ts';
import {
  experimentIdList,
  keyValueList,
  objectList,
  optionalBool,
  optionalEnum,
  optionalExperimentId,
  optionalInt64,
  requiredDouble,
  requiredRunId,
  requiredString,
  stringList,
} from './request-fields.ts';

function failure(fn: () => unknown): { code: string; message: string; category: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(isCairnError(error), 'a CairnError');
    return { code: error.code, message: error.message, category: error.category };
  }
  assert.fail('expected an error');
}

describe('required fields', () => {
  it("answer MLflow's missing-parameter message for absent, null and empty values", () => {
    for (const fields of [{}, { name: null }, { name: '' }]) {
      const error = failure(() => requiredString(fields, 'name'));
      assert.equal(error.category, 'INVALID_ARGUMENT');
      assert.equal(
        error.message,
        "Missing value for required parameter 'name'. See the API docs for more information " +
          'about request parameters.',
      );
    }
  });

  it('name nested fields by their path', () => {
    const error = failure(() => keyValueList({ tags: [{ key: 'a' }, { value: 'x' }] }, 'tags'));
    assert.match(error.message, /Missing value for required parameter 'tags\[1\]\.key'/);
  });

  it('reject values of the wrong type with an invalid-value message', () => {
    const error = failure(() => requiredString({ name: 42 }, 'name'));
    assert.equal(error.code, 'mlflow.invalid_parameter');
    assert.match(error.message, /^Invalid value 42 for parameter 'name' supplied/);
    assert.match(error.message, /type 'int'/);
  });

  it('reject a metric value that is not a number', () => {
    assert.match(failure(() => requiredDouble({ value: true }, 'value')).message, /'value'/);
    assert.match(failure(() => requiredDouble({}, 'value')).message, /Missing value/);
    assert.ok(Number.isNaN(requiredDouble({ value: 'NaN' }, 'value')));
  });
});

describe('run ids', () => {
  it('accept run_uuid as an alias of run_id', () => {
    assert.equal(requiredRunId({ run_id: 'abc' }), 'abc');
    assert.equal(requiredRunId({ run_uuid: 'def' }), 'def');
    assert.equal(requiredRunId({ run_id: '', run_uuid: 'def' }), 'def');
    assert.match(failure(() => requiredRunId({})).message, /'run_id'/);
  });
});

describe('experiment ids', () => {
  it('accept the numbers of pre-0.9.1 clients and strings', () => {
    assert.equal(optionalExperimentId({ experiment_id: 7 }), '7');
    assert.equal(optionalExperimentId({ experiment_id: '7' }), '7');
    assert.deepEqual(experimentIdList({ experiment_ids: [1, '2'] }), ['1', '2']);
    assert.deepEqual(experimentIdList({}), []);
  });
});

describe('repeated fields', () => {
  it('take a single query value as a list of one', () => {
    assert.deepEqual(stringList({ order_by: 'name' }, 'order_by'), ['name']);
    assert.deepEqual(stringList({ order_by: ['a', 'b'] }, 'order_by'), ['a', 'b']);
    assert.match(failure(() => stringList({ order_by: [1] }, 'order_by')).message, /order_by/);
  });

  it('require objects in message lists', () => {
    assert.deepEqual(objectList({ m: [{ a: 1 }] }, 'm'), [{ a: 1 }]);
    assert.match(failure(() => objectList({ m: {} }, 'm')).message, /'m'/);
    assert.match(failure(() => objectList({ m: ['x'] }, 'm')).message, /'m\[0\]'/);
  });

  it('default a missing tag value to the empty string, as proto does', () => {
    assert.deepEqual(keyValueList({ tags: [{ key: 'k' }] }, 'tags'), [{ key: 'k', value: '' }]);
  });
});

describe('scalars', () => {
  it('read int64 from numbers and strings', () => {
    assert.equal(optionalInt64({ t: '12' }, 't'), 12);
    assert.equal(optionalInt64({}, 't'), undefined);
    assert.match(failure(() => optionalInt64({ t: 'soon' }, 't')).message, /'t'/);
  });

  it('read booleans with MLflow message for bad query text', () => {
    assert.equal(optionalBool({ b: 'TRUE' }, 'b'), true);
    assert.equal(
      failure(() => optionalBool({ b: 'maybe' }, 'b')).message,
      "Invalid boolean value: maybe, must be 'true' or 'false'.",
    );
  });

  it('read enums by name', () => {
    assert.equal(optionalEnum({ status: 'KILLED' }, 'status', RUN_STATUS), 'KILLED');
    assert.match(
      failure(() => optionalEnum({ status: 'DEAD' }, 'status', RUN_STATUS)).message,
      /DEAD/,
    );
  });
});
