/**
 * `node packages/server/src/main.ts [options]`: runs the Cairn server until SIGINT or
 * SIGTERM. Exit codes: 0 after a clean shutdown, 2 for bad configuration (including a
 * refused non-loopback address), 1 for anything else.
 */
import { ErrorCategory, isCairnError } from '@cairn/core';
import { SERVER_USAGE, parseServerCommand } from './server-config.ts';
import { startServer } from './start-server.ts';

function isConfigurationError(error: unknown): boolean {
  return (
    isCairnError(error) &&
    (error.category === ErrorCategory.INVALID_ARGUMENT ||
      error.category === ErrorCategory.FAILED_PRECONDITION)
  );
}

async function main(): Promise<void> {
  const command = parseServerCommand(process.argv.slice(2), process.env);
  if (command.help) {
    process.stdout.write(SERVER_USAGE);
    return;
  }
  const server = await startServer(command.options);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal means "now": skip the drain.
      process.exit(1);
    }
    stopping = true;
    if (command.options.quiet !== true) console.log(`${signal} received, shutting down…`);
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (isConfigurationError(error)) {
    console.error(`cairn-server: ${(error as Error).message}\nRun with --help for the options.`);
    process.exitCode = 2;
    return;
  }
  console.error('cairn-server failed:', error);
  process.exitCode = 1;
});
