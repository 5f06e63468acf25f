/** A column's histogram as a small SVG bar chart (bins from the profile's edges and counts). */
import { formatValue } from '../../app/format.ts';

const WIDTH = 200;
const HEIGHT = 60;

export function Histogram({
  column,
  histogram,
}: {
  column: string;
  histogram: { edges: number[]; counts: number[] };
}) {
  const { edges, counts } = histogram;
  const max = Math.max(1, ...counts);
  const bar = counts.length === 0 ? 0 : WIDTH / counts.length;
  const low = edges[0];
  const high = edges[edges.length - 1];
  return (
    <svg
      width={WIDTH}
      height={HEIGHT + 14}
      role="img"
      aria-label={`Histogram of ${column}: ${counts.length} bins from ${formatValue(low)} to ${formatValue(high)}`}
      data-testid="column-histogram"
    >
      {counts.map((count, i) => {
        const h = (count / max) * HEIGHT;
        return (
          <rect
            key={i}
            x={i * bar + 0.5}
            y={HEIGHT - h}
            width={Math.max(1, bar - 1)}
            height={h}
            fill="currentColor"
            opacity={0.6}
          >
            <title>{`${formatValue(edges[i])} – ${formatValue(edges[i + 1])}: ${count}`}</title>
          </rect>
        );
      })}
      <text x={0} y={HEIGHT + 12} fontSize={10}>
        {formatValue(low)}
      </text>
      <text x={WIDTH} y={HEIGHT + 12} fontSize={10} textAnchor="end">
        {formatValue(high)}
      </text>
    </svg>
  );
}
