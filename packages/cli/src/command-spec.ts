/**
 * The declarative shape of the CLI. One table of these drives argument parsing, `--help`
 * at every level and the generated reference (docs/reference/cli.md), so the three can
 * never disagree.
 */
import type { CairnClient } from '@cairn/sdk';

export type OptionType = 'string' | 'boolean' | 'integer';

export interface OptionSpec {
  type: OptionType;
  description: string;
  /** One letter, e.g. `r` for `-r`. */
  short?: string;
  /** May be given several times; the values are collected in order. */
  multiple?: boolean;
  /** The placeholder shown in help, e.g. `dir` in `--dest <dir>`. */
  valueName?: string;
  /** The environment variable read when the option is absent. */
  env?: string;
  default?: string | number | boolean;
  /** The allowed values of a string option. */
  choices?: readonly string[];
}

export interface ArgSpec {
  name: string;
  description: string;
  required: boolean;
}

export type OptionValue = string | number | boolean | string[] | number[] | undefined;

/** What a command handler receives. */
export interface CommandContext {
  /** Positional arguments by name (absent optional ones are undefined). */
  args: Readonly<Record<string, string | undefined>>;
  /** A string option's value (or its env/default), undefined when absent. */
  string(name: string): string | undefined;
  /** A repeatable string option's values, in order (empty when absent). */
  strings(name: string): string[];
  integer(name: string): number | undefined;
  flag(name: string): boolean;
  /** `--json` was given: print exactly the data, as JSON, on stdout. */
  json: boolean;
  /** A client for `--url`/`--token`, created on first use. */
  client(): CairnClient;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
}

export interface CommandSpec {
  kind: 'command';
  name: string;
  /** One line, shown in lists. */
  summary: string;
  /** Paragraphs shown in the command's own help. */
  description?: string;
  args?: readonly ArgSpec[];
  options?: Readonly<Record<string, OptionSpec>>;
  examples?: readonly string[];
  run(context: CommandContext): Promise<void>;
}

export interface CommandGroup {
  kind: 'group';
  name: string;
  summary: string;
  commands: readonly CommandSpec[];
}

export type CommandEntry = CommandSpec | CommandGroup;

/** A wrong invocation: exit code 2, with a pointer to the relevant help. */
export class UsageError extends Error {
  /** The command path the help hint points at, e.g. `['runs', 'search']`. */
  readonly commandPath: readonly string[];

  constructor(message: string, commandPath: readonly string[] = []) {
    super(message);
    this.name = 'UsageError';
    this.commandPath = commandPath;
  }
}
