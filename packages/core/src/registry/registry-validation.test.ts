import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCairnError } from '../kernel/index.ts';
import {
  canonicalStage,
  parseVersion,
  validateAlias,
  validateModelName,
  validateRegistryTag,
  validateRunLink,
} from './registry-validation.ts';

const code = (expected: string) => (error: unknown) =>
  isCairnError(error) && error.category === 'INVALID_ARGUMENT' && error.code === expected;

describe('registry validation', () => {
  it('accepts MLflow-valid aliases and rejects reserved or malformed ones', () => {
    for (const alias of ['champion', 'challenger-2', 'a_b', 'V', 'v1a', 'version1']) {
      assert.equal(validateAlias(alias), alias);
    }
    for (const alias of [
      'latest',
      'LATEST',
      'Latest',
      'v1',
      'V22',
      'a b',
      'a.b',
      'a/b',
      'x'.repeat(256),
    ]) {
      assert.throws(() => validateAlias(alias), code('registry.invalid_alias'), alias);
    }
    assert.equal(validateAlias('x'.repeat(255)).length, 255);
    assert.throws(() => validateAlias(''), code('registry.missing_value'));
  });

  it('parses versions from decimal strings and numbers only', () => {
    assert.equal(parseVersion('3'), 3);
    assert.equal(parseVersion(7), 7);
    for (const bad of ['1.5', '-1', 'one', '1e3', ' 1', 1.5, -2, '99999999999999999999']) {
      assert.throws(() => parseVersion(bad), code('registry.invalid_version'), String(bad));
    }
    assert.throws(() => parseVersion(undefined), code('registry.missing_value'));
  });

  it('canonicalizes stages in any case and rejects others', () => {
    assert.equal(canonicalStage('production'), 'Production');
    assert.equal(canonicalStage('STAGING'), 'Staging');
    assert.equal(canonicalStage('none'), 'None');
    assert.equal(canonicalStage('Archived'), 'Archived');
    assert.throws(() => canonicalStage('Deleted_Internal'), code('registry.invalid_stage'));
  });

  it('bounds names and tags', () => {
    assert.equal(validateModelName('fraud model/v2'), 'fraud model/v2');
    assert.throws(() => validateModelName(''), code('registry.missing_value'));
    assert.throws(() => validateModelName('a\nb'), code('registry.invalid_name'));
    assert.throws(() => validateModelName('x'.repeat(257)), code('registry.value_too_long'));
    assert.deepEqual(validateRegistryTag({ key: 'k', value: 'v' }), { key: 'k', value: 'v' });
    assert.throws(
      () => validateRegistryTag({ key: '../k', value: 'v' }),
      code('tracking.invalid_key'),
    );
    assert.throws(
      () => validateRegistryTag({ key: 'k', value: 'v'.repeat(100_001) }),
      code('registry.value_too_long'),
    );
  });

  it('keeps only web run links', () => {
    assert.equal(validateRunLink('https://ci.example/run/1'), 'https://ci.example/run/1');
    assert.equal(validateRunLink(''), null);
    assert.throws(() => validateRunLink('javascript:alert(1)'), code('registry.invalid_run_link'));
  });
});
