/**
 * Paints one chart on a 2D canvas context: grid, axis labels and a polyline per series. Kept
 * apart from the React component so drawing is one plain function of its inputs.
 */
import { formatDuration, formatTick, formatValue, formatWallTime } from './chart-format.ts';
import type { Scale } from './chart-scales.ts';
import type { XMode } from './chart-view-state.ts';

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface DrawSeries {
  color: string;
  xs: readonly number[];
  /** The raw values; drawn faint when `smoothed` is given. */
  ys: readonly number[];
  smoothed?: readonly number[] | undefined;
}

export interface DrawInput {
  width: number;
  height: number;
  area: PlotArea;
  x: Scale;
  y: Scale;
  xMode: XMode;
  series: readonly DrawSeries[];
  /** Text and grid colours, read from CSS so both themes work. */
  ink: string;
  grid: string;
}

/** Label for an x value in the current mode, as the axis and the tooltip show it. */
export function formatX(value: number, mode: XMode, step: number, span: number): string {
  if (mode === 'time') return formatWallTime(value, span);
  if (mode === 'relative') return formatDuration(value);
  return formatTick(value, step);
}

export function drawChart(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { width, height, area, x, y, ink, grid } = input;
  ctx.clearRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;

  const yTicks = y.ticks(Math.max(2, Math.floor((area.bottom - area.top) / 40)));
  const yStep = yTicks.length > 1 ? Math.abs((yTicks[1] as number) - (yTicks[0] as number)) : 0;
  ctx.strokeStyle = grid;
  ctx.fillStyle = ink;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of yTicks) {
    const py = Math.round(y(tick)) + 0.5;
    if (!Number.isFinite(py)) continue;
    ctx.beginPath();
    ctx.moveTo(area.left, py);
    ctx.lineTo(area.right, py);
    ctx.stroke();
    // Decade ticks have no common step; their own value is the right label.
    const label = y.kind === 'log' ? formatValue(tick) : formatTick(tick, yStep);
    ctx.fillText(label, area.left - 6, py);
  }

  const [x0, x1] = [x.invert(area.left), x.invert(area.right)];
  const xTicks = x.ticks(Math.max(2, Math.floor((area.right - area.left) / 90)));
  const xStep = xTicks.length > 1 ? (xTicks[1] as number) - (xTicks[0] as number) : 0;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of xTicks) {
    const px = Math.round(x(tick)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
    ctx.fillText(formatX(tick, input.xMode, xStep, x1 - x0), px, area.bottom + 6);
  }

  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
  ctx.clip();
  ctx.lineJoin = 'round';
  for (const s of input.series) {
    if (s.smoothed !== undefined) {
      ctx.globalAlpha = 0.25;
      polyline(ctx, s.xs, s.ys, x, y, s.color, 1);
      ctx.globalAlpha = 1;
      polyline(ctx, s.xs, s.smoothed, x, y, s.color, 1.75);
    } else {
      polyline(ctx, s.xs, s.ys, x, y, s.color, 1.5);
    }
  }
  ctx.restore();
}

/** One path per run; a NaN (or a non-positive value on a log axis) breaks the line there. */
function polyline(
  ctx: CanvasRenderingContext2D,
  xs: readonly number[],
  ys: readonly number[],
  x: Scale,
  y: Scale,
  color: string,
  lineWidth: number,
): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  let drawing = false;
  for (let i = 0; i < xs.length; i++) {
    const px = x(xs[i] as number);
    const py = y(ys[i] as number);
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      drawing = false;
      continue;
    }
    if (drawing) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    drawing = true;
  }
  ctx.stroke();
  // A lone point between gaps would draw nothing; mark single-point series with a dot.
  if (xs.length === 1) {
    const px = x(xs[0] as number);
    const py = y(ys[0] as number);
    if (Number.isFinite(px) && Number.isFinite(py)) {
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(px, py, 2.5, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}
