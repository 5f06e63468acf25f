/** Fails when a generated page under docs/reference is stale (see reference-docs.ts). */
import { readdir, readFile } from 'node:fs/promises';
import { referenceDocs } from './reference-docs.ts';

const root = new URL('../', import.meta.url);
let stale = 0;
for (const doc of referenceDocs) {
  const expected = await doc.render();
  const actual = await readFile(new URL(doc.path, root), 'utf8').catch(() => undefined);
  if (actual === expected) continue;
  stale++;
  console.error(
    `${doc.path} is ${actual === undefined ? 'missing' : 'stale'}: run \`${doc.regenerate}\` and commit it.`,
  );
}

const known = new Set(referenceDocs.map((doc) => doc.path));
for (const name of await readdir(new URL('docs/reference/', root))) {
  const path = `docs/reference/${name}`;
  if (name.endsWith('.md') && !known.has(path)) {
    console.warn(`note: ${path} has no generator in scripts/reference-docs.ts; not checked.`);
  }
}

if (stale > 0) process.exitCode = 1;
else console.log(`docs/reference: ${referenceDocs.length} generated page(s) up to date.`);
