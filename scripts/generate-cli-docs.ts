/** Rewrites docs/reference/cli.md from the CLI's command table. */
import { writeFile } from 'node:fs/promises';
import { commandTable, renderCliReference } from '@cairn/cli';

const target = new URL('../docs/reference/cli.md', import.meta.url);
await writeFile(target, renderCliReference(commandTable));
console.log(`wrote ${target.pathname}`);
