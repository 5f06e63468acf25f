import type { OptionSpec } from './command-spec.ts';

export const DEFAULT_URL = 'http://127.0.0.1:7420';

/** Options every command accepts, before or after the command words. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  url: {
    type: 'string',
    valueName: 'url',
    env: 'CAIRN_URL',
    default: DEFAULT_URL,
    description: 'Base URL of the Cairn server',
  },
  token: {
    type: 'string',
    valueName: 'token',
    env: 'CAIRN_TOKEN',
    description: 'API token, sent as a bearer token',
  },
  json: { type: 'boolean', description: 'Print exactly the data as JSON on stdout' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
};

/** Accepted only at the top level (`cairn --version`). */
export const ROOT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...GLOBAL_OPTIONS,
  version: { type: 'boolean', short: 'V', description: 'Print the version' },
};
