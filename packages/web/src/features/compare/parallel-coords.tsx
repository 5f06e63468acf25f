/**
 * Parallel coordinates as SVG: one vertical axis per numeric param plus the chosen metric
 * on the right, one line per run coloured by that metric (blue low, red high).
 */
import { formatValue } from '../charts/chart-format.ts';
import { metricColor, parallelLayout } from './compare-model.ts';

export interface ParallelColumn {
  key: string;
  values: (number | undefined)[];
  isMetric: boolean;
}

export function ParallelCoords({
  columns,
  runLabels,
}: {
  columns: ParallelColumn[];
  runLabels: string[];
}) {
  const width = Math.max(480, columns.length * 140);
  const height = 320;
  const layout = parallelLayout(columns, runLabels.length, { width, height, margin: 36 });
  const metric = layout.axes.find((a) => a.isMetric);
  const params = columns.filter((c) => !c.isMetric).map((c) => c.key);
  return (
    <svg
      className="parallel-coords"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: width }}
      role="img"
      aria-label={`Parallel coordinates of ${params.join(', ')} against ${metric?.key ?? 'no metric'}`}
      data-testid="parallel-coords"
    >
      {layout.axes.map((axis) => (
        <g key={axis.key} data-testid="parallel-axis" data-key={axis.key}>
          <line className="axis" x1={axis.x} x2={axis.x} y1={layout.top} y2={layout.bottom} />
          <text className="axis-title" x={axis.x} y={layout.top - 18} textAnchor="middle">
            {axis.log ? `${axis.key} (log)` : axis.key}
          </text>
          <text x={axis.x + 4} y={layout.top + 4} dominantBaseline="hanging">
            {formatValue(axis.max)}
          </text>
          <text x={axis.x + 4} y={layout.bottom - 4}>
            {formatValue(axis.min)}
          </text>
        </g>
      ))}
      {layout.lines.map((line) => (
        <path
          key={line.runIndex}
          className="run-line"
          d={line.d}
          stroke={metricColor(line.metric, metric?.min ?? 0, metric?.max ?? 0)}
          tabIndex={0}
          data-testid="parallel-line"
        >
          <title>
            {`${runLabels[line.runIndex] ?? ''}: ${columns
              .map(
                (c) =>
                  `${c.key}=${c.values[line.runIndex] === undefined ? '–' : formatValue(c.values[line.runIndex] as number)}`,
              )
              .join(', ')}`}
          </title>
        </path>
      ))}
    </svg>
  );
}
