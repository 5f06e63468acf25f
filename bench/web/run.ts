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
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Browser } from 'playwright-core';

import { createClient } from '@cairn/sdk';

import { launchBrowser } from '../../tests/e2e/support/browser.ts';
import { startCairnProcess } from '../../tests/support/cairn-process.ts';
import { median, webReport, type Timing } from './report.ts';
import { settleDisk } from '../data/settle-disk.ts';
import { seedLongSeries, seedManyRuns } from './seed.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const viewport = { width: 1400, height: 900 };

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

/** The `some avg10` figure of a pressure-stall file, in percent; undefined where Linux has none. */
function pressure(file: string): number | undefined {
  try {
    const match = /avg10=([\d.]+)/.exec(readFileSync(file, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
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
    // One set of runs per cold load, each read by nobody before that load: the server has
    // never read those series (its series cache is cold), as when a user first opens a chart.
    const coldSets: string[][] = [];
    for (let i = 0; i < repeat; i += 1) {
      const name = `bench-web-series-cold-${i}`;
      coldSets.push(await seedLongSeries(server.url, name, sizes.seriesRuns, sizes.points));
    }
    const seedSeriesSeconds = (performance.now() - started) / 1000;
    console.log(
      `seeded ${repeat + 1} × ${sizes.seriesRuns} × ${sizes.points} points in ${seedSeriesSeconds.toFixed(1)} s`,
    );
    // The server's share of a chart: one series request alone, 1000 buckets, timed from this
    // process — first the series' first read, then again from the cache. Every point arrived
    // (the server counts them before downsampling).
    const sdk = createClient({ url: server.url });
    const timeAlone = async () => {
      const times: number[] = [];
      for (const runId of longIds) {
        const requested = performance.now();
        const { total } = await sdk.runs.metricSeries(runId, 'loss', { buckets: 1000 });
        times.push(performance.now() - requested);
        if (total !== sizes.points) throw new Error(`run ${runId} holds ${total} points`);
      }
      return times;
    };
    const aloneCold = await timeAlone();
    const aloneWarm = await timeAlone();

    // Seeding wrote millions of points: let the disk catch up before anything is timed.
    await settleDisk();
    // Ten idle seconds (the pressure figure's window), then nothing of ours has run within it:
    // CPU pressure now is other work on the machine or its host.
    await new Promise((done) => setTimeout(done, 10_000));
    const cpuPressure = pressure('/proc/pressure/cpu');
    browser = await launchBrowser();
    const runsUrl = `${server.url}/experiments/${experimentId}`;
    const chartUrl = (ids: string[]) => `${server.url}/compare?runs=${ids.join(',')}`;
    // The runs page loads the first page of 1000 runs (or all, when fewer).
    const pageRows = Math.min(1000, sizes.runs);
    // Warm-up of the browser side; these series were already read by the requests above.
    await timeRunsTable(browser, runsUrl, pageRows);
    await timeChart(browser, chartUrl(longIds), sizes.seriesRuns);
    const runsTimes: number[] = [];
    const coldTimes: Timing[] = [];
    const warmTimes: Timing[] = [];
    for (const coldIds of coldSets) {
      runsTimes.push((await timeRunsTable(browser, runsUrl, pageRows)).total);
      coldTimes.push(await timeChart(browser, chartUrl(coldIds), sizes.seriesRuns));
      warmTimes.push(await timeChart(browser, chartUrl(longIds), sizes.seriesRuns));
    }
    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    const all = (list: number[]) => list.map((ms) => ms.toFixed(0)).join(', ');
    console.log(
      `runs table (${sizes.runs} runs): median ${fmt(median(runsTimes))} [${all(runsTimes)}]`,
    );
    for (const [label, times] of [
      ['first read', coldTimes],
      ['cached', warmTimes],
    ] as const) {
      console.log(
        `chart (${sizes.seriesRuns} × ${sizes.points}, ${label}): median ${fmt(median(times.map((t) => t.total)))} ` +
          `from navigation, ${fmt(median(times.map((t) => t.chart ?? 0)))} from its first series request, ` +
          `slowest series request ${fmt(median(times.map((t) => t.slowestSeries ?? 0)))} [${all(times.map((t) => t.total))}]`,
      );
    }
    if (values.quick) return;

    const report = webReport({
      sizes,
      repeat,
      runsTimes,
      coldTimes,
      warmTimes,
      aloneCold,
      aloneWarm,
      seedRunsSeconds,
      seedSeriesSeconds,
      chromium: run('/usr/bin/chromium', ['--version']),
      commit: run('git', ['rev-parse', '--short', 'HEAD']),
      dirty: run('git', ['status', '--porcelain', 'packages']) !== '',
      cpuPressure,
    });
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
