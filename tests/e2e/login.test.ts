/**
 * With `--auth`, the UI starts at a login page; a wrong password is refused and said so.
 * Signed in, a user sees the actions their permission does not allow disabled, with the reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser } from 'playwright-core';

import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { startE2eServer } from './support/e2e-server.ts';
import type { E2eServer } from './support/e2e-server.ts';
import { signIn, uiTimeoutMs, waitForText } from './support/ui.ts';

describe('login', () => {
  let server: E2eServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the login page, refuses a wrong password, signs in and out', async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${server.url}/experiments`);

    const form = page.getByTestId('login-form');
    await waitForText(form, 'Sign in to Cairn');
    // Nothing of the app is shown before signing in.
    assert.equal(await page.getByTestId('current-user').count(), 0);
    await screenshot(page, 'login');

    await page.getByLabel('Username').fill(server.alice.username);
    await page.getByLabel('Password').fill('not her password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page.getByTestId('login-error'), 'Wrong username or password');

    await signIn(page, server.url, server.alice);
    await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: uiTimeoutMs });
    for (const item of ['experiments', 'models', 'datasets', 'audit']) {
      assert.equal(await page.getByTestId(`nav-${item}`).isVisible(), true, `nav-${item}`);
    }
    assert.match(new URL(page.url()).pathname, /^\/experiments/);

    await page.getByTestId('sign-out').click();
    await waitForText(page.getByTestId('login-form'), 'Sign in to Cairn');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("disables a run's actions a reader may not take, with the reason, and not the owner's", async () => {
    const owned = await server.clientAs(server.alice).startRun({
      experimentName: 'e2e-permissions',
      runName: 'alices-run',
    });
    await owned.end();
    const runPath = `${server.url}/runs/${owned.id}`;

    // bob holds no grant: the server's default permission, READ, applies.
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await signIn(page, server.url, server.bob);
    await page.goto(runPath);
    await waitForText(
      page.getByTestId('run-delete-reason'),
      'You have READ on this experiment; this needs MANAGE.',
    );
    assert.equal(await page.getByTestId('run-delete').isDisabled(), true);
    await waitForText(
      page.getByTestId('comment-denied'),
      'You have READ on this experiment; this needs EDIT.',
    );
    assert.equal(await page.getByTestId('comment-input').isDisabled(), true);
    assert.equal(await page.getByTestId('comment-add').isDisabled(), true);
    await screenshot(page, 'run-read-only');
    assert.deepEqual(errors, []);
    await page.close();

    // alice created the experiment, so she manages it: nothing is disabled for her.
    const own = await browser.newPage();
    await signIn(own, server.url, server.alice);
    await own.goto(runPath);
    await waitForText(own.getByTestId('run-title'), 'alices-run');
    await own.getByTestId('comment-input').fill('Mine to discuss.');
    await own.getByTestId('comment-add').click();
    // The comment is saved: by then the permission asked for at page load has answered too.
    await waitForText(own.getByTestId('comment-body'), 'Mine to discuss.');
    assert.equal(await own.getByTestId('run-delete').isEnabled(), true);
    assert.equal(await own.getByTestId('comment-denied').count(), 0);
    await own.close();
  });

  it('follows the system colour scheme', async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`${server.url}/experiments`);
      await page.getByTestId('login-form').waitFor({ timeout: uiTimeoutMs });
      if (colorScheme === 'dark') await screenshot(page, 'login-dark');
      const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await context.close();
      return color;
    };
    const light = await background('light');
    const dark = await background('dark');
    assert.notEqual(light, dark);
    // Dark means dark: the sum of the background's RGB channels is low.
    const channels = (dark.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    assert.ok(channels.reduce((a, b) => a + b, 0) < 200, `dark background ${dark}`);
  });
});
