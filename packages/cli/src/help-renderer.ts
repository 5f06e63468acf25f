/** Help text for every level of the command table (`cairn -h`, `cairn runs -h`, …). */
import type { CommandEntry, CommandGroup, CommandSpec, OptionSpec } from './command-spec.ts';
import { GLOBAL_OPTIONS, ROOT_OPTIONS } from './global-options.ts';

export const PROGRAM = 'cairn';
export const PROGRAM_SUMMARY = 'Cairn: experiment tracking and the rest of the MLOps loop.';

export function renderHelp(
  table: readonly CommandEntry[],
  path: readonly string[],
  entry: CommandEntry | undefined,
): string {
  if (entry === undefined) return renderRootHelp(table);
  if (entry.kind === 'group') return renderGroupHelp(path, entry);
  return renderCommandHelp(path, entry);
}

function renderRootHelp(table: readonly CommandEntry[]): string {
  return sections([
    `Usage: ${PROGRAM} <command> [options]`,
    PROGRAM_SUMMARY,
    'Commands:\n' + twoColumns(table.map((entry) => [entry.name, entry.summary])),
    'Options:\n' + optionLines(ROOT_OPTIONS),
    `Run '${PROGRAM} <command> --help' for the options of a command.`,
  ]);
}

function renderGroupHelp(path: readonly string[], group: CommandGroup): string {
  const prefix = [PROGRAM, ...path].join(' ');
  return sections([
    `Usage: ${prefix} <command> [options]`,
    group.summary,
    'Commands:\n' + twoColumns(group.commands.map((command) => [command.name, command.summary])),
    `Run '${prefix} <command> --help' for the options of a command.`,
  ]);
}

function renderCommandHelp(path: readonly string[], command: CommandSpec): string {
  const args = command.args ?? [];
  return sections([
    `Usage: ${usageLine(path, command)}`,
    command.summary,
    command.description,
    args.length > 0
      ? 'Arguments:\n' + twoColumns(args.map((arg) => [`<${arg.name}>`, arg.description]))
      : undefined,
    command.options !== undefined && Object.keys(command.options).length > 0
      ? 'Options:\n' + optionLines(command.options)
      : undefined,
    'Global options:\n' + optionLines(GLOBAL_OPTIONS),
    command.examples !== undefined && command.examples.length > 0
      ? 'Examples:\n' + command.examples.map((example) => `  ${example}`).join('\n')
      : undefined,
  ]);
}

/** `cairn artifacts download <run-id> [path] [options]` */
export function usageLine(path: readonly string[], command: CommandSpec): string {
  const args = (command.args ?? []).map((arg) =>
    arg.required ? `<${arg.name}>` : `[${arg.name}]`,
  );
  return [PROGRAM, ...path, ...args, '[options]'].join(' ');
}

/** `-r, --recursive` or `--dest <dir>` */
export function optionSignature(name: string, spec: OptionSpec): string {
  const flag = spec.short === undefined ? `--${name}` : `-${spec.short}, --${name}`;
  return spec.type === 'boolean' ? flag : `${flag} <${spec.valueName ?? 'value'}>`;
}

/** The description with what help readers need to know besides it. */
export function optionDescription(spec: OptionSpec): string {
  const notes: string[] = [];
  if (spec.choices !== undefined) notes.push(`one of: ${spec.choices.join(', ')}`);
  if (spec.multiple === true) notes.push('repeatable');
  if (spec.env !== undefined) notes.push(`env ${spec.env}`);
  if (spec.default !== undefined && spec.type !== 'boolean') {
    notes.push(`default ${String(spec.default)}`);
  }
  return notes.length === 0 ? spec.description : `${spec.description} (${notes.join('; ')})`;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string {
  return twoColumns(
    Object.entries(options).map(([name, spec]) => [
      optionSignature(name, spec),
      optionDescription(spec),
    ]),
  );
}

function twoColumns(rows: readonly (readonly [string, string])[]): string {
  const width = Math.min(32, Math.max(...rows.map(([left]) => left.length)));
  return rows
    .map(([left, right]) =>
      left.length > width
        ? `  ${left}\n  ${' '.repeat(width)}  ${right}`
        : `  ${left.padEnd(width)}  ${right}`,
    )
    .join('\n');
}

function sections(parts: readonly (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined && part !== '').join('\n\n') + '\n';
}
