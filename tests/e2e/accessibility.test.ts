/**
 * Keyboard and labels on every main page: each control has an accessible name, each page
 * one `h1` and a `main` landmark, and the runs table works from the keyboard with a visible
 * focus ring. The checks run in the page on the rendered DOM, after its data has loaded.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { E2eServer } from './support/e2e-server.ts';
import { eventually, signIn, uiTimeoutMs, waitForText } from './support/ui.ts';

const MODEL = 'a11y-model';
const DATASET = 'a11y-labels';

interface Fixture {
  experimentId: string;
  runIds: [string, string];
}

/** Two runs with params, a metric series and a model artifact; a model version; a dataset. */
async function seed(server: E2eServer): Promise<Fixture> {
  const alice = server.clientAs(server.alice);
  const runIds: string[] = [];
  for (const [name, lr] of [
    ['a11y-first', 0.1],
    ['a11y-second', 0.01],
  ] as const) {
    const run = await alice.startRun({ experimentName: 'a11y-experiment', runName: name });
    await run.logParams({ lr, optimizer: 'sgd' });
    for (let step = 0; step < 5; step += 1) {
      await run.logMetric('loss', 1 / (step + 1 + lr), { step });
    }
    await run.logArtifact('model/MLmodel', new TextEncoder().encode('flavors: {}\n'));
    await run.end();
    runIds.push(run.id);
  }
  const [first, second] = runIds;
  if (first === undefined || second === undefined) throw new Error('two runs were logged');
  const experimentId = (await alice.runs.get(first)).info.experimentId;

  // The SDK does not create registered models; the v1 API does.
  const post = async (path: string, body: unknown) => {
    const { username, password } = server.alice;
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201, await response.text());
  };
  await post('/registered-models', { name: MODEL, description: 'For the accessibility test.' });
  await post(`/registered-models/${MODEL}/versions`, { source: `runs:/${first}/model` });

  const csv = 'id,label,score\n1,cat,0.9\n2,dog,0.4\n3,cat,0.7\n';
  const bytes = new TextEncoder().encode(csv);
  const digest = createHash('sha256').update(bytes).digest('hex');
  await alice.datasets.uploadObject(DATASET, digest, bytes);
  await alice.datasets.addVersion(DATASET, {
    content: { kind: 'file', entry: { path: 'labels.csv', digest, size: bytes.length } },
  });
  // A comment by alice: others see its Edit/Delete disabled, she sees them enabled.
  await alice.comments.add({ runId: first }, 'Loss looks fine.');
  return { experimentId, runIds: [first, second] };
}

/** A page to audit: where it is, what shows it has loaded, and what to open on it first. */
interface PageVisit {
  name: string;
  path: string;
  ready: string;
  open?: (page: Page) => Promise<void>;
}

/** Visits each page, waits for its data, and audits it; answers the findings by page name. */
async function auditAll(page: Page, baseUrl: string, visits: readonly PageVisit[]) {
  const findings: Record<string, PageAudit> = {};
  for (const visit of visits) {
    await page.goto(`${baseUrl}${visit.path}`);
    await page.getByTestId(visit.ready).first().waitFor({ timeout: uiTimeoutMs });
    await visit.open?.(page);
    await settle(page);
    findings[visit.name] = await page.evaluate(auditPage);
  }
  return findings;
}

/** One line per rule a page breaks. */
function failuresOf(findings: Record<string, PageAudit>): string[] {
  return Object.entries(findings).flatMap(([name, found]) => [
    ...found.unnamed.map((control) => `${name}: control without a name: ${control}`),
    ...(found.h1 === 1 ? [] : [`${name}: ${found.h1} h1 elements`]),
    ...(found.main === 1 ? [] : [`${name}: ${found.main} main landmarks`]),
  ]);
}

/** What the page shows that breaks the rules: unnamed controls, h1 count, main count. */
interface PageAudit {
  unnamed: string[];
  h1: number;
  main: number;
}

/**
 * Runs in the page. The accessible name is computed the simple way the rule needs:
 * aria-labelledby, aria-label, a `<label>`, the text content (or an input button's value, an
 * image's alt) and last the title; a placeholder does not count.
 */
function auditPage(): PageAudit {
  const text = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();
  const nameOf = (element: Element): string => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy !== null) {
      const joined = labelledBy
        .split(/\s+/)
        .map((id) => text(document.getElementById(id)?.textContent))
        .join(' ');
      if (text(joined) !== '') return text(joined);
    }
    const aria = text(element.getAttribute('aria-label'));
    if (aria !== '') return aria;
    if ('labels' in element) {
      const labels = (element as HTMLInputElement).labels;
      const labelText = text([...(labels ?? [])].map((l) => l.textContent).join(' '));
      if (labelText !== '') return labelText;
    }
    if (
      element instanceof HTMLInputElement &&
      ['button', 'submit', 'reset'].includes(element.type)
    ) {
      if (text(element.value) !== '') return text(element.value);
    }
    const isField =
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement;
    if (!isField) {
      const content = text(element.textContent);
      if (content !== '') return content;
      const alt = [...element.querySelectorAll('img[alt]')].map((img) => img.getAttribute('alt'));
      if (text(alt.join(' ')) !== '') return text(alt.join(' '));
    }
    return text(element.getAttribute('title'));
  };
  const rendered = (element: Element) =>
    element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
  const describe = (element: Element) => {
    const testId = element.getAttribute('data-testid');
    const html = element.outerHTML.replace(/\s+/g, ' ');
    return `${element.tagName.toLowerCase()}${testId === null ? '' : `[${testId}]`}: ${html.slice(0, 160)}`;
  };
  const controls = document.querySelectorAll(
    'input:not([type="hidden"]), select, textarea, button, a[href], [role="button"]',
  );
  return {
    unnamed: [...controls].filter((c) => rendered(c) && nameOf(c) === '').map(describe),
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main, [role="main"]').length,
  };
}

/** Waits until no "Loading…" status is left on the page (sections load on their own). */
async function settle(page: Page): Promise<void> {
  await eventually(
    async () => {
      const loading = await page
        .getByRole('status')
        .evaluateAll((all) => all.some((s) => /^Loading/.test(s.textContent ?? '')));
      return loading ? undefined : true;
    },
    () => `${page.url()} is still loading`,
  );
}

describe('accessibility: labels, landmarks and keyboard', () => {
  let server: E2eServer;
  let browser: Browser;
  let fixture: Fixture;

  before(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    fixture = await seed(server);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('names every control and has one h1 and a main landmark on every main page', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(`${server.url}/experiments`);
    await page.getByTestId('login-form').waitFor({ timeout: uiTimeoutMs });
    const findings: Record<string, PageAudit> = { login: await page.evaluate(auditPage) };

    // The checker itself finds what it must: a nameless button and an unlabelled input.
    const planted = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<button type="button"></button><input><h1>Second</h1>';
      document.body.append(probe);
      return probe.outerHTML;
    });
    const caught = await page.evaluate(auditPage);
    assert.equal(caught.unnamed.length, 2, `${planted} → ${JSON.stringify(caught)}`);
    assert.equal(caught.h1, 2);

    // The admin sees every page and every control (verify, grants, edits) there is.
    await signIn(page, server.url, server.admin);
    const [first, second] = fixture.runIds;
    const run = `/runs/${first}`;
    Object.assign(
      findings,
      await auditAll(page, server.url, [
        { name: 'experiments', path: '/experiments', ready: 'experiments-table' },
        {
          name: 'runs table',
          path: `/experiments/${fixture.experimentId}`,
          ready: 'runs-table',
          open: (p) => p.getByTestId('columns-button').click(),
        },
        { name: 'run detail', path: run, ready: 'comment-item' },
        { name: 'charts tab', path: `${run}?tab=charts`, ready: 'metric-chart' },
        {
          name: 'artifacts tab',
          path: `${run}?tab=artifacts&artifact=model%2FMLmodel`,
          ready: 'artifact-text',
        },
        { name: 'lineage tab', path: `${run}?tab=lineage`, ready: 'run-lineage' },
        { name: 'compare', path: `/compare?runs=${first},${second}`, ready: 'compare-page' },
        { name: 'models', path: '/models', ready: 'models-table' },
        { name: 'model', path: `/models/${MODEL}`, ready: 'versions-table' },
        { name: 'version', path: `/models/${MODEL}/versions/1`, ready: 'version-page' },
        { name: 'datasets', path: '/datasets', ready: 'datasets-table' },
        { name: 'dataset', path: `/datasets/${DATASET}`, ready: 'dataset-versions-table' },
        {
          name: 'dataset version',
          path: `/datasets/${DATASET}/versions/1`,
          ready: 'dataset-version-page',
        },
        { name: 'audit', path: '/audit', ready: 'audit-table' },
      ]),
    );
    assert.deepEqual(failuresOf(findings), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('names the controls a reader sees disabled and the comment edit form of an author', async () => {
    const reader = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(reader, server.url, server.bob);
    const run = `/runs/${fixture.runIds[0]}`;
    const findings = await auditAll(reader, server.url, [
      { name: 'run detail (reader)', path: run, ready: 'comment-denied' },
      { name: 'model (reader)', path: `/models/${MODEL}`, ready: 'versions-table' },
      { name: 'dataset (reader)', path: `/datasets/${DATASET}`, ready: 'dataset-versions-table' },
    ]);
    await reader.close();

    const author = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(author, server.url, server.alice);
    Object.assign(
      findings,
      await auditAll(author, server.url, [
        {
          name: 'comment edit form',
          path: run,
          ready: 'comment-item',
          open: async (p) => {
            await p.getByTestId('comment-edit').click();
            await p.getByTestId('comment-edit-input').waitFor({ timeout: uiTimeoutMs });
          },
        },
      ]),
    );
    await author.close();
    assert.deepEqual(failuresOf(findings), []);
  });

  it('tabs from the top of the runs page to a run link, each stop with a visible focus ring, and opens runs with Enter', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, server.url, server.alice);
    await page.goto(`${server.url}/experiments/${fixture.experimentId}`);
    await page.getByTestId('run-row').first().waitFor({ timeout: uiTimeoutMs });
    // From the top of the page, as a keyboard user arrives; every stop must show its focus.
    await page.locator('body').focus();
    const stops: { href: string; ring: boolean; what: string }[] = [];
    let focused = '';
    for (let presses = 0; presses < 40 && !focused.startsWith('/runs/'); presses += 1) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const active = document.activeElement;
        if (active === null || active === document.body)
          return { href: '', ring: false, what: 'body' };
        return {
          href: active.getAttribute('href') ?? '',
          ring:
            active.matches(':focus-visible') && getComputedStyle(active).outlineStyle !== 'none',
          what: active.outerHTML.slice(0, 120),
        };
      });
      stops.push(stop);
      focused = stop.href;
    }
    assert.match(focused, /^\/runs\//, `Tab never reached a run link: ${JSON.stringify(stops)}`);
    assert.deepEqual(
      stops.filter((stop) => !stop.ring).map((stop) => stop.what),
      [],
      'focus stops without a visible focus ring',
    );
    await screenshot(page, 'runs-table-keyboard-focus');

    // ArrowDown moves to the next run's link; Enter opens that run.
    await page.keyboard.press('ArrowDown');
    const next = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    assert.match(next, /^\/runs\//);
    assert.notEqual(next, focused);
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('run-title'), /a11y-/);
    assert.equal(new URL(page.url()).pathname, next);
    await page.close();
  });
});
