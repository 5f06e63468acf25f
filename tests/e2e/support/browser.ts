/**
 * Headless Chromium for the browser tests and the web benchmark: Debian's `chromium` package
 * driven by `playwright-core` (no browser download). Screenshots go to `test-results/e2e/`,
 * which is git-ignored and kept by CI as an artifact.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

import { chromiumAvailable, chromiumPath } from './chromium-path.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** Where every screenshot lands. */
export const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');

/**
 * Launches headless Chromium. As root (CI containers) Chromium refuses to start without
 * `--no-sandbox`; elsewhere the sandbox stays on.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium)`);
  }
  const args = ['--disable-dev-shm-usage'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

/** Saves a full-page screenshot as `test-results/e2e/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects what would otherwise go unseen in a headless page: uncaught exceptions and
 * console errors. Tests assert it stays empty, so a page that renders but throws fails.
 * Chromium's own "Failed to load resource" lines are left out: an expected 401 or 403
 * (the login gate, a permission probe) logs one.
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    errors.push(`console: ${message.text()}`);
  });
  return errors;
}
