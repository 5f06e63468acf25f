import type { CommandEntry } from './command-spec.ts';
import { tokensGroup, usersGroup } from './commands/access-commands.ts';
import { artifactsGroup } from './commands/artifacts-commands.ts';
import { auditGroup } from './commands/audit-commands.ts';
import { dataGroup } from './commands/data-commands.ts';
import { experimentsGroup } from './commands/experiments-commands.ts';
import { lineageCommand } from './commands/lineage-command.ts';
import { modelsGroup } from './commands/models-commands.ts';
import { runsGroup } from './commands/runs-commands.ts';
import { serverCommand } from './commands/server-command.ts';

/** Every `cairn` command. Parsing, `--help` and docs/reference/cli.md all come from here. */
export const commandTable: readonly CommandEntry[] = [
  serverCommand,
  experimentsGroup,
  runsGroup,
  artifactsGroup,
  modelsGroup,
  dataGroup,
  lineageCommand,
  auditGroup,
  usersGroup,
  tokensGroup,
];
