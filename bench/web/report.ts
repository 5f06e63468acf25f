/** The Markdown report of `npm run bench:web` (bench/results/web.md). */
import os from 'node:os';

export interface Timing {
  /** Navigation start to the mark, ms. */
  total: number;
  /** For the chart: its first series request to the mark, ms. */
  chart?: number;
  /** For the chart: the slowest of its series requests (request start to response end), ms. */
  slowestSeries?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface WebBenchFigures {
  sizes: { runs: number; seriesRuns: number; points: number };
  repeat: number;
  runsTimes: number[];
  /** Chart loads whose series the server had never read. */
  coldTimes: Timing[];
  /** Chart loads of series the server holds in its cache. */
  warmTimes: Timing[];
  aloneCold: number[];
  aloneWarm: number[];
  seedRunsSeconds: number;
  seedSeriesSeconds: number;
  chromium: string;
  commit: string;
  dirty: boolean;
  /** CPU pressure (`some avg10`, %) just before the timed loads, with nothing of ours running. */
  cpuPressure: number | undefined;
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const all = (list: number[]) => list.map((ms) => ms.toFixed(0)).join(', ');
const pass = (ms: number, target: number) => (ms < target ? 'met' : 'MISSED');

export function webReport(f: WebBenchFigures): string {
  const { sizes, repeat } = f;
  const points = sizes.points.toLocaleString('en');
  const chartRows = (label: string, times: Timing[], target: boolean) => {
    const totals = times.map((t) => t.total);
    const own = times.map((t) => t.chart ?? 0);
    const slowest = times.map((t) => t.slowestSeries ?? 0);
    const verdict = target ? `< 500 ms | ${pass(median(totals), 500)}` : ' | ';
    return [
      `| Chart of ${sizes.seriesRuns} runs × ${points} points (compare page), ${label}: drawn (\`cairn:chart-drawn\`), from navigation | ${fmt(median(totals))} | ${all(totals)} | ${verdict} |`,
      `| … the chart's own part: first series request to drawn | ${fmt(median(own))} | ${all(own)} | | |`,
      `| … of which the slowest of the ${sizes.seriesRuns} series requests | ${fmt(median(slowest))} | ${all(slowest)} | | |`,
    ].join('\n');
  };
  const cpus = os.cpus();
  const runsMedian = median(f.runsTimes);
  return `# Web UI benchmark

\`npm run bench:web\` — headless Chromium (${f.chromium}) driving the built web app against a
real Cairn server (SQLite) on this machine; data seeded through the SDK. Each figure is the median
of ${repeat} page loads, each in a fresh browser context (cold browser cache), after one warm-up
load. Times are from navigation start to a performance mark the app sets.

The chart is timed twice. **First read**: each of the ${repeat} loads shows ${sizes.seriesRuns}
runs whose series the server has never read (a set seeded for that load alone), as when a user
first opens a chart; this is the figure judged against the target. **Cached**: the server keeps
whole series in memory while their point count is unchanged, so later loads of the same runs
(another user, a reload, a zoom) skip the database read.

| What | Median | All runs (ms) | Target | |
| --- | --- | --- | --- | --- |
| Runs table, experiment of ${sizes.runs.toLocaleString('en')} runs: first rows painted (\`cairn:runs-table-painted\`) | ${fmt(runsMedian)} | ${all(f.runsTimes)} | < 1 s | ${pass(runsMedian, 1000)} |
${chartRows('first read', f.coldTimes, true)}
${chartRows('cached', f.warmTimes, false)}
| One series request alone, first read (SDK, 1000 buckets, no browser) | ${fmt(median(f.aloneCold))} | ${all(f.aloneCold)} | | |
| One series request alone, cached | ${fmt(median(f.aloneWarm))} | ${all(f.aloneWarm)} | | |

What happens in each:
- **Runs table**: the app boots, checks the session (\`/api/v1/me\`), loads the experiment and the
  first page of 1,000 runs (\`runs.search\`), and renders only the rows in view (the table is
  virtualized). The mark is set in the task after the frame that shows the rows.
- **Chart**: the compare page loads the ${sizes.seriesRuns} runs, then the chart asks the server for
  each run's series downsampled per pixel bucket (M4: first, last, min and max of each bucket, one
  bucket per device pixel), so at most 4 points per pixel column travel per run instead of
  ${points}, and draws them on a canvas. On a first read the server decodes the series from its
  packed copy (blocks of 256 points, three float64 columns each) instead of ${points} rows.

Where the chart's time goes: one series request alone takes ${fmt(median(f.aloneCold))} on a first
read and ${fmt(median(f.aloneWarm))} cached; the chart sends its ${sizes.seriesRuns} at once and
they share the server's one JavaScript thread, so the last answers after
${fmt(median(f.coldTimes.map((t) => t.slowestSeries ?? 0)))} (first read). The browser's own part
after that (parse, scale, draw on the canvas) is about
${fmt(Math.max(0, median(f.warmTimes.map((t) => (t.chart ?? 0) - (t.slowestSeries ?? 0)))))}.

Seeding (not timed above): ${sizes.runs.toLocaleString('en')} runs in ${f.seedRunsSeconds.toFixed(0)} s;
${repeat + 1} × ${sizes.seriesRuns} × ${points} points in ${f.seedSeriesSeconds.toFixed(0)} s.

CPU pressure just before the timed loads, with the benchmark idle: ${
    f.cpuPressure === undefined ? 'not available' : `${f.cpuPressure.toFixed(1)} %`
  } of the last 10 s some task waited for a CPU (\`/proc/pressure/cpu\`). Anything above 0 is
other work on the machine or its host, which the browser and the server then share the 2 cores
with.

Machine: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB,
${os.type()} ${os.release()}, Node ${process.version}, commit ${f.commit}${
    f.dirty ? ' (with uncommitted changes in packages/)' : ''
  }, ${new Date().toISOString().slice(0, 10)}.
`;
}
