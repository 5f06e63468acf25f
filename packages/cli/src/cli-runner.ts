/**
 * Runs one `cairn` invocation and maps every outcome to an exit code:
 * 0 ok, 1 server/API error, 2 usage error, 3 not found, 4 cannot connect.
 */
import { CairnApiError, CairnConnectionError, createClient, type CairnClient } from '@cairn/sdk';
import { parseInvocation } from './argv-parser.ts';
import { ArtifactNotFoundError } from './artifact-download.ts';
import {
  UsageError,
  type CommandContext,
  type CommandEntry,
  type OptionValue,
} from './command-spec.ts';
import { PROGRAM, renderHelp } from './help-renderer.ts';
import cliPackage from '../package.json' with { type: 'json' };

export const ExitCode = {
  OK: 0,
  API_ERROR: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  CANNOT_CONNECT: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: Stream;
  stderr: Stream;
}

export async function runCli(table: readonly CommandEntry[], io: CliIo): Promise<ExitCode> {
  try {
    const invocation = parseInvocation(table, io.argv, io.env);
    if (invocation.kind === 'version') {
      io.stdout.write(`${cliPackage.version}\n`);
      return ExitCode.OK;
    }
    if (invocation.kind === 'help') {
      io.stdout.write(renderHelp(table, invocation.path, invocation.entry));
      return ExitCode.OK;
    }
    await invocation.command.run(createContext(invocation.args, invocation.values, io));
    return ExitCode.OK;
  } catch (error) {
    return report(error, io.stderr);
  }
}

function createContext(
  args: Record<string, string | undefined>,
  values: Record<string, OptionValue>,
  io: CliIo,
): CommandContext {
  let client: CairnClient | undefined;
  const read = (name: string): OptionValue => {
    if (!(name in values)) throw new Error(`the command reads undeclared option --${name}`);
    return values[name];
  };
  return {
    args,
    string: (name) => {
      const value = read(name);
      return typeof value === 'string' ? value : undefined;
    },
    strings: (name) => {
      const value = read(name);
      return Array.isArray(value) ? value.map(String) : [];
    },
    integer: (name) => {
      const value = read(name);
      return typeof value === 'number' ? value : undefined;
    },
    flag: (name) => read(name) === true,
    json: values['json'] === true,
    client() {
      const url = String(values['url']);
      if (!/^https?:\/\/[^/]/i.test(url)) {
        throw new UsageError(`--url must be an http:// or https:// URL; got '${url}'`);
      }
      client ??= createClient({
        url,
        token: typeof values['token'] === 'string' ? values['token'] : undefined,
        // Without a token, CAIRN_USERNAME and CAIRN_PASSWORD log in (an admin's first steps).
        basic:
          io.env['CAIRN_USERNAME'] && io.env['CAIRN_PASSWORD']
            ? { username: io.env['CAIRN_USERNAME'], password: io.env['CAIRN_PASSWORD'] }
            : undefined,
        // A person is waiting: fail fast rather than back off for seconds.
        retry: { maxRetries: 1, baseDelayMs: 200 },
      });
      return client;
    },
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
  };
}

function report(error: unknown, stderr: Stream): ExitCode {
  if (error instanceof UsageError) {
    const command = [PROGRAM, ...error.commandPath].join(' ');
    stderr.write(`error: ${error.message}\nRun '${command} --help' for usage.\n`);
    return ExitCode.USAGE;
  }
  if (error instanceof CairnConnectionError) {
    stderr.write(`error: ${error.message}\nIs the server running? Set --url or CAIRN_URL.\n`);
    return ExitCode.CANNOT_CONNECT;
  }
  if (error instanceof CairnApiError) {
    stderr.write(`error: ${error.message} [${error.code}]\n`);
    return error.category === 'NOT_FOUND' ? ExitCode.NOT_FOUND : ExitCode.API_ERROR;
  }
  const local = localError(error);
  if (local !== undefined) {
    stderr.write(`error: ${local.message} [${local.code}]\n`);
    if (local.category === 'NOT_FOUND') return ExitCode.NOT_FOUND;
    return local.category === 'INVALID_ARGUMENT' ? ExitCode.USAGE : ExitCode.API_ERROR;
  }
  if (error instanceof ArtifactNotFoundError) {
    stderr.write(`error: ${error.message}\n`);
    return ExitCode.NOT_FOUND;
  }
  stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  return ExitCode.API_ERROR;
}

/**
 * A CairnError thrown in-process (the local data store): recognised by shape, so the runner
 * does not load @cairn/core for commands that never use it. Bad input is a usage error.
 */
function localError(
  error: unknown,
): { message: string; code: string; category: string } | undefined {
  if (!(error instanceof Error) || error.name !== 'CairnError') return undefined;
  const { code, category } = error as Error & { code?: unknown; category?: unknown };
  if (typeof code !== 'string' || typeof category !== 'string') return undefined;
  return { message: error.message, code, category };
}
