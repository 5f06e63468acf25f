import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateRunName } from './run-name.ts';

describe('generateRunName', () => {
  it('has the shape adjective-animal-number', () => {
    for (let i = 0; i < 200; i++) {
      const name = generateRunName();
      assert.match(name, /^[a-z]+-[a-z]+-\d{1,3}$/);
      const number = Number(name.split('-')[2]);
      assert.ok(number >= 0 && number <= 999);
    }
  });
  it('draws each part from the random source', () => {
    assert.equal(
      generateRunName(() => 0),
      'agile-albatross-0',
    );
    assert.equal(
      generateRunName((n) => n - 1),
      'zealous-zebra-999',
    );
  });
  it('varies between calls', () => {
    const names = new Set(Array.from({ length: 50 }, () => generateRunName()));
    assert.ok(names.size > 40, `only ${names.size} distinct names`);
  });
});
