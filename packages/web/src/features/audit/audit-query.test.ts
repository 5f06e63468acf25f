import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditQueryFromUrl, parseUtcInput } from './audit-query.ts';

const at = (iso: string) => Date.parse(iso);

describe('parseUtcInput', () => {
  it('reads minutes and seconds as UTC, an upper bound to the end of its minute or second', () => {
    assert.equal(parseUtcInput('2026-11-27T06:30', false), at('2026-11-27T06:30:00.000Z'));
    assert.equal(parseUtcInput('2026-11-27T06:30', true), at('2026-11-27T06:30:59.999Z'));
    assert.equal(parseUtcInput('2026-11-27T06:30:15', true), at('2026-11-27T06:30:15.999Z'));
  });

  it('refuses what is not a real date and time', () => {
    for (const text of ['', 'yesterday', '2026-02-31T10:00', '2026-11-27T25:00', '1700000000000']) {
      assert.equal(parseUtcInput(text, false), undefined, text);
    }
  });
});

describe('auditQueryFromUrl', () => {
  it('reads newest first by default, oldest first with order=asc', () => {
    assert.deepEqual(auditQueryFromUrl(new URLSearchParams(''), 50), {
      ok: true,
      query: { maxResults: 50, order: 'desc' },
    });
    const asc = auditQueryFromUrl(new URLSearchParams('order=asc'), 50);
    assert.equal(asc.ok && asc.query.order, 'asc');
  });

  it('carries the filters, the time range and the page token, leaving out empty ones', () => {
    const params = new URLSearchParams(
      'actor=alice&entityType=&type=registry.alias.set&since=2026-11-27T06:00&until=2026-11-27T07:00&page=abc',
    );
    assert.deepEqual(auditQueryFromUrl(params, 20), {
      ok: true,
      query: {
        maxResults: 20,
        order: 'desc',
        actor: 'alice',
        type: 'registry.alias.set',
        since: at('2026-11-27T06:00:00.000Z'),
        until: at('2026-11-27T07:00:59.999Z'),
        pageToken: 'abc',
      },
    });
  });

  it('explains a bad time or a reversed range instead of asking the server', () => {
    assert.deepEqual(auditQueryFromUrl(new URLSearchParams('since=soon'), 50), {
      ok: false,
      message: 'From (UTC) is not a date and time: soon',
    });
    const reversed = new URLSearchParams('since=2026-11-27T08:00&until=2026-11-27T07:00');
    assert.deepEqual(auditQueryFromUrl(reversed, 50), {
      ok: false,
      message: 'The time range ends before it starts.',
    });
  });
});
