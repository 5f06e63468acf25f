/**
 * The audit log in the browser: newest entry first, pages of 50 forward and back, a filter by
 * actor that narrows the list and survives a reload (it lives in the URL), oldest first on
 * request, and a time range.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { E2eServer } from './support/e2e-server.ts';
import { eventually, signIn, uiTimeoutMs, waitForText } from './support/ui.ts';

/** The seq of every row on the page, top to bottom, once the table is shown. */
async function rowSeqs(page: Page): Promise<number[]> {
  await page.getByTestId('audit-table').waitFor({ timeout: uiTimeoutMs });
  const seqs = await page
    .getByTestId('audit-row')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq'))));
  return seqs;
}

/** Waits until the table shows rows that satisfy `check` (the page reloads after each click). */
function rowsWhere(page: Page, check: (seqs: number[]) => boolean, what: string) {
  let last: number[] = [];
  return eventually(
    async () => {
      last = await rowSeqs(page).catch(() => []);
      return last.length > 0 && check(last) ? last : undefined;
    },
    () => `expected ${what}; the table shows seqs ${JSON.stringify(last)}`,
  );
}

const descending = (seqs: number[]) => seqs.every((seq, i) => i === 0 || seqs[i - 1]! > seq);

describe('audit log', () => {
  let server: E2eServer;
  let browser: Browser;
  let newestSeq: number;

  before(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    const alice = server.clientAs(server.alice);
    const experiment = await alice.experiments.create({ name: 'audited' });
    const bob = server.clientAs(server.bob);
    await bob.experiments.create({ name: 'bobs' });
    // More than one page of 50 entries by alice, then bob's second: the newest.
    for (let i = 0; i < 60; i++) {
      await alice.experiments.setTag(experiment.experimentId, `k${i}`, String(i));
    }
    await bob.experiments.create({ name: 'bobs-2' });
    const newest = await server.clientAs(server.admin).audit.log({ order: 'desc', maxResults: 1 });
    newestSeq = newest.items[0]!.seq;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the newest entry first, pages, filters by actor in the URL, and flips the order', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.admin);
    await page.goto(`${server.url}/audit`);

    const first = await rowsWhere(page, (s) => s.length === 50, 'a full first page');
    assert.ok(descending(first), `newest first: ${JSON.stringify(first)}`);
    // Signing in may log entries of its own; bob's experiment is the newest seeded one.
    assert.ok(first[0]! >= newestSeq);
    await waitForText(page.getByTestId('audit-order-label'), 'Newest entries first.');
    await screenshot(page, 'audit-newest');

    await page.getByTestId('audit-next').click();
    const second = await rowsWhere(page, (s) => s[0]! < first.at(-1)!, 'the page after');
    assert.ok(descending(second));
    await waitForText(page.getByTestId('audit-page-number'), 'Page 2');
    assert.match(page.url(), /[?&]page=/);
    await page.getByTestId('audit-prev').click();
    const back = await rowsWhere(page, (s) => s[0] === first[0], 'the first page again');
    assert.deepEqual(back, first);
    assert.equal(await page.getByTestId('audit-prev').isDisabled(), true);

    await page.getByTestId('audit-filter-actor').fill('bob');
    await page.getByTestId('audit-filter-apply').click();
    const byBob = await rowsWhere(page, (s) => s.length < 50, 'only bob’s entries');
    const actors = await page
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-actor')));
    assert.ok(
      actors.every((a) => a === 'bob'),
      `only bob: ${JSON.stringify(actors)}`,
    );
    assert.ok(byBob.includes(newestSeq));
    assert.match(page.url(), /[?&]actor=bob/);
    await screenshot(page, 'audit-filtered');
    await page.reload();
    assert.deepEqual(await rowsWhere(page, (s) => s.length === byBob.length, 'bob again'), byBob);
    assert.equal(await page.getByTestId('audit-filter-actor').inputValue(), 'bob');

    await page.getByTestId('audit-order').check();
    const oldest = await rowsWhere(page, (s) => s[0]! < s.at(-1)!, 'oldest first');
    assert.deepEqual(oldest, [...byBob].reverse());
    assert.match(page.url(), /[?&]order=asc/);

    // A time range that ends before anything was logged leaves nothing.
    await page.getByTestId('audit-filter-until').fill('2001-01-01T00:00');
    await page.getByTestId('audit-filter-apply').click();
    await waitForText(page.getByTestId('audit-page'), 'No entries.');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
