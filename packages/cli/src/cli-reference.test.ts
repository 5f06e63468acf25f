import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { renderCliReference } from './cli-reference.ts';
import { commandTable } from './command-table.ts';

describe('docs/reference/cli.md', () => {
  it('is what the command table generates (run `npm run docs:cli` after changing a command)', async () => {
    const committed = await readFile(
      new URL('../../../docs/reference/cli.md', import.meta.url),
      'utf8',
    );
    // A plain boolean check: a full diff of the page would bury the one line that matters.
    assert.ok(
      committed === renderCliReference(commandTable),
      'docs/reference/cli.md is stale: run `npm run docs:cli` and commit it',
    );
  });

  it('documents every command with its usage line and every option', () => {
    const text = renderCliReference(commandTable);
    for (const entry of commandTable) {
      const commands = entry.kind === 'group' ? entry.commands : [entry];
      const prefix = entry.kind === 'group' ? `cairn ${entry.name} ` : 'cairn ';
      for (const command of commands) {
        assert.ok(text.includes(`\n${prefix}${command.name}`), `${prefix}${command.name}`);
        for (const name of Object.keys(command.options ?? {})) {
          assert.ok(text.includes(`--${name}`), `--${name} of ${command.name}`);
        }
      }
    }
  });
});
