/**
 * The runs grid. Rows are virtualized: only the visible window (plus overscan) is in the DOM,
 * with spacer rows standing in for the rest, so ten thousand loaded runs scroll smoothly.
 */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Run } from '@cairn/sdk';
import { formatDuration, formatTime, formatValue } from '../../app/format.ts';
import { Link, navigate } from '../../app/router.tsx';
import { cellValue, parseColumnId, visibleRange } from './runs-url-state.ts';
import type { RunsSort } from './runs-url-state.ts';

const ROW_HEIGHT = 32;

export interface RunsTableProps {
  runs: readonly Run[];
  columns: readonly string[];
  sort: RunsSort | undefined;
  selected: readonly string[];
  onSort: (key: string) => void;
  onToggle: (runId: string) => void;
  onToggleAll: (select: boolean) => void;
}

function runHref(run: Run): string {
  return `/runs/${encodeURIComponent(run.info.runId)}`;
}

function SortHeader(props: {
  id: string;
  label: string;
  sort: RunsSort | undefined;
  onSort: (key: string) => void;
}) {
  const active = props.sort?.key === props.id;
  const direction = active ? (props.sort?.desc === true ? 'descending' : 'ascending') : 'none';
  return (
    <th scope="col" aria-sort={direction} title={props.id}>
      <button
        type="button"
        className="sort-button"
        onClick={() => props.onSort(props.id)}
        data-testid={`sort-${props.id}`}
      >
        {props.label}
        {active ? (props.sort?.desc === true ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
}

/**
 * Each row's run link is its one tab stop (a link is what a screen reader should announce;
 * Enter on it opens the run); ArrowDown/ArrowUp move to the next or previous row's link.
 */
function moveFocus(event: KeyboardEvent<HTMLTableRowElement>): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  if (!(event.target instanceof HTMLAnchorElement)) return;
  const sibling =
    event.key === 'ArrowDown'
      ? event.currentTarget.nextElementSibling
      : event.currentTarget.previousElementSibling;
  const link = sibling?.querySelector<HTMLAnchorElement>('a[data-testid="run-link"]');
  if (link != null) {
    event.preventDefault();
    link.focus();
  }
}

export function RunsTable(props: RunsTableProps) {
  const { runs, columns, sort, selected, onSort, onToggle, onToggleAll } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);

  useEffect(() => {
    const element = scroller.current;
    if (element === null) return undefined;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const { start, end } = visibleRange(scrollTop, height, ROW_HEIGHT, runs.length);
  const allSelected = runs.length > 0 && runs.every((run) => selected.includes(run.info.runId));
  const span = 5 + columns.length;

  return (
    <div
      className="runs-scroller"
      ref={scroller}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      data-testid="runs-scroller"
    >
      <table className="data" data-testid="runs-table" aria-rowcount={runs.length + 1}>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all loaded runs"
                checked={allSelected}
                onChange={() => onToggleAll(!allSelected)}
                data-testid="select-all-runs"
              />
            </th>
            <SortHeader id="attributes.run_name" label="Run" sort={sort} onSort={onSort} />
            <SortHeader id="attributes.status" label="Status" sort={sort} onSort={onSort} />
            <SortHeader id="attributes.start_time" label="Started" sort={sort} onSort={onSort} />
            <th scope="col">Duration</th>
            {columns.map((id) => (
              <SortHeader
                key={id}
                id={id}
                label={parseColumnId(id)?.key ?? id}
                sort={sort}
                onSort={onSort}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {start > 0 && (
            <tr aria-hidden="true" style={{ height: start * ROW_HEIGHT }}>
              <td colSpan={span} />
            </tr>
          )}
          {runs.slice(start, end).map((run, offset) => {
            const { info } = run;
            const href = runHref(run);
            const isSelected = selected.includes(info.runId);
            const name = info.runName === '' ? info.runId : info.runName;
            return (
              <tr
                key={info.runId}
                className="clickable"
                aria-rowindex={start + offset + 2}
                aria-selected={isSelected}
                data-testid="run-row"
                data-run-id={info.runId}
                onKeyDown={moveFocus}
                onClick={(event) => {
                  const target = event.target as HTMLElement;
                  if (target.closest('a, input, button') === null) navigate(href);
                }}
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select run ${name}`}
                    checked={isSelected}
                    onChange={() => onToggle(info.runId)}
                    data-testid="run-select"
                  />
                </td>
                <td title={info.runId}>
                  <Link to={href} data-testid="run-link">
                    {name}
                  </Link>
                </td>
                <td className={`status-${info.status}`}>{info.status}</td>
                <td>{formatTime(info.startTime)}</td>
                <td className="num">
                  {info.startTime !== null && info.endTime !== null
                    ? formatDuration(info.endTime - info.startTime)
                    : ''}
                </td>
                {columns.map((id) => {
                  const value = cellValue(run, id);
                  return (
                    <td key={id} className={typeof value === 'number' ? 'num' : undefined}>
                      {formatValue(value)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {end < runs.length && (
            <tr aria-hidden="true" style={{ height: (runs.length - end) * ROW_HEIGHT }}>
              <td colSpan={span} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
