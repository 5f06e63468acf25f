/**
 * One experiment's runs: server-side search (the filter goes to the server verbatim and its
 * parse errors show inline), sortable columns, a column chooser, selection for comparison.
 * Filter, sort, columns and selection live in the URL; loaded pages do not.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { Run } from '@cairn/sdk';
import { errorMessage } from '../../app/api-client.ts';
import { useCairn } from '../../app/auth-context.tsx';
import { navigate, useLocation } from '../../app/router.tsx';
import { markAfterPaint } from '../../app/perf-marks.ts';
import { useAsync } from '../../app/use-async.ts';
import { ColumnChooser } from './column-chooser.tsx';
import { RunsTable } from './runs-table.tsx';
import {
  columnKeys,
  compareHref,
  defaultColumns,
  nextSort,
  orderByFor,
  parseRunsState,
  runsStateSearch,
  toggleSelected,
} from './runs-url-state.ts';
import type { RunsViewState } from './runs-url-state.ts';

const PAGE_SIZE = 1000;

interface Loaded {
  runs: Run[];
  nextPageToken: string | undefined;
  loadingMore: boolean;
  /** A failed "Load more": shown beside the button, the loaded rows stay. */
  moreError: string | undefined;
}

type LoadState =
  { kind: 'loading' } | { kind: 'failed'; message: string } | ({ kind: 'ready' } & Loaded);

export function RunsPage({ experimentId }: { experimentId: string }) {
  const { client } = useCairn();
  const { pathname, search } = useLocation();
  const state = parseRunsState(search);
  const [draft, setDraft] = useState(state.filter);
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [choosing, setChoosing] = useState(false);
  const experiment = useAsync(() => client.experiments.get(experimentId), [client, experimentId]);

  const update = (patch: Partial<RunsViewState>, replace = true) =>
    navigate(pathname + runsStateSearch({ ...state, ...patch }), { replace });

  const sortKey = state.sort === undefined ? '' : `${state.sort.key} ${state.sort.desc}`;
  // The box shows the applied filter again after back/forward or a link, not after a sort.
  useEffect(() => setDraft(state.filter), [state.filter]);

  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    client.runs
      .search({
        experimentIds: [experimentId],
        filter: state.filter === '' ? undefined : state.filter,
        orderBy: orderByFor(state.sort),
        maxResults: PAGE_SIZE,
      })
      .then(
        (page) => {
          if (live) {
            setLoad({
              kind: 'ready',
              runs: page.items,
              nextPageToken: page.nextPageToken,
              loadingMore: false,
              moreError: undefined,
            });
          }
        },
        (error: unknown) => {
          if (live) setLoad({ kind: 'failed', message: errorMessage(error) });
        },
      );
    return () => {
      live = false;
    };
    // The sort object is rebuilt each render; its string form is the real dependency.
  }, [client, experimentId, state.filter, sortKey]);

  const loadMore = () => {
    if (load.kind !== 'ready' || load.nextPageToken === undefined) return;
    const before = load;
    setLoad({ ...before, loadingMore: true, moreError: undefined });
    client.runs
      .search({
        experimentIds: [experimentId],
        filter: state.filter === '' ? undefined : state.filter,
        orderBy: orderByFor(state.sort),
        maxResults: PAGE_SIZE,
        pageToken: before.nextPageToken,
      })
      .then(
        (page) =>
          setLoad({
            kind: 'ready',
            runs: [...before.runs, ...page.items],
            nextPageToken: page.nextPageToken,
            loadingMore: false,
            moreError: undefined,
          }),
        (error: unknown) =>
          setLoad({ ...before, loadingMore: false, moreError: errorMessage(error) }),
      );
  };

  const runs = load.kind === 'ready' ? load.runs : [];
  const firstRows = load.kind === 'ready' && load.runs.length > 0;
  useEffect(() => {
    if (firstRows) markAfterPaint('cairn:runs-table-painted', { rows: runs.length });
    // Once per load that brings rows (a filter or sort change is a new load), not per render.
  }, [firstRows]);
  const keys = useMemo(() => columnKeys(runs), [runs]);
  const columns = state.columns ?? defaultColumns(keys);

  const applyFilter = (event: FormEvent) => {
    event.preventDefault();
    update({ filter: draft.trim() }, false);
  };

  const compareReason =
    state.selected.length < 2 ? 'Select at least two runs to compare them.' : undefined;

  return (
    <section>
      <h1 data-testid="experiment-title">
        {experiment.status === 'ready' ? experiment.value.name : `Experiment ${experimentId}`}
      </h1>
      <form className="toolbar" onSubmit={applyFilter} role="search">
        <label className="grow">
          Filter runs
          <input
            name="filter"
            value={draft}
            placeholder="metrics.accuracy > 0.9 and params.lr = '0.01'"
            onChange={(event) => setDraft(event.target.value)}
            data-testid="runs-filter"
          />
        </label>
        <button type="submit" data-testid="runs-filter-apply">
          Apply
        </button>
        <button
          type="button"
          aria-expanded={choosing}
          aria-controls="column-chooser"
          onClick={() => setChoosing(!choosing)}
          data-testid="columns-button"
        >
          Columns
        </button>
        <button
          type="button"
          className="primary"
          disabled={compareReason !== undefined}
          title={compareReason}
          aria-describedby={compareReason === undefined ? undefined : 'compare-reason'}
          onClick={() => navigate(compareHref(state.selected))}
          data-testid="compare-button"
        >
          Compare ({state.selected.length})
        </button>
        {compareReason !== undefined && (
          <span id="compare-reason" className="muted">
            {compareReason}
          </span>
        )}
        {state.selected.length > 0 && (
          <button type="button" onClick={() => update({ selected: [] })}>
            Clear selection
          </button>
        )}
      </form>
      {choosing && (
        <ColumnChooser
          keys={keys}
          chosen={columns}
          onChange={(next) => update({ columns: next })}
        />
      )}
      {load.kind === 'loading' && <p role="status">Loading runs…</p>}
      {load.kind === 'failed' && (
        <p className="error" role="alert" data-testid="runs-error">
          {load.message}
        </p>
      )}
      {load.kind === 'ready' && (
        <>
          <p className="muted" data-testid="runs-count" role="status">
            {load.runs.length} run{load.runs.length === 1 ? '' : 's'} loaded
            {load.nextPageToken === undefined ? '' : ' — more match'}
          </p>
          <RunsTable
            runs={load.runs}
            columns={columns}
            sort={state.sort}
            selected={state.selected}
            onSort={(key) => update({ sort: nextSort(state.sort, key) }, false)}
            onToggle={(runId) => update({ selected: toggleSelected(state.selected, runId) })}
            onToggleAll={(select) =>
              update({ selected: select ? load.runs.map((run) => run.info.runId) : [] })
            }
          />
          {load.nextPageToken !== undefined && (
            <button
              type="button"
              onClick={loadMore}
              disabled={load.loadingMore}
              data-testid="runs-load-more"
            >
              {load.loadingMore ? 'Loading…' : `Load ${PAGE_SIZE} more`}
            </button>
          )}
          {load.moreError !== undefined && (
            <p className="error" role="alert" data-testid="runs-more-error">
              {load.moreError}
            </p>
          )}
        </>
      )}
    </section>
  );
}
