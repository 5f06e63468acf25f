/**
 * The tracking side of the UI on data logged by the real mlflow client and the SDK:
 * experiments → runs table → filter → select two → compare (differences highlighted,
 * parallel coordinates, overlaid charts) → a run's page with its charts and artifacts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { E2eServer } from './support/e2e-server.ts';
import { seedSdkRun, seedWithMlflow, standardRuns } from './support/seed.ts';
import { eventually, signIn, uiTimeoutMs, waitForText } from './support/ui.ts';

const EXPERIMENT = 'e2e-vision';
const LONG_POINTS = 5000;

/** The run names the table shows, in order. */
async function shownRunNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('run-row')
    .evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[1]?.textContent ?? ''));
}

async function waitForRunNames(page: Page, expected: string[]): Promise<void> {
  let shown: string[] = [];
  await eventually(
    async () => {
      shown = (await shownRunNames(page)).sort();
      return shown.join(',') === [...expected].sort().join(',') ? true : undefined;
    },
    () => `runs table shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`,
  );
}

/** Pixels of the chart canvas that are not background (transparent or the page's colour). */
async function inkedPixels(page: Page, metricKey: string): Promise<number> {
  return page
    .locator(`[data-testid="metric-chart"][data-metric-key="${metricKey}"] canvas`)
    .evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (ctx === null) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) inked += 1;
      return inked;
    });
}

describe('runs, filter, compare and charts', () => {
  let server: E2eServer;
  let browser: Browser;
  let runIds: Record<string, string>;
  let longRunId: string;

  before(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    const seeded = await seedWithMlflow(server, server.alice, {
      experiment: EXPERIMENT,
      runs: standardRuns(),
    });
    runIds = seeded.runIds;
    longRunId = await seedSdkRun(server, server.alice, {
      experimentName: 'e2e-long-run',
      runName: 'long-run',
      points: LONG_POINTS,
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the mlflow runs, filters them, and compares two with the differences highlighted', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.alice);

    await page.goto(`${server.url}/experiments`);
    await waitForText(page.getByTestId('experiments-table'), EXPERIMENT);
    await screenshot(page, 'experiments');
    await page.getByRole('link', { name: EXPERIMENT }).click();
    await waitForText(page.getByTestId('experiment-title'), EXPERIMENT);
    await waitForRunNames(page, Object.keys(runIds));
    await waitForText(page.getByTestId('runs-count'), '6 runs loaded');
    await screenshot(page, 'runs-table');

    await page.getByTestId('runs-filter').fill('metrics.loss < 0.5');
    await page.getByTestId('runs-filter-apply').click();
    await waitForRunNames(page, ['lenet-lr01', 'resnet-lr01', 'resnet-lr001']);
    // The filter lives in the URL, so the filtered view can be shared and reloaded.
    assert.equal(new URL(page.url()).searchParams.get('filter'), 'metrics.loss < 0.5');
    await page.reload();
    await waitForRunNames(page, ['lenet-lr01', 'resnet-lr01', 'resnet-lr001']);
    await screenshot(page, 'runs-filtered');

    const compare = page.getByTestId('compare-button');
    assert.equal(await compare.isDisabled(), true, 'Compare needs two runs');
    await page.getByLabel('Select run lenet-lr01').check();
    await page.getByLabel('Select run resnet-lr01').check();
    await waitForText(compare, 'Compare (2)');
    await compare.click();

    await waitForText(page.getByTestId('compare-page').locator('h1'), 'Compare 2 runs');
    const chosen = (new URL(page.url()).searchParams.get('runs') ?? '').split(',').sort();
    assert.deepEqual(chosen, [runIds['lenet-lr01'], runIds['resnet-lr01']].sort());
    const params = page.getByTestId('compare-params');
    await waitForText(params, 'optimizer');
    const differs = async (table: string, key: string) =>
      page
        .getByTestId(table)
        .locator(`tr[data-key="${key}"]`)
        .getAttribute('data-differs', { timeout: uiTimeoutMs });
    // Same learning rate (0.01), different batch size and optimizer, different final loss.
    assert.equal(await differs('compare-params', 'lr'), 'false');
    assert.equal(await differs('compare-params', 'batch_size'), 'true');
    assert.equal(await differs('compare-params', 'optimizer'), 'true');
    assert.equal(await differs('compare-metrics', 'loss'), 'true');
    // The highlight is visible, not just an attribute: a differing cell is painted otherwise.
    const background = async (key: string) =>
      params
        .locator(`tr[data-key="${key}"] td`)
        .first()
        .evaluate((cell) => getComputedStyle(cell).backgroundColor);
    assert.notEqual(await background('optimizer'), await background('lr'));
    await waitForText(params.locator('tr[data-key="optimizer"]'), 'adam');

    await page.getByTestId('parallel-coords').waitFor({ timeout: uiTimeoutMs });
    assert.equal(await page.getByTestId('parallel-line').count(), 2);
    const lossChart = page.locator('[data-testid="metric-chart"][data-metric-key="loss"]');
    await lossChart.scrollIntoViewIfNeeded();
    // 20 steps of each of the two runs.
    await waitForText(lossChart.getByTestId('metric-chart-status'), '40 points');
    assert.equal(await lossChart.getByTestId('chart-legend-item').count(), 2);
    await eventually(
      async () => ((await inkedPixels(page, 'loss')) > 500 ? true : undefined),
      'the loss chart drew nothing',
    );
    await screenshot(page, 'compare');

    // "Only rows that differ" hides the shared learning rate.
    await page.getByTestId('compare-only-diffs').check();
    await eventually(
      async () => ((await params.locator('tr[data-key="lr"]').count()) === 0 ? true : undefined),
      'lr is still listed with only differing rows shown',
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("shows a run's params, its 5,000-point chart drawn from server-side downsampling, and artifact previews", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.alice);

    // By keyboard: the experiment's link and the run's link open with Enter.
    await page.goto(`${server.url}/experiments`);
    await page
      .getByTestId('experiment-row')
      .filter({ hasText: 'e2e-long-run' })
      .getByTestId('experiment-link')
      .focus();
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('experiment-title'), 'e2e-long-run');
    await page.getByTestId('run-link').first().focus();
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('run-title'), 'long-run');
    assert.equal(new URL(page.url()).pathname, `/runs/${longRunId}`);
    await waitForText(page.getByTestId('run-params'), 'adamw');
    await waitForText(page.getByTestId('run-metrics'), 'train_loss');
    await screenshot(page, 'run-detail');

    await page.getByTestId('run-tab-charts').click();
    const chart = page.locator('[data-testid="metric-chart"][data-metric-key="train_loss"]');
    // Fewer points drawn than logged (min/max per pixel), and the total is the real one.
    await waitForText(chart.getByTestId('metric-chart-status'), /of 5,000 points/);
    await eventually(
      async () => ((await inkedPixels(page, 'train_loss')) > 500 ? true : undefined),
      'the train_loss chart drew nothing',
    );
    assert.match(new URL(page.url()).search, /tab=charts/);
    await screenshot(page, 'run-charts');

    await page.getByTestId('run-tab-artifacts').click();
    await page.locator('[data-testid="artifact-file"][data-path="config.json"]').click();
    await waitForText(page.getByTestId('artifact-text'), '"layers"');
    await page.getByTestId('artifact-folder').filter({ hasText: 'eval' }).click();
    await page.locator('[data-testid="artifact-file"][data-path="eval/predictions.csv"]').click();
    await waitForText(page.getByTestId('artifact-csv'), 'predicted');
    await waitForText(page.getByTestId('artifact-csv'), 'dog');
    await screenshot(page, 'run-artifacts');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('updates an open run page live as the run logs metrics', async () => {
    const run = await server.clientAs(server.alice).startRun({
      experimentName: 'e2e-live',
      runName: 'live-run',
    });
    await run.logMetric('live_metric', 1.5, { step: 0 });
    await run.flush();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.alice);
    await page.goto(`${server.url}/runs/${run.id}`);
    const metrics = page.getByTestId('run-metrics');
    await waitForText(metrics, '1.5');

    // Logged after the page loaded: it arrives over the event stream, without a reload.
    await run.logMetric('live_metric', 42.25, { step: 1 });
    await run.flush();
    await waitForText(metrics, '42.25');
    await run.end();
    assert.deepEqual(errors, []);
    await page.close();
  });
});
