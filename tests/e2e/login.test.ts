/** With `--auth`, the UI starts at a login page; a wrong password is refused and said so. */
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
