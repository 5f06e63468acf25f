import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import { pathNotUnique, posixNormpath, validateEntityKey } from './key-validation.ts';

function rejects(fn: () => unknown, code: string, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CairnError);
    assert.equal(error.category, 'INVALID_ARGUMENT');
    assert.equal(error.code, code);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

describe('posixNormpath', () => {
  // Expected values produced by Python's posixpath.normpath.
  const cases: [string, string][] = [
    ['', '.'],
    ['.', '.'],
    ['..', '..'],
    ['a/../b', 'b'],
    ['/a', '/a'],
    ['//a', '//a'],
    ['///a', '/a'],
    ['a/', 'a'],
    ['a//b', 'a/b'],
    ['../a', '../a'],
    ['a/..', '.'],
    ['..a', '..a'],
    ['a/./b', 'a/b'],
    ['/..', '/'],
    ['//..', '//'],
    ['a/b/../../..', '..'],
    ['x', 'x'],
  ];
  for (const [input, expected] of cases) {
    it(`normalises ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () => {
      assert.equal(posixNormpath(input), expected);
    });
  }
});

describe('pathNotUnique', () => {
  it('accepts keys that are their own normal form', () => {
    for (const key of ['acc', 'train/loss', 'a.b.c', 'a..b', 'x y'])
      assert.equal(pathNotUnique(key), false, key);
  });
  it('rejects keys that resolve elsewhere', () => {
    for (const key of ['', '.', '..', '../x', 'a/../b', '/abs', 'a/', './a', 'a//b', '..x']) {
      assert.equal(pathNotUnique(key), true, key);
    }
  });
});

describe('validateEntityKey', () => {
  it('accepts MLflow key characters, Unicode letters and colons', () => {
    for (const key of [
      'loss',
      'val/acc-1.0',
      'a_b c',
      'epoch:3',
      'précision',
      '損失',
      'x'.repeat(250),
    ]) {
      assert.equal(validateEntityKey(key, 'key', 250), key);
    }
  });
  it('rejects characters outside the set', () => {
    for (const key of ['a*b', 'a\\b', 'a?b', 'tab\there', 'a%b', 'a\u0000b']) {
      rejects(
        () => validateEntityKey(key, 'metrics[0].key', 250),
        'tracking.invalid_key',
        /Names may only contain/,
      );
    }
  });
  it('rejects keys that normalise to another path, naming the resolution', () => {
    rejects(
      () => validateEntityKey('a/../b', 'key', 250),
      'tracking.invalid_key',
      /would resolve to 'b'/,
    );
    rejects(
      () => validateEntityKey('/root', 'key', 250),
      'tracking.invalid_key',
      /resolve to '\/root'/,
    );
    rejects(() => validateEntityKey('', 'key', 250), 'tracking.invalid_key', /resolve to '\.'/);
  });
  it('rejects over-long keys after the character checks', () => {
    rejects(
      () => validateEntityKey('k'.repeat(251), 'params[2].key', 250),
      'tracking.value_too_long',
      /'params\[2\]\.key' exceeds the maximum length of 250/,
    );
  });
  it('rejects missing and non-string keys', () => {
    rejects(
      () => validateEntityKey(undefined, 'key', 250),
      'tracking.missing_key',
      /Missing value for required parameter 'key'/,
    );
    rejects(() => validateEntityKey(7, 'key', 250), 'tracking.invalid_key');
  });
});
