/**
 * For tests: runs `cairn` in this process through the same runner and command table as
 * `main.ts`, with stdout and stderr captured. Not exported from the package index: it is
 * test support, not part of the CLI's published surface.
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../cli-runner.ts';
import { commandTable } from '../command-table.ts';

/** What one in-process `cairn` invocation returned and printed. */
export interface CliOutcome {
  code: number;
  out: string;
  err: string;
}

/** Options of {@link runCliInProcess}. */
export interface RunCliInProcessOptions {
  /**
   * The whole environment the command sees (e.g. `CAIRN_URL`); empty by default, so the
   * test never picks up the caller's real `CAIRN_*` settings. The working directory is the
   * process's own (`process.chdir` to change it).
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs one `cairn` invocation in-process and resolves with its exit code and everything it
 * wrote to stdout and stderr.
 */
export async function runCliInProcess(
  argv: readonly string[],
  options: RunCliInProcessOptions = {},
): Promise<CliOutcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(commandTable, { argv, env: options.env ?? {}, stdout, stderr });
  return { code, out, err };
}
