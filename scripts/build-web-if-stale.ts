// `npm start` runs this first: it builds the web UI when packages/web/dist is missing or older
// than any file under packages/web/src (or its index.html / vite config), so the server never
// serves a stale UI, and a fresh build costs nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const web = join(root, 'packages/web');
const builtIndex = join(web, 'dist/index.html');

function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function builtAt(): number | undefined {
  try {
    return statSync(builtIndex).mtimeMs;
  } catch {
    return undefined;
  }
}

const sources = Math.max(
  newestMtime(join(web, 'src')),
  newestMtime(join(web, 'index.html')),
  newestMtime(join(web, 'vite.config.ts')),
);
const built = builtAt();
if (built === undefined || built < sources) {
  console.log(built === undefined ? 'Building the web UI…' : 'The web UI changed; rebuilding…');
  execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
}
