import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CairnError } from '../kernel/index.ts';
import { decodePageToken, encodePageToken, resolvePageSize, toPage } from './page-token.ts';

function invalid(fn: () => unknown, code: string, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CairnError, String(error));
    assert.equal(error.category, 'INVALID_ARGUMENT');
    assert.equal(error.code, code);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

describe('page tokens', () => {
  it('round-trips offsets through an opaque url-safe token', () => {
    for (const offset of [0, 1, 1000, 49_999, Number.MAX_SAFE_INTEGER]) {
      const token = encodePageToken(offset);
      assert.match(token, /^[A-Za-z0-9_-]+$/);
      assert.equal(decodePageToken(token), offset);
    }
  });
  it('reads an absent or empty token as the first page', () => {
    assert.equal(decodePageToken(undefined), 0);
    assert.equal(decodePageToken(''), 0);
  });
  it('rejects garbage with INVALID_ARGUMENT', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    for (const token of [
      'not a token',
      'abc$',
      b64('not json'),
      b64('{"offset":-1}'),
      b64('{"offset":1.5}'),
      b64('{"offset":"3"}'),
      b64('{"other":3}'),
      b64('null'),
      b64('[]'),
      'a'.repeat(600),
    ]) {
      invalid(() => decodePageToken(token), 'tracking.invalid_page_token');
    }
  });
});

describe('resolvePageSize', () => {
  it('uses the default when absent and accepts 1..max', () => {
    assert.equal(resolvePageSize(undefined, 1000, 50_000), 1000);
    assert.equal(resolvePageSize(1, 1000, 50_000), 1);
    assert.equal(resolvePageSize(50_000, 1000, 50_000), 50_000);
  });
  it('rejects zero, negatives, fractions and values over the cap', () => {
    invalid(
      () => resolvePageSize(0, 1000, 50_000),
      'tracking.invalid_max_results',
      /positive integer/,
    );
    invalid(() => resolvePageSize(-5, 1000, 50_000), 'tracking.invalid_max_results');
    invalid(() => resolvePageSize(2.5, 1000, 50_000), 'tracking.invalid_max_results');
    invalid(
      () => resolvePageSize(50_001, 1000, 50_000),
      'tracking.invalid_max_results',
      /at most 50000/,
    );
  });
});

describe('toPage', () => {
  it('gives a next token only when a row beyond the page was fetched', () => {
    assert.deepEqual(toPage([1, 2], 0, 2), { items: [1, 2] });
    const page = toPage([1, 2, 3], 10, 2);
    assert.deepEqual(page.items, [1, 2]);
    assert.equal(decodePageToken(page.nextPageToken), 12);
  });
});
