/**
 * The web UI at `/`: the Vite build of `packages/web` (index.html plus hashed assets) with an
 * SPA fallback, so a shared link such as `/runs/abc` loads the app and the app's router picks
 * the page. Without a build, `/` keeps the plain page that points at the API.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { homePage } from '../home-page.ts';

/** Where `npm run build:web` writes the UI, seen from this source file. */
export const DEFAULT_WEB_UI_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * The client-side pages (Hono paths). Each is listed rather than caught by one `/*` so that
 * unknown paths stay 404 and every served route keeps an explicit access policy (these are
 * public: the page itself holds no data, the API calls it makes are authorized).
 */
export const WEB_UI_ROUTES = [
  '/',
  '/assets/*',
  '/login',
  '/experiments',
  '/experiments/*',
  '/runs/*',
  '/compare',
  '/models',
  '/models/*',
  '/datasets',
  '/datasets/*',
  '/audit',
] as const;

export const WEB_UI_CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function serveIndex(c: Context<AppEnv>, dir: string): Promise<Response> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  c.header('Content-Security-Policy', WEB_UI_CSP);
  // index.html names the current hashed assets, so it must never be served stale.
  c.header('Cache-Control', 'no-cache');
  return c.html(html);
}

async function serveAsset(c: Context<AppEnv>, dir: string): Promise<Response> {
  const root = resolve(dir);
  const file = resolve(root, `.${decodeURIComponent(c.req.path)}`);
  if (!file.startsWith(root + sep) || !(await isFile(file))) return c.notFound();
  const body = await readFile(file);
  c.header('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  c.header('Content-Security-Policy', WEB_UI_CSP);
  // Asset names carry a content hash: a changed file is a new URL.
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  return c.body(body);
}

/**
 * Registers the UI's GET routes on `app`. `dir` is the build output; when it has no
 * `index.html` (not built), `/` answers the plain API page and the other UI paths 404.
 */
export function addWebUiRoutes(app: Hono<AppEnv>, dir: string | undefined, version: string): void {
  let built: Promise<boolean> | undefined;
  const hasBuild = (): Promise<boolean> =>
    dir === undefined ? Promise.resolve(false) : (built ??= isFile(join(dir, 'index.html')));
  for (const path of WEB_UI_ROUTES) {
    app.get(path, async (c) => {
      if (dir === undefined || !(await hasBuild())) {
        if (c.req.path !== '/') return c.notFound();
        c.header('Content-Security-Policy', WEB_UI_CSP);
        return c.html(homePage(version));
      }
      return path === '/assets/*' ? serveAsset(c, dir) : serveIndex(c, dir);
    });
  }
}
