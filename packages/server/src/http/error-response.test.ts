import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { CairnError, ErrorCategory } from '@cairn/core';
import { respondWithError } from './error-response.ts';

function appThrowing(error: unknown): Hono {
  const app = new Hono();
  app.get('/boom', () => {
    throw error;
  });
  app.onError((err, c) => respondWithError(c, err));
  return app;
}

async function silenced<T>(fn: () => Promise<T>): Promise<{ result: T; logged: unknown[][] }> {
  const logged: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    return { result: await fn(), logged };
  } finally {
    console.error = original;
  }
}

describe('v1 error mapping', () => {
  const expected: [ErrorCategory, number][] = [
    [ErrorCategory.INVALID_ARGUMENT, 400],
    [ErrorCategory.FAILED_PRECONDITION, 400],
    [ErrorCategory.UNAUTHENTICATED, 401],
    [ErrorCategory.PERMISSION_DENIED, 403],
    [ErrorCategory.NOT_FOUND, 404],
    [ErrorCategory.ALREADY_EXISTS, 409],
    [ErrorCategory.RESOURCE_EXHAUSTED, 429],
    [ErrorCategory.UNAVAILABLE, 503],
  ];

  for (const [category, status] of expected) {
    it(`answers ${category} with ${status} and the error body`, async () => {
      const error = new CairnError(category, 'test.some_code', 'Something is off.', {
        details: { field: 'name' },
      });
      const response = await appThrowing(error).request('/boom');
      assert.equal(response.status, status);
      assert.deepEqual(await response.json(), {
        error: {
          code: 'test.some_code',
          category,
          message: 'Something is off.',
          details: { field: 'name' },
        },
      });
      const retryable = status === 429 || status === 503;
      assert.equal(response.headers.get('retry-after'), retryable ? '1' : null);
    });
  }

  it('answers a too-large RESOURCE_EXHAUSTED with 413 and omits absent details', async () => {
    const error = new CairnError(
      ErrorCategory.RESOURCE_EXHAUSTED,
      'artifacts.too_large',
      'Too big.',
    );
    const response = await appThrowing(error).request('/boom');
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), {
      error: { code: 'artifacts.too_large', category: 'RESOURCE_EXHAUSTED', message: 'Too big.' },
    });
  });

  it('logs unknown errors and INTERNAL ones, and answers a generic 500 without internals', async () => {
    for (const error of [
      new TypeError('secret internal detail at /srv/cairn/x.ts:12'),
      new CairnError(
        ErrorCategory.INTERNAL,
        'artifacts.blob_missing',
        'blob 1234 missing on /data',
      ),
    ]) {
      const { result: response, logged } = await silenced(async () =>
        appThrowing(error).request('/boom'),
      );
      assert.equal(response.status, 500);
      const text = await response.text();
      assert.deepEqual(JSON.parse(text), {
        error: {
          code: 'server.internal_error',
          category: 'INTERNAL',
          message: 'Internal server error. The details are in the server log.',
        },
      });
      assert.doesNotMatch(text, /secret|\/srv|\/data|blob 1234|at /);
      assert.equal(logged.length, 1);
      assert.ok(logged[0]?.includes(error));
    }
  });
});
