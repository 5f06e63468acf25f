/**
 * The registry end to end in the browser, on a model registered by the real mlflow client
 * (`log_model(registered_model_name=…)`): an ordinary alias moved and stages transitioned from
 * the UI, the model card rendered from its Markdown (with a `<script>` shown as text), then
 * the four-eyes rule: a protected alias offers only "request approval", a move requested by
 * alice whose own Approve button is disabled with the reason, approved by bob, the alias and
 * the protected-alias line moved on both pages without a reload, and the approval in the
 * audit log that verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { Credentials, E2eServer } from './support/e2e-server.ts';
import { seedWithMlflow } from './support/seed.ts';
import { eventually, signIn, uiTimeoutMs, waitForText } from './support/ui.ts';

const MODEL = 'e2e-classifier';
const FOUR_EYES = 'You requested this; another user with MANAGE must approve.';
const XSS = '<script>window.__cardXss = true</script>';
const CAROL = { username: 'carol', password: 'carol password 1' };
const READ_ONLY = 'You have READ on this model; this needs EDIT.';

describe('registry approvals', () => {
  let server: E2eServer;
  let browser: Browser;
  const errors: string[][] = [];

  /** A fresh browser context (its own sessionStorage) signed in as `who`. */
  async function pageAs(who: Credentials): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    errors.push(watchPageErrors(page));
    await signIn(page, server.url, who);
    return page;
  }

  before(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await seedWithMlflow(server, server.alice, {
      model: { experiment: 'e2e-registry', name: MODEL, versions: 2 },
    });
    // alice created the model, so she holds MANAGE; bob gets it too, as the second reviewer.
    const alice = server.clientAs(server.alice);
    await alice.registry.setAlias(MODEL, 'champion', 1);
    await alice.approvals.protectAlias(MODEL, 'champion');
    await alice.access.setPermission({ registeredModel: MODEL }, server.bob.username, 'MANAGE');
    await alice.registry.setAlias(MODEL, 'candidate', 1);
    // A card whose text tries to inject a script, and a metric that the export writes as a table.
    const draft = await alice.registry.getModelCard(MODEL, 2);
    const content = draft.card.content as Record<string, Record<string, unknown>>;
    await alice.registry.saveModelCard(MODEL, 2, {
      ...content,
      model_details: {
        ...content['model_details'],
        overview: `Classifies iris flowers. ${XSS}`,
        documentation: 'https://example.com/iris_eval',
      },
      quantitative_analysis: {
        performance_metrics: [{ type: 'accuracy', value: '0.97', slice: 'test' }],
      },
    });
    // carol may only read the model: its controls are disabled with the reason.
    await server.clientAs(server.admin).access.createUser(CAROL);
    await alice.access.setPermission({ registeredModel: MODEL }, CAROL.username, 'READ');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('moves an ordinary alias, transitions stages and renders the model card', async () => {
    const alice = await pageAs(server.alice);
    await alice.goto(`${server.url}/models/${MODEL}`);
    const candidate = alice.locator('[data-testid="alias-row"][data-alias="candidate"]');
    await waitForText(candidate, '@candidate → v1');
    await candidate.getByTestId('alias-move-version').selectOption('2');
    await candidate.getByTestId('alias-move').click();
    await waitForText(alice.getByTestId('model-aliases'), '@candidate → v2');
    const row = (version: number) =>
      alice.locator(`[data-testid="version-row"][data-version="${version}"]`);
    await waitForText(row(2).getByTestId('version-row-aliases'), '@candidate');

    // v1 to Production, then v2 to Production archiving what is there (v1).
    await alice.getByTestId('stage-version').selectOption('1');
    await alice.getByTestId('stage-target').selectOption('Production');
    await alice.getByTestId('stage-transition').click();
    await waitForText(row(1).getByTestId('version-row-stage'), 'Production');
    await alice.getByTestId('stage-version').selectOption('2');
    await alice.getByTestId('stage-target').selectOption('Production');
    await alice.getByTestId('stage-archive').check();
    await alice.getByTestId('stage-transition').click();
    await waitForText(row(2).getByTestId('version-row-stage'), 'Production');
    await waitForText(row(1).getByTestId('version-row-stage'), 'Archived');
    await waitForText(alice.getByTestId('approvals-empty'), 'No approval requests');
    await screenshot(alice, 'model-aliases-stages');

    // The version page: its own stage control, and the card rendered as HTML.
    await alice.goto(`${server.url}/models/${MODEL}/versions/2`);
    await waitForText(alice.getByTestId('version-stage'), 'Production');
    await alice.getByTestId('stage-target').selectOption('Staging');
    await alice.getByTestId('stage-transition').click();
    await waitForText(alice.getByTestId('version-stage'), 'Staging');
    const card = alice.getByTestId('model-card-view');
    await waitForText(card.getByRole('heading', { name: `Model card: ${MODEL} version 2` }), MODEL);
    const metrics = card.locator('table');
    await waitForText(metrics.locator('thead'), 'Metric');
    await waitForText(metrics.locator('tbody'), 'accuracy');
    await waitForText(card.locator('strong').filter({ hasText: 'Overview' }), 'Overview');
    // The script is text on the page, not an element, and never ran.
    await waitForText(card, XSS);
    assert.equal(await card.locator('script').count(), 0);
    assert.equal(await alice.evaluate(() => '__cardXss' in window), false);
    const docs = card.getByRole('link', { name: 'https://example.com/iris_eval' });
    assert.equal(await docs.getAttribute('href'), 'https://example.com/iris_eval');
    assert.equal(await docs.getAttribute('rel'), 'noopener noreferrer');
    await screenshot(alice, 'model-card');

    // carol holds READ: the controls say why they are off before she tries.
    const carol = await pageAs(CAROL);
    await carol.goto(`${server.url}/models/${MODEL}`);
    const carolMove = carol
      .locator('[data-testid="alias-row"][data-alias="candidate"]')
      .getByTestId('alias-move');
    await waitForText(
      carol
        .locator('[data-testid="alias-row"][data-alias="candidate"]')
        .getByTestId('alias-move-reason'),
      READ_ONLY,
    );
    assert.equal(await carolMove.isDisabled(), true);
    await waitForText(carol.getByTestId('stage-transition-reason'), READ_ONLY);
    assert.equal(await carol.getByTestId('stage-transition').isDisabled(), true);
    await waitForText(carol.getByTestId('approval-submit-reason'), READ_ONLY);
    assert.equal(await carol.getByTestId('approval-submit').isDisabled(), true);
    await screenshot(carol, 'model-read-only');
    await carol.goto(`${server.url}/models/${MODEL}/versions/2?card=edit`);
    await waitForText(carol.getByTestId('model-card-save-reason'), READ_ONLY);
    assert.equal(await carol.getByTestId('model-card-save').isDisabled(), true);
    await waitForText(carol.getByTestId('alias-set-reason'), READ_ONLY);
    assert.deepEqual(errors.flat(), []);
  });

  it('alice requests a protected alias move, may not approve it herself, bob approves, the alias moves and the audit log shows it', async () => {
    const alice = await pageAs(server.alice);
    await alice.goto(`${server.url}/models`);
    await waitForText(alice.getByTestId('models-table'), MODEL);
    await screenshot(alice, 'models');
    await alice.getByRole('link', { name: MODEL }).click();
    const model = alice.getByTestId('model-page');
    await waitForText(model.locator('h1'), MODEL);
    await waitForText(alice.getByTestId('model-aliases'), '@champion → v1');
    assert.equal(await alice.getByTestId('version-row').count(), 2);
    await waitForText(alice.getByTestId('protected-aliases'), '@champion → v1');

    // A protected alias offers no direct move: its link fills in the approval request instead.
    const champion = alice.locator('[data-testid="alias-row"][data-alias="champion"]');
    assert.equal(await champion.getByTestId('alias-move').count(), 0);
    await champion.getByRole('link', { name: 'Protected: request approval' }).click();
    const requestedAlias = alice.getByTestId('approval-alias');
    await eventually(
      async () => ((await requestedAlias.inputValue()) === 'champion' ? true : undefined),
      'the request form was not filled with the protected alias',
    );
    assert.equal(new URL(alice.url()).searchParams.get('requestAlias'), 'champion');
    await alice.getByTestId('approval-version').selectOption('2');
    await alice.getByTestId('approval-justification').fill('v2 scores higher on iris');
    await alice.getByTestId('approval-submit').click();
    const aliceRow = alice.locator('[data-testid="approval-row"][data-state="PENDING"]');
    await waitForText(aliceRow, 'v2 scores higher on iris');
    const ownApprove = aliceRow.getByTestId('approval-approve');
    assert.equal(await ownApprove.isDisabled(), true, "the requester's Approve is disabled");
    assert.equal(await ownApprove.getAttribute('title'), FOUR_EYES);
    await waitForText(aliceRow.getByTestId('four-eyes-note'), FOUR_EYES);
    // The protection holds: the alias has not moved yet.
    await waitForText(alice.getByTestId('model-aliases'), '@champion → v1');
    await screenshot(alice, 'approval-requested');

    const bob = await pageAs(server.bob);
    await bob.goto(`${server.url}/models/${MODEL}`);
    const bobRow = bob.locator('[data-testid="approval-row"][data-state="PENDING"]');
    await waitForText(bobRow, 'alice');
    const approve = bobRow.getByTestId('approval-approve');
    assert.equal(await approve.isEnabled(), true, 'another MANAGE holder may approve');
    assert.equal(await bobRow.getByTestId('four-eyes-note').count(), 0);
    await bobRow.getByTestId('approval-reason').fill('checked the eval report');
    await approve.click();
    const approved = bob.locator('[data-testid="approval-row"][data-state="APPROVED"]');
    await waitForText(approved, 'checked the eval report');
    await waitForText(approved.getByTestId('approval-state'), 'APPROVED');
    await waitForText(bob.getByTestId('model-aliases'), '@champion → v2');
    await waitForText(bob.getByTestId('protected-aliases'), '@champion → v2');
    // alice's open page follows bob's decision without a reload.
    await waitForText(alice.getByTestId('protected-aliases'), '@champion → v2');
    await waitForText(alice.getByTestId('model-aliases'), '@champion → v2');
    await waitForText(
      alice
        .locator('[data-testid="version-row"][data-version="2"]')
        .getByTestId('version-row-aliases'),
      '@champion',
    );
    await screenshot(bob, 'approval-approved');

    await bob.getByRole('link', { name: '@champion → v2' }).click();
    await waitForText(bob.getByTestId('version-aliases'), '@champion');
    await bob.getByTestId('lineage-graph').waitFor({ timeout: uiTimeoutMs });

    // bob leaves a comment on the version; alice reads it and may not edit it.
    await bob.getByTestId('comment-input').fill('Approved after reading the eval report.');
    await bob.getByTestId('comment-add').click();
    const bobComment = bob.getByTestId('comment-item').filter({ hasText: 'eval report' });
    await waitForText(bobComment.getByTestId('comment-author'), 'bob');
    assert.equal(await bobComment.getByTestId('comment-edit').isEnabled(), true);
    await screenshot(bob, 'model-version');
    await alice.goto(bob.url());
    const seenByAlice = alice.getByTestId('comment-item').filter({ hasText: 'eval report' });
    await waitForText(seenByAlice.getByTestId('comment-author'), 'bob');
    const aliceEdit = seenByAlice.getByTestId('comment-edit');
    assert.equal(await aliceEdit.isDisabled(), true);
    assert.equal(await aliceEdit.getAttribute('title'), 'Only the author may edit a comment.');

    // The audit log is for admins; it shows who approved what, and the log verifies.
    const admin = await pageAs(server.admin);
    await admin.goto(`${server.url}/audit`);
    await admin.getByTestId('audit-table').waitFor({ timeout: uiTimeoutMs });
    // Filtered by type, so the entry is found however many pages the log has.
    await admin.getByTestId('audit-filter-type').fill('approvals.request.approved');
    await admin.getByTestId('audit-filter-apply').click();
    const entry = admin.locator(
      '[data-testid="audit-row"][data-type="approvals.request.approved"]',
    );
    await waitForText(entry, 'bob');
    await waitForText(entry, MODEL);
    assert.equal(await admin.getByTestId('audit-row').count(), 1, 'only the approval is listed');
    assert.equal(new URL(admin.url()).searchParams.get('type'), 'approvals.request.approved');
    await admin.getByTestId('audit-verify').click();
    const verified = admin.getByTestId('audit-verify-result');
    await waitForText(verified, 'Verified');
    assert.equal(await verified.getAttribute('data-ok'), 'true');
    await screenshot(admin, 'audit');

    // alice, no admin, sees why she cannot verify.
    await alice.goto(`${server.url}/audit`);
    const aliceVerify = alice.getByTestId('audit-verify');
    await aliceVerify.waitFor({ timeout: uiTimeoutMs });
    assert.equal(await aliceVerify.isDisabled(), true);
    assert.equal(
      await aliceVerify.getAttribute('title'),
      'Only an admin may verify the whole log.',
    );

    assert.deepEqual(errors.flat(), []);
  });
});
