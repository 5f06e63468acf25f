/**
 * Datasets in the browser: two versions of a CSV pushed through the SDK (objects by digest,
 * then the version), the versions list, a version's files and profile with histograms, the
 * diff between the two versions, and the schema editor (infer → edit → save → validate, a
 * field the server refuses, a stale save, a reader who may not edit).
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

  it('infers a schema, tightens a range, saves it, and validation shows the new anomaly', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.alice);
    await page.goto(`${server.url}/datasets/${DATASET}`);
    await waitForText(page.getByTestId('schema-current'), 'No schema saved yet');

    // Infer from v2 (the newest, chosen by default) with the observed ranges.
    await page.getByTestId('schema-infer-ranges').check();
    await page.getByTestId('schema-infer').click();
    await waitForText(page.getByTestId('schema-editor'), 'inferred from v2');
    const weight = page.locator('[data-testid="schema-column-row"][data-column="weight"]');
    const weightMax = weight.locator('[data-testid$="-max"]');
    assert.equal(await weightMax.inputValue(), '20.2');

    // A value the server refuses comes back beside its field, and the edit stays.
    await weightMax.fill('heavy');
    await page.getByTestId('schema-save').click();
    await waitForText(
      weight.locator('[data-testid="schema-field-error"]'),
      /columns\[2\]\.max must be a finite number/,
    );
    assert.equal(await weightMax.inputValue(), 'heavy');
    await screenshot(page, 'dataset-schema-invalid');

    // Tighten the range below the heaviest pet (20.2) and save.
    await weightMax.fill('15');
    await page.getByTestId('schema-save').click();
    await waitForText(page.getByTestId('schema-saved'), 'Saved as revision 1.');
    await waitForText(page.getByTestId('schema-current'), 'Revision 1, saved');
    await waitForText(page.locator('[data-testid="schema-row"][data-column="weight"]'), '0.2 – 15');
    await screenshot(page, 'dataset-schema');

    await page.goto(`${server.url}/datasets/${DATASET}/versions/2?tab=validate`);
    await page.getByTestId('dataset-validate').click();
    await waitForText(page.getByTestId('validation-summary'), '(schema revision 1)');
    const above = page.locator('[data-testid="anomaly-row"][data-code="VALUE_ABOVE_MAX"]');
    await waitForText(above, 'weight');
    await screenshot(page, 'dataset-validate');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('refuses a save based on an old revision, keeps the edits, and saves over it on request', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.alice);
    await page.goto(`${server.url}/datasets/${DATASET}`);
    const current = await server.clientAs(server.alice).datasets.getSchema(DATASET);
    await waitForText(page.getByTestId('schema-current'), `Revision ${current.revision},`);
    await page.getByTestId('schema-edit').click();
    await page.getByTestId('schema-rowcount-min').fill('3');
    // The JSON view shows the same document, and the form comes back with the edit.
    await page.getByTestId('schema-mode-json').click();
    const json = JSON.parse(await page.getByTestId('schema-json').inputValue()) as {
      rowCount?: unknown;
    };
    assert.deepEqual(json.rowCount, { min: 3 });
    await page.getByTestId('schema-mode-form').click();

    // Someone else saves meanwhile.
    const theirs = await server.clientAs(server.alice).datasets.saveSchema(DATASET, {
      schema: { ...current.schema, unexpectedColumns: 'error' },
      baseRevision: current.revision,
    });
    await page.getByTestId('schema-save').click();
    await waitForText(
      page.getByTestId('schema-conflict'),
      `someone saved revision ${theirs.revision}`,
    );
    assert.equal(await page.getByTestId('schema-rowcount-min').inputValue(), '3');
    await screenshot(page, 'dataset-schema-conflict');

    await page.getByTestId('schema-save-over').click();
    await waitForText(
      page.getByTestId('schema-saved'),
      `Saved as revision ${theirs.revision + 1}.`,
    );
    const saved = await server.clientAs(server.alice).datasets.getSchema(DATASET);
    assert.deepEqual(saved.schema.rowCount, { min: 3 });
    // Saved over theirs: the edit started from the older revision, without their policy.
    assert.notEqual(current.schema.unexpectedColumns, 'error');
    assert.equal(saved.schema.unexpectedColumns, current.schema.unexpectedColumns);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows a reader why they may not edit the schema', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, server.url, server.bob);
    await page.goto(`${server.url}/datasets/${DATASET}`);
    await waitForText(
      page.getByTestId('schema-edit-reason'),
      'You have READ on this dataset; this needs EDIT.',
    );
    assert.equal(await page.getByTestId('schema-edit').isDisabled(), true);
    assert.equal(await page.getByTestId('schema-infer').isDisabled(), true);
    await page.close();
  });
});
