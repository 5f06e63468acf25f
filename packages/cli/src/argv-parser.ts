/**
 * Turns argv into "run this command with these typed values" (or "show this help"),
 * using `node:util` parseArgs against the command table. Every wrong input becomes a
 * UsageError naming the command whose help would have answered it.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import {
  UsageError,
  type CommandEntry,
  type CommandGroup,
  type CommandSpec,
  type OptionSpec,
  type OptionValue,
} from './command-spec.ts';
import { GLOBAL_OPTIONS, ROOT_OPTIONS } from './global-options.ts';

export type Invocation =
  | { kind: 'help'; path: string[]; entry: CommandEntry | undefined }
  | { kind: 'version' }
  | {
      kind: 'run';
      path: string[];
      command: CommandSpec;
      args: Record<string, string | undefined>;
      values: Record<string, OptionValue>;
    };

export function parseInvocation(
  table: readonly CommandEntry[],
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Invocation {
  const path: string[] = [];
  const rest: string[] = [];
  let group: CommandGroup | undefined;
  let command: CommandSpec | undefined;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (command !== undefined || token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      rest.push(token);
      // A global option's value must not be mistaken for a command word.
      const next = argv[i + 1];
      if (takesSeparateValue(token) && next !== undefined) {
        rest.push(next);
        i++;
      }
      continue;
    }
    const children: readonly CommandEntry[] = group?.commands ?? table;
    const child = children.find((entry) => entry.name === token);
    if (child === undefined) {
      throw new UsageError(`unknown command '${[...path, token].join(' ')}'`, path);
    }
    path.push(token);
    if (child.kind === 'group') group = child;
    else command = child;
  }

  if (command === undefined) {
    const options = path.length === 0 ? ROOT_OPTIONS : GLOBAL_OPTIONS;
    const { values } = parseRaw(rest, options, path, false);
    if (values['help'] === true) return { kind: 'help', path, entry: group };
    if (values['version'] === true) return { kind: 'version' };
    const choices = (group?.commands ?? table).map((entry) => entry.name).join(', ');
    const what = path.length === 0 ? 'command' : `subcommand for '${path.join(' ')}'`;
    throw new UsageError(`missing ${what} (one of: ${choices})`, path);
  }

  const specs = { ...GLOBAL_OPTIONS, ...command.options };
  const { values, positionals } = parseRaw(rest, specs, path, true);
  if (values['help'] === true) return { kind: 'help', path, entry: command };

  const argSpecs = command.args ?? [];
  if (positionals.length > argSpecs.length) {
    throw new UsageError(`unexpected argument '${positionals[argSpecs.length]}'`, path);
  }
  const args: Record<string, string | undefined> = {};
  argSpecs.forEach((spec, index) => {
    const value = positionals[index];
    if (value === undefined && spec.required) {
      throw new UsageError(`missing argument <${spec.name}>`, path);
    }
    args[spec.name] = value;
  });

  const typed: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    typed[name] = convert(name, spec, values[name], env, path);
  }
  return { kind: 'run', path, command, args, values: typed };
}

function takesSeparateValue(token: string): boolean {
  if (!token.startsWith('--') || token.includes('=')) return false;
  return GLOBAL_OPTIONS[token.slice(2)]?.type === 'string';
}

type RawValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

function toParseArgsConfig(specs: Readonly<Record<string, OptionSpec>>): ParseArgsOptionsConfig {
  const config: ParseArgsOptionsConfig = {};
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.multiple === true ? { multiple: true } : {}),
      ...(spec.short === undefined ? {} : { short: spec.short }),
    };
  }
  return config;
}

/** parseArgs, with its errors turned into UsageErrors for the command at `path`. */
function parseRaw(
  args: string[],
  specs: Readonly<Record<string, OptionSpec>>,
  path: string[],
  allowPositionals: boolean,
): { values: RawValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: toParseArgsConfig(specs),
      allowPositionals,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(firstSentence((error as Error).message), path);
    }
    throw error;
  }
}

/** parseArgs appends advice about `--` that only confuses here. */
function firstSentence(message: string): string {
  const line = message.split(/\n|\.\s/)[0] ?? message;
  return line.charAt(0).toLowerCase() + line.slice(1);
}

function convert(
  name: string,
  spec: OptionSpec,
  raw: RawValues[string],
  env: Readonly<Record<string, string | undefined>>,
  path: string[],
): OptionValue {
  let value: RawValues[string] = raw;
  if (value === undefined && spec.env !== undefined) {
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') value = fromEnv;
  }
  if (value === undefined) {
    if (spec.multiple === true) return [];
    return spec.type === 'boolean' ? (spec.default ?? false) : spec.default;
  }
  if (spec.type === 'boolean') return value === true;
  const list = (Array.isArray(value) ? value : [value]).map(String);
  for (const item of list) {
    if (spec.choices !== undefined && !spec.choices.includes(item)) {
      throw new UsageError(
        `--${name} must be one of ${spec.choices.join(', ')}; got '${item}'`,
        path,
      );
    }
  }
  if (spec.type === 'integer') {
    const numbers = list.map((item) => {
      if (!/^-?\d+$/.test(item) || !Number.isSafeInteger(Number(item))) {
        throw new UsageError(`--${name} must be an integer; got '${item}'`, path);
      }
      return Number(item);
    });
    return spec.multiple === true ? numbers : numbers[0];
  }
  return spec.multiple === true ? list : list[0];
}
