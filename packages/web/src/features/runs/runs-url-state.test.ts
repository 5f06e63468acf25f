import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Run } from '@cairn/sdk';
import {
  cellValue,
  columnKeys,
  compareHref,
  defaultColumns,
  nextSort,
  orderByFor,
  parseRunsState,
  runsStateSearch,
  toggleSelected,
  visibleRange,
} from './runs-url-state.ts';

function run(runId: string, data: Partial<Run['data']>): Run {
  return {
    info: {
      runId,
      runName: runId,
      experimentId: '1',
      userId: 'u',
      status: 'FINISHED',
      startTime: 0,
      endTime: null,
      artifactUri: '',
      lifecycleStage: 'active',
    },
    data: { metrics: [], params: [], tags: [], ...data },
    inputs: { datasetInputs: [], modelInputs: [] },
    outputs: { modelOutputs: [] },
  };
}

describe('runs URL state', () => {
  it('round-trips filter, sort, columns and selection through the query', () => {
    const state = {
      filter: "metrics.acc > 0.9 and params.lr = '0.1'",
      sort: { key: 'metrics.val/loss', desc: false },
      columns: ['metrics.acc', 'params.lr', 'tags.team'],
      selected: ['r1', 'r2'],
    };
    const search = runsStateSearch(state);
    assert.deepEqual(parseRunsState(search), state);
    assert.match(search, /sel=r1%2Cr2/);
  });

  it('reads an empty query as defaults and keeps an explicit empty column choice', () => {
    assert.deepEqual(parseRunsState(''), {
      filter: '',
      sort: undefined,
      columns: undefined,
      selected: [],
    });
    assert.equal(runsStateSearch(parseRunsState('')), '');
    const none = runsStateSearch({ filter: '', sort: undefined, columns: [], selected: [] });
    assert.deepEqual(parseRunsState(none).columns, []);
  });

  it('drops malformed column ids and duplicate selections', () => {
    const state = parseRunsState('?col=metrics.acc&col=bogus&col=attributes.x&sel=a,a,b,');
    assert.deepEqual(state.columns, ['metrics.acc']);
    assert.deepEqual(state.selected, ['a', 'b']);
  });

  it('cycles a header sort desc → asc → none, and a new column starts desc', () => {
    const desc = nextSort(undefined, 'metrics.acc');
    assert.deepEqual(desc, { key: 'metrics.acc', desc: true });
    const asc = nextSort(desc, 'metrics.acc');
    assert.deepEqual(asc, { key: 'metrics.acc', desc: false });
    assert.equal(nextSort(asc, 'metrics.acc'), undefined);
    assert.deepEqual(nextSort(asc, 'params.lr'), { key: 'params.lr', desc: true });
  });

  it('writes orderBy in the filter grammar, quoting keys that are not identifiers', () => {
    assert.equal(orderByFor(undefined), undefined);
    assert.deepEqual(orderByFor({ key: 'metrics.acc', desc: true }), ['metrics.acc DESC']);
    assert.deepEqual(orderByFor({ key: 'metrics.val/loss', desc: false }), [
      'metrics.`val/loss` ASC',
    ]);
    assert.deepEqual(orderByFor({ key: 'attributes.start_time', desc: true }), [
      'attributes.start_time DESC',
    ]);
  });
});

describe('runs table helpers', () => {
  const runs = [
    run('a', {
      metrics: [{ key: 'acc', value: 0.9, timestamp: 1, step: 1 }],
      params: [{ key: 'lr', value: '0.1' }],
      tags: [
        { key: 'team', value: 'x' },
        { key: 'mlflow.runName', value: 'a' },
      ],
    }),
    run('b', { metrics: [{ key: 'loss', value: 0.2, timestamp: 1, step: 1 }] }),
  ];

  it('collects column keys from the loaded page, without system tags', () => {
    const keys = columnKeys(runs);
    assert.deepEqual(keys, { params: ['lr'], metrics: ['acc', 'loss'], tags: ['team'] });
    assert.deepEqual(defaultColumns(keys), ['metrics.acc', 'metrics.loss', 'params.lr']);
  });

  it('reads cells by column id', () => {
    const [a, b] = runs;
    assert.ok(a !== undefined && b !== undefined);
    assert.equal(cellValue(a, 'metrics.acc'), 0.9);
    assert.equal(cellValue(a, 'params.lr'), '0.1');
    assert.equal(cellValue(a, 'tags.team'), 'x');
    assert.equal(cellValue(b, 'metrics.acc'), undefined);
    assert.equal(cellValue(a, 'nonsense'), undefined);
  });

  it('toggles selection and builds the compare link', () => {
    assert.deepEqual(toggleSelected(['a'], 'b'), ['a', 'b']);
    assert.deepEqual(toggleSelected(['a', 'b'], 'a'), ['b']);
    assert.equal(compareHref(['a', 'b']), '/compare?runs=a,b');
  });

  it('renders only the visible window of 10,000 rows plus overscan', () => {
    assert.deepEqual(visibleRange(0, 640, 32, 10_000), { start: 0, end: 30 });
    assert.deepEqual(visibleRange(32 * 5000, 640, 32, 10_000), { start: 4990, end: 5030 });
    assert.deepEqual(visibleRange(32 * 9990, 640, 32, 10_000), { start: 9980, end: 10_000 });
    assert.deepEqual(visibleRange(0, 640, 32, 0), { start: 0, end: 0 });
  });
});
