/**
 * Small page helpers for the browser tests. playwright-core has no `expect`: these wait for
 * what a user would see and fail with what the page showed instead.
 */
import type { Locator, Page } from 'playwright-core';

import type { Credentials } from './e2e-server.ts';

/** Default wait for something to appear: generous, the machine is shared. */
export const uiTimeoutMs = 15_000;

/** Polls `probe` until it returns a value other than undefined; throws `describe` on timeout. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  describe: string | (() => Promise<string> | string),
  timeoutMs = uiTimeoutMs,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(typeof describe === 'string' ? describe : await describe());
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the (first) element of `locator` is visible and its text matches `expected`. */
export async function waitForText(
  locator: Locator,
  expected: string | RegExp,
  timeoutMs = uiTimeoutMs,
): Promise<string> {
  const target = locator.first();
  await target.waitFor({ state: 'visible', timeout: timeoutMs });
  const matches = (text: string) =>
    typeof expected === 'string' ? text.includes(expected) : expected.test(text);
  let last = '';
  return eventually(
    async () => {
      last = await target.innerText();
      return matches(last) ? last : undefined;
    },
    () => `expected text ${String(expected)}, the element shows: ${JSON.stringify(last)}`,
    timeoutMs,
  );
}

/** Signs in through the login page and waits until the shell shows the user. */
export async function signIn(page: Page, baseUrl: string, who: Credentials): Promise<void> {
  if (!page.url().startsWith(baseUrl)) await page.goto(`${baseUrl}/experiments`);
  await page.getByTestId('login-form').waitFor({ timeout: uiTimeoutMs });
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForText(page.getByTestId('current-user'), who.username);
}
