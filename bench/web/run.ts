/**
 * `npm run bench:web [-- --quick]`
 *
 * The web UI in headless Chromium against a real Cairn server on this machine:
 * (a) first render of the runs table of an experiment with 10,000 runs — navigation start to
 *     the `cairn:runs-table-painted` mark the runs page sets after the frame with its rows;
 * (b) a chart of 5 runs × 100,000 points (the compare page) — navigation start to the
 *     `cairn:chart-drawn` mark of the chart holding all five series, and the chart's own
 *     share: its first series request to that mark.
 * Each is measured in a fresh browser context (cold cache, no session) `--repeat` times
 * after one warm-up; the median is judged against the targets (< 1 s, < 500 ms). A full run
 * writes bench/results/web.md; `--quick` uses small sizes and only prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Browser } from 'playwright-core';

import { createClient } from '@cairn/sdk';

import { launchBrowser } from '../../tests/e2e/support/browser.ts';
import { startCairnProcess } from '../../tests/support/cairn-process.ts';
import { seedLongSeries, seedManyRuns } from './seed.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const viewport = { width: 1400, height: 900 };

interface Timing {
  /** Navigation start to the mark, ms. */
  total: number;
  /** For the chart: its first series request to the mark, ms. */
  chart?: number;
  /** For the chart: the slowest of its series requests (request start to response end), ms. */
  slowestSeries?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timeRunsTable(browser: Browser, url: string, expectRows: number): Promise<Timing> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const handle = await page.waitForFunction(
      () => {
        const [mark] = performance.getEntriesByName('cairn:runs-table-painted');
        if (mark === undefined) return undefined;
        return {
          at: mark.startTime,
          rows: ((mark as PerformanceMark).detail as { rows: number }).rows,
          shown: document.querySelectorAll('[data-testid="run-row"]').length,
        };
      },
      undefined,
      { timeout: 60_000, polling: 50 },
    );
    const result = (await handle.jsonValue()) as { at: number; rows: number; shown: number };
    if (result.rows !== expectRows || result.shown === 0) {
      throw new Error(`runs table painted ${result.rows} loaded / ${result.shown} shown rows`);
    }
    return { total: result.at };
  } finally {
    await context.close();
  }
}

async function timeChart(browser: Browser, url: string, runs: number): Promise<Timing> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await page.goto(url);
    // The charts sit below the tables; a user scrolls there, the benchmark scrolls at once.
    await page
      .locator('[data-testid="compare-charts"]')
      .scrollIntoViewIfNeeded({ timeout: 60_000 });
    const handle = await page.waitForFunction(
      (wanted) => {
        const drawn = performance
          .getEntriesByName('cairn:chart-drawn')
          .find((m) => ((m as PerformanceMark).detail as { series: number }).series === wanted);
        if (drawn === undefined) return undefined;
        const series = performance
          .getEntriesByType('resource')
          .filter((r) => r.name.includes('/series')) as PerformanceResourceTiming[];
        return {
          at: drawn.startTime,
          firstSeriesRequest: Math.min(...series.map((r) => r.startTime)),
          slowestSeries: Math.max(...series.map((r) => r.responseEnd - r.startTime)),
          points: ((drawn as PerformanceMark).detail as { points: number }).points,
        };
      },
      runs,
      { timeout: 60_000, polling: 20 },
    );
    const result = (await handle.jsonValue()) as {
      at: number;
      firstSeriesRequest: number;
      slowestSeries: number;
      points: number;
    };
    if (result.points === 0) throw new Error('the chart drew no points');
    return {
      total: result.at,
      chart: result.at - result.firstSeriesRequest,
      slowestSeries: result.slowestSeries,
    };
  } finally {
    await context.close();
  }
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      repeat: { type: 'string', default: '5' },
    },
  });
  const sizes = values.quick
    ? { runs: 1000, seriesRuns: 5, points: 10_000 }
    : { runs: 10_000, seriesRuns: 5, points: 100_000 };
  const repeat = Number(values.repeat);

  console.log('Building the web UI…');
  execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'ignore' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-web-'));
  const server = await startCairnProcess({ dataDir });
  let browser: Browser | undefined;
  try {
    let started = performance.now();
    const { experimentId } = await seedManyRuns(server.url, 'bench-web-runs', sizes.runs);
    const seedRunsSeconds = (performance.now() - started) / 1000;
    console.log(`seeded ${sizes.runs} runs in ${seedRunsSeconds.toFixed(1)} s`);
    started = performance.now();
    const longIds = await seedLongSeries(
      server.url,
      'bench-web-series',
      sizes.seriesRuns,
      sizes.points,
    );
    // A second set nobody reads before its one timed load: the server's series cache is cold.
    const coldIds = await seedLongSeries(
      server.url,
      'bench-web-series-cold',
      sizes.seriesRuns,
      sizes.points,
    );
    const seedSeriesSeconds = (performance.now() - started) / 1000;
    // Every point arrived (the server counts them before downsampling); and the server's
    // share of a chart: one series request alone, 1000 buckets, timed from this process.
    const sdk = createClient({ url: server.url });
    const aloneTimes: number[] = [];
    for (const runId of longIds) {
      const requested = performance.now();
      const { total } = await sdk.runs.metricSeries(runId, 'loss', { buckets: 1000 });
      aloneTimes.push(performance.now() - requested);
      if (total !== sizes.points) throw new Error(`run ${runId} holds ${total} points`);
    }
    const seriesAlone = median(aloneTimes);
    console.log(
      `seeded ${sizes.seriesRuns} × ${sizes.points} points in ${seedSeriesSeconds.toFixed(1)} s`,
    );

    browser = await launchBrowser();
    const runsUrl = `${server.url}/experiments/${experimentId}`;
    const chartUrl = `${server.url}/compare?runs=${longIds.join(',')}`;
    // The runs page loads the first page of 1000 runs (or all, when fewer).
    const pageRows = Math.min(1000, sizes.runs);
    await timeRunsTable(browser, runsUrl, pageRows);
    // Warms the browser side only: these series were already read by the requests above.
    await timeChart(browser, chartUrl, sizes.seriesRuns);
    const coldChart = await timeChart(
      browser,
      `${server.url}/compare?runs=${coldIds.join(',')}`,
      sizes.seriesRuns,
    );
    const runsTimes: number[] = [];
    const chartTimes: Timing[] = [];
    for (let i = 0; i < repeat; i += 1) {
      runsTimes.push((await timeRunsTable(browser, runsUrl, pageRows)).total);
      chartTimes.push(await timeChart(browser, chartUrl, sizes.seriesRuns));
    }
    const runsMedian = median(runsTimes);
    const chartMedian = median(chartTimes.map((t) => t.total));
    const chartOwn = median(chartTimes.map((t) => t.chart ?? 0));
    const slowestSeries = median(chartTimes.map((t) => t.slowestSeries ?? 0));
    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    const all = (list: number[]) => list.map((ms) => ms.toFixed(0)).join(', ');
    console.log(`runs table (${sizes.runs} runs): median ${fmt(runsMedian)} [${all(runsTimes)}]`);
    console.log(
      `chart (${sizes.seriesRuns} × ${sizes.points}): median ${fmt(chartMedian)} from navigation, ` +
        `${fmt(chartOwn)} from its first series request, slowest series request ${fmt(slowestSeries)} ` +
        `[${all(chartTimes.map((t) => t.total))}]`,
    );
    if (values.quick) return;

    const pass = (ms: number, target: number) => (ms < target ? 'met' : 'MISSED');
    const cpus = os.cpus();
    const report = `# Web UI benchmark

\`npm run bench:web\` — headless Chromium (${run('/usr/bin/chromium', ['--version'])}) driving the
built web app against a real Cairn server (SQLite) on this machine; data seeded through the SDK.
Each figure is the median of ${repeat} page loads, each in a fresh browser context (cold browser
cache), after one warm-up load. Times are from navigation start to a performance mark the app sets.
The server keeps whole series in memory while their point count is unchanged, so these loads'
series come from that cache (filled by the requests timed "alone" below); the row "first time its
series are read" is one load of 5 other runs whose series nobody had read.

| What | Median | All runs (ms) | Target | |
| --- | --- | --- | --- | --- |
| Runs table, experiment of ${sizes.runs.toLocaleString('en')} runs: first rows painted (\`cairn:runs-table-painted\`) | ${fmt(runsMedian)} | ${all(runsTimes)} | < 1 s | ${pass(runsMedian, 1000)} |
| Chart of ${sizes.seriesRuns} runs × ${sizes.points.toLocaleString('en')} points (compare page): drawn (\`cairn:chart-drawn\`), from navigation | ${fmt(chartMedian)} | ${all(chartTimes.map((t) => t.total))} | < 500 ms | ${pass(chartMedian, 500)} |
| … the same chart the first time its series are read (server cache cold), one load | ${fmt(coldChart.total)} | ${fmt(coldChart.total)} | | |
| … the chart's own part: first series request to drawn | ${fmt(chartOwn)} | ${all(chartTimes.map((t) => t.chart ?? 0))} | | |
| … of which the slowest of the 5 series requests (server reads 100,000 points, M4, JSON) | ${fmt(slowestSeries)} | ${all(chartTimes.map((t) => t.slowestSeries ?? 0))} | | |
| One series request alone (SDK, 1000 buckets, no browser) | ${fmt(seriesAlone)} | ${all(aloneTimes)} | | |

What happens in each:
- **Runs table**: the app boots, checks the session (\`/api/v1/me\`), loads the experiment and the
  first page of 1,000 runs (\`runs.search\`), and renders only the rows in view (the table is
  virtualized). The mark is set in the task after the frame that shows the rows.
- **Chart**: the compare page loads the 5 runs, then the chart asks the server for each run's
  series downsampled per pixel bucket (M4: first, last, min and max of each bucket, one bucket per
  device pixel), so ~${(4 * 1000).toLocaleString('en')} points per run travel instead of
  ${sizes.points.toLocaleString('en')}, and draws them on a canvas.

Where the chart's time goes: one series request alone takes ${fmt(seriesAlone)}; the chart sends
its five at once, they share the server's one JavaScript thread (each reads 100,000 points), and
the last answers after ${fmt(slowestSeries)}. The browser's own part after that (parse, scale,
draw on the canvas) is about ${fmt(Math.max(0, chartOwn - slowestSeries))}.

Seeding (not timed above): ${sizes.runs.toLocaleString('en')} runs in ${seedRunsSeconds.toFixed(0)} s; ${sizes.seriesRuns} × ${sizes.points.toLocaleString('en')} points in ${seedSeriesSeconds.toFixed(0)} s.

Machine: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB,
${os.type()} ${os.release()}, Node ${process.version}, commit ${run('git', ['rev-parse', '--short', 'HEAD'])}${
      run('git', ['status', '--porcelain', 'packages']) === ''
        ? ''
        : ' (with uncommitted changes in packages/)'
    }, ${new Date().toISOString().slice(0, 10)}.
`;
    const reportFile = path.join(repoRoot, 'bench', 'results', 'web.md');
    await writeFile(reportFile, report);
    // Committed with the code, so it must pass `npm run format:check` (prettier aligns tables).
    execFileSync('npx', ['prettier', '--write', reportFile], { cwd: repoRoot, stdio: 'ignore' });
    console.log('wrote bench/results/web.md');
  } finally {
    await browser?.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
