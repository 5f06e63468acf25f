import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LOGGED_MODEL_STATUS,
  RUN_STATUS,
  VIEW_TYPE,
  decodeBool,
  decodeDouble,
  decodeEnum,
  decodeInt64,
  encodeDouble,
} from './json-dialect.ts';

describe('doubles', () => {
  it('encodes finite values as numbers and non-finite ones as protobuf strings', () => {
    assert.equal(encodeDouble(0.25), 0.25);
    assert.equal(encodeDouble(-3), -3);
    assert.equal(encodeDouble(Number.NaN), 'NaN');
    assert.equal(encodeDouble(Number.POSITIVE_INFINITY), 'Infinity');
    assert.equal(encodeDouble(Number.NEGATIVE_INFINITY), '-Infinity');
  });

  it('decodes numbers, numeric strings and the three special strings', () => {
    assert.equal(decodeDouble(1.5), 1.5);
    assert.equal(decodeDouble('2.5e3'), 2500);
    assert.equal(decodeDouble(' -7 '), -7);
    assert.ok(Number.isNaN(decodeDouble('NaN')));
    assert.equal(decodeDouble('Infinity'), Number.POSITIVE_INFINITY);
    assert.equal(decodeDouble('-Infinity'), Number.NEGATIVE_INFINITY);
  });

  it('round-trips every special value', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.1]) {
      assert.ok(Object.is(decodeDouble(encodeDouble(value)), value));
    }
  });

  it('refuses values that are not numbers', () => {
    for (const value of [true, null, {}, [], 'abc', '', '1.2.3', 'nan']) {
      assert.equal(decodeDouble(value), undefined, JSON.stringify(value));
    }
  });
});

describe('int64', () => {
  it('accepts JSON numbers and decimal strings', () => {
    assert.equal(decodeInt64(1_700_000_000_123), 1_700_000_000_123);
    assert.equal(decodeInt64('1700000000123'), 1_700_000_000_123);
    assert.equal(decodeInt64('-4'), -4);
    assert.equal(decodeInt64(0), 0);
  });

  it('refuses fractions, unsafe integers, text and other types', () => {
    for (const value of [1.5, '1.5', 2 ** 60, '99999999999999999999', 'x', '', true, null, []]) {
      assert.equal(decodeInt64(value), undefined, JSON.stringify(value));
    }
  });
});

describe('bool', () => {
  it('accepts JSON booleans and "true"/"false" in any case', () => {
    assert.equal(decodeBool(true), true);
    assert.equal(decodeBool('TRUE'), true);
    assert.equal(decodeBool('False'), false);
    assert.equal(decodeBool('yes'), undefined);
    assert.equal(decodeBool(1), undefined);
  });
});

describe('enums', () => {
  it('decode by name or by proto number', () => {
    assert.equal(decodeEnum('FINISHED', RUN_STATUS), 'FINISHED');
    assert.equal(decodeEnum(3, RUN_STATUS), 'FINISHED');
    assert.equal(decodeEnum(1, VIEW_TYPE), 'ACTIVE_ONLY');
    assert.equal(decodeEnum('2', VIEW_TYPE), 'DELETED_ONLY');
    assert.equal(decodeEnum(3, VIEW_TYPE), 'ALL');
    assert.equal(decodeEnum(2, LOGGED_MODEL_STATUS), 'LOGGED_MODEL_READY');
    assert.equal(
      decodeEnum('LOGGED_MODEL_UPLOAD_FAILED', LOGGED_MODEL_STATUS),
      'LOGGED_MODEL_UPLOAD_FAILED',
    );
  });

  it('refuse unknown names, out-of-range numbers and lower-case names', () => {
    assert.equal(decodeEnum('DONE', RUN_STATUS), undefined);
    assert.equal(decodeEnum('finished', RUN_STATUS), undefined);
    assert.equal(decodeEnum(0, RUN_STATUS), undefined);
    assert.equal(decodeEnum(6, RUN_STATUS), undefined);
    assert.equal(decodeEnum(1.5, RUN_STATUS), undefined);
    assert.equal(decodeEnum('9', RUN_STATUS), undefined);
  });
});
