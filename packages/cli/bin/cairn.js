#!/usr/bin/env node
// The `cairn` command. The CLI is TypeScript run by Node's type stripping (Node >= 22.12);
// on an older node this shim re-executes it with the Node 24 of the `node` devDependency.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

if (major > 22 || (major === 22 && minor >= 12)) {
  await import(main);
} else {
  const result = spawnSync(bundledNode(), [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error !== undefined) {
    console.error(`cairn: cannot start Node 24: ${result.error.message}`);
    process.exit(1);
  }
  // Re-raise a deadly signal so the caller sees the same end as the child had.
  if (result.signal !== null) process.kill(process.pid, result.signal);
  process.exit(result.status ?? 1);
}

/** The binary the `node` npm package installed (bin/node, or bin/node.exe on Windows). */
function bundledNode() {
  const require = createRequire(import.meta.url);
  let manifest;
  try {
    manifest = require.resolve('node/package.json');
  } catch {
    console.error(
      `cairn needs Node >= 22.12 (this is ${process.version}); run \`npm install\` to get the bundled Node 24.`,
    );
    process.exit(1);
  }
  const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin;
  const executable = typeof bin === 'string' ? bin : bin.node;
  return resolve(dirname(manifest), executable);
}
