import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError } from '../kernel/index.ts';
import {
  parseDatasetVersionRef,
  parseVersionRef,
  validateDatasetName,
  validateTagName,
} from './dataset-names.ts';

const code = (expected: string) => (error: unknown) =>
  isCairnError(error) && error.category === 'INVALID_ARGUMENT' && error.code === expected;

describe('dataset names', () => {
  it('accepts names that can never be a path', () => {
    for (const name of ['iris', 'Iris_2024.v1', '0day', 'a-b', 'x'.repeat(128)]) {
      assert.equal(validateDatasetName(name), name);
    }
  });

  it('refuses paths, dots and odd characters with data.invalid_name', () => {
    for (const name of ['', '.hidden', '-x', 'a/b', 'a..b', '..', 'a b', 'é', 'x'.repeat(129), 7]) {
      assert.throws(() => validateDatasetName(name), code('data.invalid_name'), String(name));
    }
  });
});

describe('tags', () => {
  it('accepts tags starting with a letter, never latest', () => {
    assert.equal(validateTagName('prod'), 'prod');
    assert.equal(validateTagName('v1.2-rc_3'), 'v1.2-rc_3');
    for (const tag of ['latest', '3', '1abc', '', 'a/b', 'x'.repeat(65)]) {
      assert.throws(() => validateTagName(tag), code('data.invalid_tag'), tag);
    }
  });
});

describe('version refs', () => {
  it('parses numbers, tags and latest', () => {
    assert.deepEqual(parseVersionRef('3'), { kind: 'number', version: 3 });
    assert.deepEqual(parseVersionRef('prod'), { kind: 'tag', tag: 'prod' });
    assert.deepEqual(parseVersionRef('latest'), { kind: 'latest' });
    for (const ref of ['0', '03', '-1', '1.5', '', 'a b', '9'.repeat(16)]) {
      assert.throws(() => parseVersionRef(ref), code('data.invalid_ref'), ref);
    }
  });

  it('splits name@ref, a bare name meaning latest', () => {
    assert.deepEqual(parseDatasetVersionRef('iris@3'), { name: 'iris', ref: '3' });
    assert.deepEqual(parseDatasetVersionRef('iris@prod'), { name: 'iris', ref: 'prod' });
    assert.deepEqual(parseDatasetVersionRef('iris'), { name: 'iris', ref: 'latest' });
    assert.throws(() => parseDatasetVersionRef('iris@'), code('data.invalid_ref'));
    assert.throws(() => parseDatasetVersionRef('iris@1@2'), code('data.invalid_ref'));
    assert.throws(() => parseDatasetVersionRef('../x@1'), code('data.invalid_name'));
  });
});
