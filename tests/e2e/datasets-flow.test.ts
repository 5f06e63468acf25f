/**
 * Datasets in the browser: two versions of a CSV pushed through the SDK (objects by digest,
 * then the version), the versions list, a version's files and profile with histograms, and
 * the diff between the two versions.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type { Browser } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { E2eServer } from './support/e2e-server.ts';
import { signIn, uiTimeoutMs, waitForText } from './support/ui.ts';

const DATASET = 'pets';
const V1 = 'id,label,weight\n1,cat,4.1\n2,dog,12.5\n3,cat,3.9\n4,dog,20.2\n';
const V2 = `${V1}5,fish,0.2\n6,cat,4.4\n`;

async function pushCsv(server: E2eServer, csv: string, description: string): Promise<void> {
  const client = server.clientAs(server.alice);
  const bytes = new TextEncoder().encode(csv);
  const digest = createHash('sha256').update(bytes).digest('hex');
  await client.datasets.uploadObject(DATASET, digest, bytes);
  await client.datasets.addVersion(DATASET, {
    content: { kind: 'file', entry: { path: 'pets.csv', digest, size: bytes.length } },
    description,
  });
}

describe('datasets', () => {
  let server: E2eServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await pushCsv(server, V1, 'first four pets');
    await pushCsv(server, V2, 'a fish and another cat');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists versions, shows a version with its profile, and diffs two versions', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.alice);

    await page.getByTestId('nav-datasets').click();
    await waitForText(page.getByTestId('datasets-table'), DATASET);
    await screenshot(page, 'datasets');
    await page.getByRole('link', { name: DATASET, exact: true }).click();
    await waitForText(page.getByTestId('dataset-versions-table'), 'a fish and another cat');
    assert.equal(await page.getByTestId('dataset-version-row').count(), 2);
    await screenshot(page, 'dataset');

    await page.goto(`${server.url}/datasets/${DATASET}/versions/2`);
    await waitForText(page.getByTestId('dataset-version-page').locator('h1'), `${DATASET} v2`);
    await waitForText(page.getByTestId('dataset-files'), 'pets.csv');
    await page.getByTestId('dataset-tab-profile').click();
    const label = page.locator('[data-testid="profile-column"][data-column="label"]');
    // Profiled from the data: three cats among the six rows of v2.
    await waitForText(label, 'cat (3)');
    await page
      .getByTestId('column-histogram')
      .first()
      .waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await screenshot(page, 'dataset-profile');

    await page.goto(`${server.url}/datasets/${DATASET}`);
    await page.getByTestId('dataset-diff-from').selectOption('1');
    await page.getByTestId('dataset-diff-to').selectOption('2');
    await page.getByTestId('dataset-diff-open').click();
    await waitForText(page.getByTestId('dataset-diff-page').locator('h1'), 'v1 → v2');
    await waitForText(page.getByTestId('diff-file-summary'), '1 changed');
    await waitForText(page.getByTestId('diff-files'), 'pets.csv');
    await screenshot(page, 'dataset-diff');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
