/**
 * The runs table's state, all of it in the URL query so a view can be shared: `filter` (the
 * MLflow filter grammar, passed to the server verbatim), `sort` + `dir`, repeated `col` for the
 * chosen param/metric/tag columns, `sel` for selected run IDs. Pure, for `node --test`.
 */
import type { Run } from '@cairn/sdk';

export type ColumnGroup = 'params' | 'metrics' | 'tags';

/** A sortable column: an attribute (`attributes.start_time`) or `<group>.<key>`. */
export interface RunsSort {
  key: string;
  desc: boolean;
}

export interface RunsViewState {
  filter: string;
  sort: RunsSort | undefined;
  /** `<group>.<key>` ids; undefined when the URL names none (the defaults apply). */
  columns: string[] | undefined;
  selected: string[];
}

export const ATTRIBUTE_COLUMNS = [
  { id: 'attributes.run_name', label: 'Run' },
  { id: 'attributes.status', label: 'Status' },
  { id: 'attributes.start_time', label: 'Started' },
  { id: 'attributes.user_id', label: 'User' },
] as const;

const DEFAULT_COLUMN_LIMIT = 12;

export function parseRunsState(search: string): RunsViewState {
  const query = new URLSearchParams(search);
  const sortKey = query.get('sort') ?? '';
  const columns = query.getAll('col').filter((id) => parseColumnId(id) !== undefined);
  const selected = (query.get('sel') ?? '').split(',').filter((id) => id !== '');
  return {
    filter: query.get('filter') ?? '',
    sort: sortKey === '' ? undefined : { key: sortKey, desc: query.get('dir') !== 'asc' },
    columns: query.has('col') ? columns : undefined,
    selected: [...new Set(selected)],
  };
}

/** The query string for `state` (with a leading `?`, or '' when everything is default). */
export function runsStateSearch(state: RunsViewState): string {
  const query = new URLSearchParams();
  if (state.filter !== '') query.set('filter', state.filter);
  if (state.sort !== undefined) {
    query.set('sort', state.sort.key);
    query.set('dir', state.sort.desc ? 'desc' : 'asc');
  }
  if (state.columns !== undefined) {
    // An explicit empty choice must survive a reload, so it is written as one empty `col`.
    if (state.columns.length === 0) query.append('col', '');
    for (const id of state.columns) query.append('col', id);
  }
  if (state.selected.length > 0) query.set('sel', state.selected.join(','));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** Clicking a header: a new column sorts descending, the same column flips, then clears. */
export function nextSort(current: RunsSort | undefined, key: string): RunsSort | undefined {
  if (current?.key !== key) return { key, desc: true };
  return current.desc ? { key, desc: false } : undefined;
}

function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key.replace(/`/g, '')}\``;
}

/** The SDK's `orderBy` for `sort` (`metrics.\`val/loss\` DESC`). */
export function orderByFor(sort: RunsSort | undefined): string[] | undefined {
  if (sort === undefined) return undefined;
  const dot = sort.key.indexOf('.');
  const field = `${sort.key.slice(0, dot)}.${quoteKey(sort.key.slice(dot + 1))}`;
  return [`${field} ${sort.desc ? 'DESC' : 'ASC'}`];
}

export function parseColumnId(id: string): { group: ColumnGroup; key: string } | undefined {
  const dot = id.indexOf('.');
  const group = id.slice(0, dot);
  const key = id.slice(dot + 1);
  if (dot <= 0 || key === '') return undefined;
  if (group !== 'params' && group !== 'metrics' && group !== 'tags') return undefined;
  return { group, key };
}

/** Every param, metric and tag key present in `runs`, sorted, per group. */
export function columnKeys(runs: readonly Run[]): Record<ColumnGroup, string[]> {
  const sets = { params: new Set<string>(), metrics: new Set<string>(), tags: new Set<string>() };
  for (const run of runs) {
    for (const p of run.data.params) sets.params.add(p.key);
    for (const m of run.data.metrics) sets.metrics.add(m.key);
    // System tags (mlflow.*, cairn.*) are noise as columns; they stay visible on the run page.
    for (const t of run.data.tags) if (!/^(mlflow|cairn)\./.test(t.key)) sets.tags.add(t.key);
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return { params: sorted(sets.params), metrics: sorted(sets.metrics), tags: sorted(sets.tags) };
}

/** Without a choice in the URL: the metrics, then the params, at most twelve. */
export function defaultColumns(keys: Record<ColumnGroup, string[]>): string[] {
  return [
    ...keys.metrics.map((key) => `metrics.${key}`),
    ...keys.params.map((key) => `params.${key}`),
  ].slice(0, DEFAULT_COLUMN_LIMIT);
}

/** The cell of `run` under column `id` (latest metric value, param or tag value). */
export function cellValue(run: Run, id: string): string | number | undefined {
  const column = parseColumnId(id);
  if (column === undefined) return undefined;
  const list: readonly { key: string; value: string | number }[] = run.data[column.group];
  return list.find((entry) => entry.key === column.key)?.value;
}

export function toggleSelected(selected: readonly string[], runId: string): string[] {
  return selected.includes(runId) ? selected.filter((id) => id !== runId) : [...selected, runId];
}

/** W2's comparison page for the selected runs. */
export function compareHref(selected: readonly string[]): string {
  return `/compare?runs=${selected.map(encodeURIComponent).join(',')}`;
}

/** The rows to render for a scroll position: the visible window plus `overscan` each side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan = 10,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + count + overscan);
  return { start, end: Math.max(start, end) };
}
