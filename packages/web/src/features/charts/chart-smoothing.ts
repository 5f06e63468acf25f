/**
 * Exponential moving average as TensorBoard and MLflow draw it: `s = w·s + (1−w)·v`, divided
 * by `1 − w^n` so the start is not pulled towards zero. Pure, for `node --test`.
 */

/** Largest weight the slider offers; at 1 the line would never move. */
export const MAX_SMOOTHING = 0.99;

/**
 * Smoothed copy of `values` for weight `weight` in [0, MAX_SMOOTHING] (0 = unchanged).
 * Non-finite values pass through as they are and do not disturb the average.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), MAX_SMOOTHING);
  if (w === 0) return values.slice();
  const out = new Array<number>(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    n++;
    out[i] = last / (1 - w ** n);
  }
  return out;
}
