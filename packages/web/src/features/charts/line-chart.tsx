/**
 * A canvas line chart of several runs' series: sharp on high-DPI screens (the backing store
 * is scaled by devicePixelRatio), log or linear y, optional EMA smoothing, a hover tooltip
 * with each run's nearest value, and a legend whose entries hide or show a run.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { PointerEvent } from 'react';
import { drawChart, formatX } from './chart-draw.ts';
import type { PlotArea } from './chart-draw.ts';
import { formatValue } from './chart-format.ts';
import { extentOf, linearScale, logScale, nearestIndex, withHeadroom } from './chart-scales.ts';
import { emaSmooth } from './chart-smoothing.ts';
import type { XMode } from './chart-view-state.ts';

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  /** Ascending. */
  xs: number[];
  ys: number[];
}

export interface LineChartProps {
  title: string;
  series: ChartSeries[];
  xMode: XMode;
  yLog: boolean;
  smoothing: number;
  height?: number;
  /** Called with the plot width in device pixels (the server's bucket count). */
  onPixelWidth?: (pixels: number) => void;
  /** A fixed x range (a zoomed view); default: the series' own extent. */
  xDomain?: readonly [number, number] | undefined;
  /** Dragging across the plot asks for that x range; a double click asks to reset (undefined). */
  onZoom?: (range: [number, number] | undefined) => void;
}

const MARGIN = { left: 60, right: 12, top: 10, bottom: 26 };

interface Hover {
  left: number;
  xLabel: string;
  rows: { id: string; label: string; color: string; value: number; raw: number }[];
}

export function LineChart({
  title,
  series,
  xMode,
  yLog,
  smoothing,
  height = 240,
  onPixelWidth,
  xDomain,
  onZoom,
}: LineChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [hover, setHover] = useState<Hover | undefined>();
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>();

  // The plot width goes to the owner from the layout effect itself, not from a later effect:
  // its series request (sized by that width) then leaves in the task that mounted the chart
  // rather than a frame later.
  const reportWidth = useRef(onPixelWidth);
  reportWidth.current = onPixelWidth;
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box === null) return;
    const measure = () => {
      const measured = Math.floor(box.clientWidth);
      setWidth(measured);
      if (measured > 0) {
        const plot = Math.max(1, measured - MARGIN.left - MARGIN.right);
        reportWidth.current?.(Math.round(plot * (window.devicePixelRatio || 1)));
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  const shown = useMemo(() => {
    return series
      .filter((s) => !hidden.has(s.id))
      .map((s) => ({ ...s, smoothed: smoothing > 0 ? emaSmooth(s.ys, smoothing) : undefined }));
  }, [series, hidden, smoothing]);

  const scales = useMemo(() => {
    if (width === 0) return undefined;
    const area: PlotArea = {
      left: MARGIN.left,
      top: MARGIN.top,
      right: width - MARGIN.right,
      bottom: height - MARGIN.bottom,
    };
    const xExtent = xDomain ?? extentOf(shown.flatMap((s) => s.xs));
    const inView = (x: number) => xDomain === undefined || (x >= xDomain[0] && x <= xDomain[1]);
    const yExtent = extentOf(
      shown.flatMap((s) => s.ys.filter((_, i) => inView(s.xs[i] as number))),
      yLog,
    );
    if (xExtent === undefined || yExtent === undefined) return undefined;
    const x = linearScale(xExtent, [area.left, area.right]);
    const y = yLog
      ? logScale(yExtent, [area.bottom, area.top])
      : linearScale(withHeadroom(yExtent), [area.bottom, area.top]);
    return { area, x, y };
  }, [shown, width, height, yLog, xDomain]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (scales === undefined) {
      ctx.clearRect(0, 0, width, height);
      return;
    }
    const style = getComputedStyle(canvas);
    drawChart(ctx, {
      width,
      height,
      ...scales,
      xMode,
      series: shown,
      ink: style.color,
      grid: style.getPropertyValue('--border').trim() || 'rgba(128,128,128,0.3)',
    });
    // For the web benchmark and tests: when a chart with data was last painted.
    performance.mark('cairn:chart-drawn', {
      detail: { title, series: shown.length, points: shown.reduce((n, s) => n + s.xs.length, 0) },
    });
  }, [shown, scales, width, height, xMode, title]);

  const pixelOf = (event: PointerEvent<HTMLCanvasElement>) =>
    event.clientX - event.currentTarget.getBoundingClientRect().left;

  const onDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (onZoom === undefined || scales === undefined || event.button !== 0) return;
    const px = pixelOf(event);
    if (px < scales.area.left || px > scales.area.right) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ from: px, to: px });
  };

  const onUp = () => {
    if (drag === undefined || scales === undefined) return;
    setDrag(undefined);
    const lo = Math.max(scales.area.left, Math.min(drag.from, drag.to));
    const hi = Math.min(scales.area.right, Math.max(drag.from, drag.to));
    // A click is not a zoom; a few pixels of jitter neither.
    if (hi - lo >= 5) onZoom?.([scales.x.invert(lo), scales.x.invert(hi)]);
  };

  const onMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (scales === undefined) return;
    const px = pixelOf(event);
    if (drag !== undefined) setDrag({ ...drag, to: px });
    if (px < scales.area.left || px > scales.area.right) {
      setHover(undefined);
      return;
    }
    const xValue = scales.x.invert(px);
    let nearestX: number | undefined;
    const rows = shown.flatMap((s) => {
      // A run that ended earlier (or starts later) has no value here, not its last one.
      if (!(xValue >= (s.xs[0] as number) && xValue <= (s.xs.at(-1) as number))) return [];
      const i = nearestIndex(s.xs, xValue);
      if (i < 0) return [];
      const x = s.xs[i] as number;
      if (nearestX === undefined || Math.abs(x - xValue) < Math.abs(nearestX - xValue)) {
        nearestX = x;
      }
      const raw = s.ys[i] as number;
      return [{ id: s.id, label: s.label, color: s.color, raw, value: s.smoothed?.[i] ?? raw }];
    });
    if (nearestX === undefined) return;
    const [x0, x1] = [scales.x.invert(scales.area.left), scales.x.invert(scales.area.right)];
    // The nearest logged x, labelled exactly (a step is shown whole, not as 21.13).
    const label = xMode === 'step' ? String(nearestX) : formatX(nearestX, xMode, 0, x1 - x0);
    setHover({ left: px, xLabel: label, rows });
  };

  const toggle = (id: string) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const points = series.reduce((sum, s) => sum + s.xs.length, 0);
  return (
    <figure className="line-chart" data-testid="line-chart">
      <div className="line-chart-plot" ref={boxRef} style={{ height }}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`${title}: ${series.length} run${series.length === 1 ? '' : 's'}, ${points} points`}
          style={{ width: '100%', height }}
          onPointerMove={onMove}
          onPointerDown={onDown}
          onPointerUp={onUp}
          onPointerCancel={() => setDrag(undefined)}
          onDoubleClick={() => onZoom?.(undefined)}
          onPointerLeave={() => setHover(undefined)}
          data-testid="line-chart-canvas"
        />
        {scales === undefined && <p className="line-chart-empty">No values to plot.</p>}
        {drag !== undefined && (
          <div
            className="line-chart-selection"
            style={{ left: Math.min(drag.from, drag.to), width: Math.abs(drag.to - drag.from) }}
            aria-hidden
          />
        )}
        {hover !== undefined && (
          <>
            <div className="line-chart-crosshair" style={{ left: hover.left }} aria-hidden />
            <div
              className="line-chart-tooltip"
              role="status"
              data-testid="chart-tooltip"
              style={{
                left: hover.left > width / 2 ? undefined : hover.left + 12,
                right: hover.left > width / 2 ? width - hover.left + 12 : undefined,
              }}
            >
              <div className="line-chart-tooltip-x">{hover.xLabel}</div>
              {hover.rows.map((row) => (
                <div key={row.id}>
                  <span className="swatch" style={{ background: row.color }} /> {row.label}:{' '}
                  <strong>{formatValue(row.value)}</strong>
                  {smoothing > 0 && <span className="muted"> ({formatValue(row.raw)})</span>}
                </div>
              ))}
            </div>
          </>
        )}
      </div>
      <figcaption>
        <ul className="line-chart-legend" aria-label={`${title} legend`}>
          {series.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                aria-pressed={!hidden.has(s.id)}
                onClick={() => toggle(s.id)}
                title={hidden.has(s.id) ? 'Show this run' : 'Hide this run'}
                data-testid="chart-legend-item"
              >
                <span className="swatch" style={{ background: s.color }} /> {s.label}
              </button>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
