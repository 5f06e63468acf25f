export { runCli, ExitCode } from './cli-runner.ts';
export type { CliIo } from './cli-runner.ts';
export { commandTable } from './command-table.ts';
export { renderCliReference } from './cli-reference.ts';
export type {
  ArgSpec,
  CommandContext,
  CommandEntry,
  CommandGroup,
  CommandSpec,
  OptionSpec,
} from './command-spec.ts';
