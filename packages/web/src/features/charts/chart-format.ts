/**
 * Labels for axis ticks and tooltips. Pure, for `node --test`.
 */

/** A tick label precise enough to tell neighbours `step` apart, compact for big and tiny values. */
export function formatTick(value: number, step: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(Math.max(0, precisionOf(step, value)));
  const decimals = step > 0 ? Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) : 2;
  return value.toFixed(Math.min(decimals, 10));
}

function precisionOf(step: number, value: number): number {
  if (!(step > 0)) return 2;
  const digits = Math.floor(Math.log10(Math.abs(value))) - Math.floor(Math.log10(step));
  return Math.min(6, Math.max(0, digits));
}

/** A metric value for tooltips and tables: up to 6 significant digits, no trailing zeros. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

/** A duration in ms as `1h 02m`, `3m 05s`, `12.5s` or `250ms` (relative-time axis). */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 60_000) return `${sign}${Number((abs / 1000).toPrecision(3))}s`;
  const totalSeconds = Math.round(abs / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${sign}${hours}h ${pad(minutes)}m`;
  return `${sign}${minutes}m ${pad(seconds)}s`;
}

/** Wall-clock time for the time axis: `HH:MM:SS` in UTC, with the date when the span exceeds a day. */
export function formatWallTime(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  const time = spanMs < 60_000 ? iso.slice(11, 23) : iso.slice(11, 19);
  return spanMs > 86_400_000 ? `${iso.slice(0, 10)} ${time.slice(0, 5)}` : time;
}
