/**
 * The registry with the four-eyes rule, end to end in the browser: a model registered by the
 * real mlflow client (`log_model(registered_model_name=…)`), a protected alias, a move
 * requested by alice whose own Approve button is disabled with the reason, approved by bob,
 * the alias moved, and the approval in the audit log that verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { Credentials, E2eServer } from './support/e2e-server.ts';
import { seedWithMlflow } from './support/seed.ts';
import { signIn, uiTimeoutMs, waitForText } from './support/ui.ts';

const MODEL = 'e2e-classifier';
const FOUR_EYES = 'You requested this; another user with MANAGE must approve.';

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
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
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

    await alice.getByTestId('approval-alias').fill('champion');
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
