/** The 10-row table the analytics tests profile, validate and diff (numbers worked by hand). */
import type { FixtureTable } from './test-tables.ts';

export const PEOPLE: FixtureTable = {
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'x', type: 'float' },
    { name: 'label', type: 'string' },
    { name: 'flag', type: 'boolean' },
    { name: 'day', type: 'date' },
  ],
  rows: [
    [1, 2.5, 'a', true, '2024-01-01'],
    [2, 4.5, 'b', false, '2024-01-02'],
    [3, 4.5, 'a', true, '2024-01-03'],
    [4, 4.5, 'a', null, '2024-01-04'],
    [5, 5.5, 'c', true, '2024-01-05'],
    [6, 5.5, 'b', false, '2024-01-06'],
    [7, 7.5, 'a', true, '2024-01-07'],
    [8, 9.5, null, true, '2024-01-08'],
    [9, null, 'a', false, '2024-01-09'],
    [10, null, 'b', true, '2024-01-10'],
  ],
};
