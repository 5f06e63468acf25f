/**
 * MLflow's UI freezes on runs with thousands of metric keys (reference mlflow.md §4.1). Here a
 * run with 1,000 keys: the charts tab lists them all, mounts (and fetches the series of) only
 * the charts near the viewport, mounts more as the user scrolls, and the key filter narrows
 * the grid and lives in the URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { E2eServer } from './support/e2e-server.ts';
import { eventually, signIn, waitForText } from './support/ui.ts';

const KEYS = 1000;
const POINTS_PER_KEY = 20;
const keyName = (i: number) => `layer_${String(i).padStart(4, '0')}/grad_norm`;

describe('a run with 1,000 metric keys', () => {
  let server: E2eServer;
  let browser: Browser;
  let runId: string;

  before(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    const run = await server.clientAs(server.alice).startRun({
      experimentName: 'e2e-many-metrics',
      runName: 'wide-run',
    });
    for (let step = 0; step < POINTS_PER_KEY; step += 1) {
      for (let i = 0; i < KEYS; i += 1) {
        await run.logMetric(keyName(i), Math.sin(step + i), {
          step,
          timestamp: 1_700_000_000_000 + step,
        });
      }
    }
    await run.end();
    runId = run.id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('mounts only the charts in view, more on scrolling, and filters keys through the URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    const seriesRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/series')) seriesRequests.push(request.url());
    });
    await signIn(page, server.url, server.alice);
    await page.goto(`${server.url}/runs/${runId}?tab=charts`);
    await waitForText(page.getByTestId('chart-key-count'), '1000 metrics');
    const placeholders = page.getByTestId('lazy-chart');
    assert.equal(await placeholders.count(), KEYS, 'one light placeholder per key');
    const mounted = () => page.locator('[data-testid="lazy-chart"][data-mounted="true"]').count();
    await eventually(async () => ((await mounted()) > 0 ? true : undefined), 'no chart mounted');
    const firstMounted = await mounted();
    assert.ok(
      firstMounted <= 30,
      `${firstMounted} charts mounted at once, expected only those in view`,
    );
    const first = page.locator(`[data-testid="metric-chart"][data-metric-key="${keyName(0)}"]`);
    await waitForText(first.getByTestId('metric-chart-status'), /20 points/);
    assert.ok(
      seriesRequests.length <= firstMounted,
      `${seriesRequests.length} series requested for ${firstMounted} mounted charts`,
    );
    await screenshot(page, 'run-charts-many-keys');

    // The last chart mounts when scrolled to, and draws its series.
    const lastKey = keyName(KEYS - 1);
    await placeholders.last().scrollIntoViewIfNeeded();
    const last = page.locator(`[data-testid="metric-chart"][data-metric-key="${lastKey}"]`);
    await waitForText(last.getByTestId('metric-chart-status'), /20 points/);
    assert.ok((await mounted()) < KEYS / 2, 'scrolling to the end mounts the end, not everything');

    // The filter narrows the grid to the matching keys, and the URL keeps it.
    await page.getByTestId('chart-key-filter').fill('layer_004');
    await waitForText(page.getByTestId('chart-key-count'), '10 of 1000 metrics');
    assert.equal(await placeholders.count(), 10);
    await eventually(
      () => Promise.resolve(new URL(page.url()).search.includes('layer_004') ? true : undefined),
      () => `the filter is not in the URL: ${page.url()}`,
    );
    await page.reload();
    await waitForText(page.getByTestId('chart-key-count'), '10 of 1000 metrics');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
