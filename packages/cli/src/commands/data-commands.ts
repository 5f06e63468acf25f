import type { CommandGroup } from '../command-spec.ts';
import { dataAddCommand } from './data-add-command.ts';
import { dataBrowseCommands } from './data-browse-commands.ts';
import { dataGetCommand } from './data-get-command.ts';
import { dataQualityCommands } from './data-quality-commands.ts';
import { dataStatusCommand } from './data-status-command.ts';
import { dataTransferCommands } from './data-transfer-commands.ts';

/** `cairn data …`: versioned datasets in a local store, and push/pull with a server. */
export const dataGroup: CommandGroup = {
  kind: 'group',
  name: 'data',
  summary:
    'Version datasets (add, get, status, diff, tags), profile and validate tables, push/pull',
  commands: [
    dataAddCommand,
    dataGetCommand,
    dataStatusCommand,
    ...dataBrowseCommands,
    ...dataQualityCommands,
    ...dataTransferCommands,
  ],
};
