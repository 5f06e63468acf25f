import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRetryWindow } from './retry-window.ts';

describe('retry window', () => {
  it('gives a repeat within the window the first key, and a later repeat a new one', () => {
    let now = 1_000;
    const window = createRetryWindow({ windowMs: 600, maxEntries: 10, now: () => now });
    const first = window.keyFor('h');
    now += 599;
    assert.equal(window.keyFor('h'), first);
    assert.notEqual(window.keyFor('other'), first);
    now += 1;
    const later = window.keyFor('h');
    assert.notEqual(later, first);
    now += 100;
    assert.equal(window.keyFor('h'), later);
  });

  it('forgets the oldest sightings beyond its capacity', () => {
    let now = 0;
    const window = createRetryWindow({ windowMs: 1_000_000, maxEntries: 2, now: () => now });
    const a = window.keyFor('a');
    now += 1;
    window.keyFor('b');
    window.keyFor('c');
    now += 1;
    assert.notEqual(window.keyFor('a'), a);
  });
});
