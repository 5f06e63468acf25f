import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorCategory } from '@cairn/core';
import { CairnError } from '@cairn/core';
import { toMlflowError } from './error-mapping.ts';

const neverLog = () => assert.fail('classified errors are not logged');

describe('toMlflowError', () => {
  const cases: [ErrorCategory, string, number, string][] = [
    ['INVALID_ARGUMENT', 'x.bad', 400, 'INVALID_PARAMETER_VALUE'],
    ['FAILED_PRECONDITION', 'x.state', 400, 'INVALID_PARAMETER_VALUE'],
    ['NOT_FOUND', 'x.missing', 404, 'RESOURCE_DOES_NOT_EXIST'],
    ['ALREADY_EXISTS', 'x.taken', 400, 'RESOURCE_ALREADY_EXISTS'],
    ['PERMISSION_DENIED', 'x.denied', 403, 'PERMISSION_DENIED'],
    ['UNAUTHENTICATED', 'x.who', 401, 'UNAUTHENTICATED'],
    ['RESOURCE_EXHAUSTED', 'x.rate_limited', 429, 'RESOURCE_EXHAUSTED'],
    ['RESOURCE_EXHAUSTED', 'artifacts.too_large', 413, 'RESOURCE_EXHAUSTED'],
    ['UNAVAILABLE', 'x.down', 503, 'TEMPORARILY_UNAVAILABLE'],
  ];
  for (const [category, code, status, errorCode] of cases) {
    it(`maps ${category} (${code}) to ${status} ${errorCode} with the message`, () => {
      const mapped = toMlflowError(new CairnError(category, code, 'what happened'), neverLog);
      assert.deepEqual(mapped, {
        status,
        body: { error_code: errorCode, message: 'what happened' },
      });
    });
  }

  it('logs unknown and INTERNAL errors and answers a generic 500 that leaks nothing', () => {
    const logged: unknown[] = [];
    for (const error of [
      new Error('SQLITE_CORRUPT at /var/lib/secret.db'),
      new CairnError('INTERNAL', 'x.bug', 'secret detail'),
      'a string',
    ]) {
      const mapped = toMlflowError(error, (e) => logged.push(e));
      assert.equal(mapped.status, 500);
      assert.equal(mapped.body.error_code, 'INTERNAL_ERROR');
      assert.doesNotMatch(mapped.body.message, /secret|SQLITE/);
    }
    assert.equal(logged.length, 3);
  });
});
