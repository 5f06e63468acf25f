/** docs/reference/cli.md, generated from the command table (`npm run docs:cli`). */
import type { CommandEntry, CommandSpec, OptionSpec } from './command-spec.ts';
import { GLOBAL_OPTIONS } from './global-options.ts';
import {
  PROGRAM,
  PROGRAM_SUMMARY,
  optionDescription,
  optionSignature,
  usageLine,
} from './help-renderer.ts';

const EXIT_CODES: readonly (readonly [string, string])[] = [
  ['0', 'Success'],
  [
    '1',
    'The server (or the local data store) answered with an error (the message and its code are ' +
      'printed on stderr); `cairn data validate` found an ERROR anomaly',
  ],
  [
    '2',
    'Usage error: unknown command or option, missing or malformed argument (including input a ' +
      'local `cairn data` command refuses, e.g. a path outside the working directory)',
  ],
  ['3', 'Not found: the experiment, run, artifact, dataset or version does not exist'],
  ['4', 'Cannot connect to the server'],
];

export function renderCliReference(table: readonly CommandEntry[]): string {
  const lines: string[] = [
    '# CLI reference',
    '',
    '<!-- Generated from packages/cli/src/command-table.ts by `npm run docs:cli`. Do not edit by hand. -->',
    '',
    PROGRAM_SUMMARY,
    '',
    `Run \`npx ${PROGRAM} --help\` (or \`--help\` after any command) for the same information in the terminal.`,
    '',
    '## Global options',
    '',
    'Accepted by every command, before or after the command words.',
    '',
    ...optionTable(GLOBAL_OPTIONS),
    '',
    'With `--json`, stdout carries exactly the data as JSON (lists as `{"items": [...], "nextPageToken"?: "..."}`; ' +
      'non-finite metric values as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`); messages go to stderr.',
    '',
    '## Exit codes',
    '',
    '| Code | Meaning |',
    '|---|---|',
    ...EXIT_CODES.map(([code, meaning]) => `| ${code} | ${meaning} |`),
    '',
    '## Commands',
    '',
  ];
  for (const entry of table) {
    if (entry.kind === 'command') {
      lines.push(...commandSection([entry.name], entry));
      continue;
    }
    lines.push(`### ${PROGRAM} ${entry.name}`, '', entry.summary, '');
    for (const command of entry.commands) {
      lines.push(...commandSection([entry.name, command.name], command));
    }
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}

function commandSection(path: readonly string[], command: CommandSpec): string[] {
  const heading = path.length === 1 ? '###' : '####';
  const lines = [
    `${heading} ${PROGRAM} ${path.join(' ')}`,
    '',
    command.summary,
    '',
    '```',
    usageLine(path, command),
    '```',
    '',
  ];
  if (command.description !== undefined) lines.push(command.description, '');
  const args = command.args ?? [];
  if (args.length > 0) {
    lines.push('| Argument | Description |', '|---|---|');
    for (const arg of args) {
      const name = arg.required ? `<${arg.name}>` : `[${arg.name}]`;
      lines.push(`| \`${name}\` | ${cell(arg.description)} |`);
    }
    lines.push('');
  }
  if (command.options !== undefined && Object.keys(command.options).length > 0) {
    lines.push(...optionTable(command.options), '');
  }
  if (command.examples !== undefined && command.examples.length > 0) {
    lines.push('```sh', ...command.examples, '```', '');
  }
  return lines;
}

function optionTable(options: Readonly<Record<string, OptionSpec>>): string[] {
  return [
    '| Option | Description |',
    '|---|---|',
    ...Object.entries(options).map(
      ([name, spec]) => `| \`${optionSignature(name, spec)}\` | ${cell(optionDescription(spec))} |`,
    ),
  ];
}

/** Table cells cannot hold a raw pipe or a line break. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
