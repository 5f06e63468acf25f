/**
 * What the comparison page shows, computed from the runs: which runs (`?runs=a,b,c`), the
 * params and latest metrics side by side with differing rows marked, the metric keys all
 * runs share (for overlaid charts), and the parallel-coordinates layout. Pure, for `node --test`.
 */

/** Enough runs to compare at a glance; more would make every table unreadable. */
export const MAX_COMPARED_RUNS = 50;

/** Distinct, non-empty run ids from the `runs` query value, in URL order. */
export function parseCompareRuns(search: string): string[] {
  const raw = new URLSearchParams(search).get('runs') ?? '';
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return [...new Set(ids)].slice(0, MAX_COMPARED_RUNS);
}

/** The minimal view of a run the comparison needs (the SDK's Run fits it). */
export interface ComparedRun {
  info: { runId: string; runName: string; startTime: number | null };
  data: {
    params: readonly { key: string; value: string }[];
    metrics: readonly { key: string; value: number }[];
  };
}

export interface CompareRow<T> {
  key: string;
  /** One cell per run, in run order; undefined where the run lacks the key. */
  values: (T | undefined)[];
  /** True when the runs do not all have the same value (a missing value counts as different). */
  differs: boolean;
}

function rowsOf<T>(
  runs: readonly ComparedRun[],
  pick: (run: ComparedRun) => readonly { key: string; value: T }[],
  same: (a: T, b: T) => boolean,
): CompareRow<T>[] {
  const keys = new Set<string>();
  const maps = runs.map((run) => {
    const map = new Map<string, T>();
    for (const entry of pick(run)) {
      map.set(entry.key, entry.value);
      keys.add(entry.key);
    }
    return map;
  });
  return [...keys]
    .sort((a, b) => a.localeCompare(b))
    .map((key) => {
      const values = maps.map((map) => map.get(key));
      const first = values[0];
      const differs = values.some((v) => v === undefined || first === undefined || !same(v, first));
      return { key, values, differs };
    });
}

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

export function paramRows(runs: readonly ComparedRun[]): CompareRow<string>[] {
  return rowsOf(
    runs,
    (run) => run.data.params,
    (a, b) => a === b,
  );
}

export function metricRows(runs: readonly ComparedRun[]): CompareRow<number>[] {
  return rowsOf(runs, (run) => run.data.metrics, sameNumber);
}

/** Metric keys every run has logged, sorted: the charts that can overlay all runs. */
export function sharedMetricKeys(runs: readonly ComparedRun[]): string[] {
  if (runs.length === 0) return [];
  const [first, ...rest] = runs.map((run) => new Set(run.data.metrics.map((m) => m.key)));
  return [...(first ?? [])]
    .filter((key) => rest.every((keys) => keys.has(key)))
    .sort((a, b) => a.localeCompare(b));
}

/** A param value as a number when the whole string is one (`"0.01"`, `"1e-3"`, `"64"`). */
export function numericValue(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Param keys numeric in every run that has them (and present in at least two runs). */
export function numericParamKeys(runs: readonly ComparedRun[]): string[] {
  return paramRows(runs)
    .filter((row) => {
      const present = row.values.filter((v) => v !== undefined);
      return present.length >= 2 && present.every((v) => numericValue(v) !== undefined);
    })
    .map((row) => row.key);
}

export interface ParallelAxis {
  key: string;
  /** Horizontal position of the axis line. */
  x: number;
  min: number;
  max: number;
  isMetric: boolean;
  /** Positive values spanning two decades or more (learning rates) are spread on log10. */
  log: boolean;
}

export interface ParallelLine {
  runIndex: number;
  /** SVG path; a run lacking a value on some axis is broken there (separate segments). */
  d: string;
  /** The chosen metric's value, for colouring; undefined when the run lacks it. */
  metric: number | undefined;
}

export interface ParallelLayout {
  axes: ParallelAxis[];
  lines: ParallelLine[];
  top: number;
  bottom: number;
}

/**
 * Axes left to right: one per numeric param, then the chosen metric. Each axis maps its own
 * [min, max] onto [bottom, top]; a constant axis puts every run in its middle.
 */
export function parallelLayout(
  columns: readonly { key: string; values: readonly (number | undefined)[]; isMetric: boolean }[],
  runCount: number,
  size: { width: number; height: number; margin: number },
): ParallelLayout {
  const { width, height, margin } = size;
  const top = margin;
  const bottom = height - margin;
  const span = Math.max(1, columns.length - 1);
  const axes = columns.map((column, i) => {
    const finite = column.values.filter((v): v is number => v !== undefined && Number.isFinite(v));
    const min = finite.length > 0 ? Math.min(...finite) : 0;
    const max = finite.length > 0 ? Math.max(...finite) : 0;
    const x = columns.length === 1 ? width / 2 : margin + ((width - 2 * margin) * i) / span;
    const log = min > 0 && max / min >= 100;
    return { key: column.key, x, min, max, isMetric: column.isMetric, log };
  });
  const yOf = (axis: ParallelAxis, v: number) => {
    if (axis.max === axis.min) return (top + bottom) / 2;
    const t = axis.log
      ? Math.log10(v / axis.min) / Math.log10(axis.max / axis.min)
      : (v - axis.min) / (axis.max - axis.min);
    return bottom - t * (bottom - top);
  };
  const metricColumn = columns.find((c) => c.isMetric);
  const lines: ParallelLine[] = [];
  for (let r = 0; r < runCount; r++) {
    let d = '';
    let pen = false;
    columns.forEach((column, i) => {
      const v = column.values[r];
      const axis = axes[i] as ParallelAxis;
      if (v === undefined || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${round(axis.x)},${round(yOf(axis, v))}`;
      pen = true;
    });
    lines.push({ runIndex: r, d, metric: metricColumn?.values[r] });
  }
  return { axes, lines, top, bottom };
}

const round = (v: number) => Math.round(v * 10) / 10;

/** A colour from blue (lowest metric) to red (highest), grey when the run has no value. */
export function metricColor(value: number | undefined, min: number, max: number): string {
  if (value === undefined || !Number.isFinite(value)) return '#8b949e';
  const t = max === min ? 0.5 : (value - min) / (max - min);
  const hue = Math.round(220 - 220 * Math.min(1, Math.max(0, t)));
  return `hsl(${hue} 75% 50%)`;
}
