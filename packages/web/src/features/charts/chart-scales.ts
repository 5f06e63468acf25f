/**
 * Scales and axis ticks for the canvas charts. Pure (no DOM) so `node --test` covers them.
 */

export interface Scale {
  (value: number): number;
  readonly kind: 'linear' | 'log';
  invert(pixel: number): number;
  /** Tick values inside the domain, "nice" (1, 2 or 5 × 10^k apart; powers of ten on log). */
  ticks(count: number): number[];
}

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the range's middle. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) =>
    span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0)) as Scale;
  Object.assign(scale, { kind: 'linear' });
  scale.invert = (pixel: number) => (r1 === r0 ? d0 : d0 + ((pixel - r0) / (r1 - r0)) * span);
  scale.ticks = (count: number) => niceTicks(d0, d1, count);
  return scale;
}

/** Log10 scale for positive domains; non-positive values map to NaN (the chart skips them). */
export function logScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  const inner = linearScale([Math.log10(d0), Math.log10(d1)], range);
  const scale = ((value: number) => (value > 0 ? inner(Math.log10(value)) : NaN)) as Scale;
  Object.assign(scale, { kind: 'log' });
  scale.invert = (pixel: number) => 10 ** inner.invert(pixel);
  scale.ticks = (count: number) => logTicks(d0, d1, count);
  return scale;
}

/** A 1/2/5 × 10^k step giving about `count` intervals over [min, max]. */
export function niceStep(min: number, max: number, count: number): number {
  const span = Math.abs(max - min);
  if (!(span > 0) || !Number.isFinite(span)) return 0;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export function niceTicks(min: number, max: number, count: number): number[] {
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const step = niceStep(lo, hi, count);
  if (step === 0) return Number.isFinite(lo) ? [lo] : [];
  const ticks: number[] = [];
  // Indices rather than repeated addition, so 0.1 + 0.2 drift never shows up as a label.
  for (let i = Math.ceil(lo / step); i * step <= hi + step * 1e-9; i++) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

/** Powers of ten within [min, max] (thinned to about `count`); at least the ends' decades. */
export function logTicks(min: number, max: number, count: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  const lo = Math.ceil(Math.log10(Math.min(min, max)) - 1e-9);
  const hi = Math.floor(Math.log10(Math.max(min, max)) + 1e-9);
  if (hi < lo) return niceTicks(min, max, count);
  const every = Math.max(1, Math.ceil((hi - lo + 1) / Math.max(1, count)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += every) ticks.push(Number((10 ** e).toPrecision(12)));
  return ticks;
}

/**
 * [min, max] of the finite values (positive only when `positiveOnly`, for log axes), padded
 * when all values are equal so a flat line is drawn in the middle; undefined when none.
 */
export function extentOf(
  values: Iterable<number>,
  positiveOnly = false,
): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return undefined;
  if (min === max) {
    if (positiveOnly) return [min / 10, max * 10];
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return [min - pad, max + pad];
  }
  return [min, max];
}

/** Index of the point whose x is nearest to `x` in ascending `xs` (binary search); -1 if empty. */
/**
 * `extent` widened by `fraction` of its span on each side, so the highest and lowest points
 * (a spike is often the point of interest) are drawn inside the plot, not on its border.
 */
export function withHeadroom(extent: [number, number], fraction = 0.04): [number, number] {
  const pad = (extent[1] - extent[0]) * fraction;
  return [extent[0] - pad, extent[1] + pad];
}

export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((xs[lo - 1] as number) - x) <= Math.abs((xs[lo] as number) - x)) {
    return lo - 1;
  }
  return lo;
}
