import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAuthTestApp } from '../auth/testing/auth-test-app.ts';
import type { AuthTestApp } from '../auth/testing/auth-test-app.ts';
import { createTestApp } from '../test-support/test-app.ts';
import type { TestApp } from '../test-support/test-app.ts';
import { WEB_UI_CSP } from './web-ui-routes.ts';

const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';

describe('web UI serving', () => {
  let dist: string;
  let t: TestApp;
  before(async () => {
    dist = await mkdtemp(join(tmpdir(), 'cairn-web-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), INDEX);
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1);');
    await writeFile(join(dist, 'secret.txt'), 'outside assets');
    t = await createTestApp({ webUiDir: dist });
  });
  after(async () => {
    await t.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves index.html at / with the CSP and no-cache', async () => {
    const response = await t.call('GET', '/');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), INDEX);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(response.headers.get('content-security-policy'), WEB_UI_CSP);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
  });

  it('serves a hashed asset with its type and a long immutable cache', async () => {
    const response = await t.call('GET', '/assets/index-abc123.js');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'console.log(1);');
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(response.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
  });

  it('answers 404 for a missing asset and never leaves the assets folder', async () => {
    assert.equal((await t.call('GET', '/assets/nope.js')).status, 404);
    assert.equal((await t.call('GET', '/assets/%2e%2e/secret.txt')).status, 404);
    assert.equal((await t.call('GET', '/secret.txt')).status, 404);
  });

  it('falls back to index.html for client-side pages such as /runs/x', async () => {
    for (const path of ['/runs/x', '/experiments/1', '/compare?runs=a,b', '/login']) {
      const response = await t.call('GET', path);
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), INDEX, path);
    }
  });

  it('serves a reload of every page in the UI router (packages/web/src/app/routes.tsx)', async () => {
    const source = await readFile(
      new URL('../../../web/src/app/routes.tsx', import.meta.url),
      'utf8',
    );
    const patterns = [...source.matchAll(/path: '([^']+)'/g)].map((match) => match[1] ?? '');
    assert.ok(patterns.includes('/runs/:runId'), 'the router file was read');
    for (const pattern of patterns) {
      const path = pattern.replace(/:(\w+)/g, 'sample-$1');
      assert.equal((await t.call('GET', path)).status, 200, `${pattern} → add it to WEB_UI_ROUTES`);
    }
  });

  it('leaves the API and unknown paths alone', async () => {
    const health = await t.call('GET', '/api/v1/health');
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const unknownApi = await t.call('GET', '/api/v1/nothing-here');
    assert.equal(unknownApi.status, 404);
    assert.match(unknownApi.headers.get('content-type') ?? '', /json/);
    assert.equal((await t.call('GET', '/nothing-here')).status, 404);
  });
});

describe('web UI serving without a build', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ webUiDir: join(tmpdir(), 'cairn-no-such-dist') });
  });
  after(() => t.close());

  it('keeps the plain API page at / and 404s the client-side pages', async () => {
    const home = await t.call('GET', '/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /href="\/api\/v1\/openapi\.json"/);
    assert.equal((await t.call('GET', '/runs/x')).status, 404);
  });
});

describe('web UI serving with --auth', () => {
  let dist: string;
  let t: AuthTestApp;
  before(async () => {
    dist = await mkdtemp(join(tmpdir(), 'cairn-web-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), INDEX);
    await writeFile(join(dist, 'assets', 'app.js'), 'export {};');
    t = await createAuthTestApp({ webUiDir: dist });
  });
  after(async () => {
    await t.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves the pages and assets without credentials (the login page is part of them)', async () => {
    for (const path of ['/', '/runs/x', '/assets/app.js']) {
      assert.equal((await t.call('GET', path)).status, 200, path);
    }
  });

  it('still demands a login for the API and for unknown paths', async () => {
    assert.equal((await t.call('GET', '/api/v1/me')).status, 401);
    assert.equal((await t.call('GET', '/nothing-here')).status, 401);
  });
});
