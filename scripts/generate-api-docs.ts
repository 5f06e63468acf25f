/** `npm run docs:api`: writes docs/reference/api.md from the v1 OpenAPI document. */
import { mkdir, writeFile } from 'node:fs/promises';
import { renderApiReference } from '@cairn/server';

const target = new URL('../docs/reference/api.md', import.meta.url);
await mkdir(new URL('./', target), { recursive: true });
await writeFile(target, renderApiReference());
console.log('Wrote docs/reference/api.md');
