// Runs the command table on this process's arguments (loaded by main.ts once the compile cache is on).
import { runCli } from './cli-runner.ts';
import { commandTable } from './command-table.ts';

process.exitCode = await runCli(commandTable, {
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
