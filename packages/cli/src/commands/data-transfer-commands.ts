/** `cairn data push|pull`: versions between the local store and a server (--url, --token). */
import type { CommandContext, CommandSpec } from '../command-spec.ts';
import {
  pullVersion,
  pushVersion,
  type TransferProgress,
  type TransferResult,
} from '../data-transfer.ts';
import { createProgressReporter, type ProgressReporter } from '../progress-bar.ts';
import { formatBytes, toJson } from '../output-format.ts';
import { formatCount, parseRef, storeOptions, withLocalStore } from './data-shared.ts';

const refArg = {
  name: 'dataset',
  description: 'A dataset, optionally @version or @tag',
  required: true,
};

/** A byte-counting progress bar on stderr (a terminal only), sized once the totals are known. */
function barProgress(context: CommandContext): TransferProgress & { finish(): void } {
  let reporter: ProgressReporter | undefined;
  return {
    onStart(totals) {
      if (totals.totalFiles > 0) reporter = createProgressReporter(context.stderr, totals);
    },
    onObjectBytes: (bytes) => reporter?.advance(bytes),
    onObjectDone: () => reporter?.fileDone(),
    finish: () => reporter?.finish(),
  };
}

async function transfer(
  context: CommandContext,
  move: typeof pushVersion,
): Promise<{ result: TransferResult; label: string }> {
  const ref = await parseRef(context.args['dataset'] ?? '');
  const { createDatasetRemote } = await import('./data-remote-api.ts');
  const remote = createDatasetRemote(context.client());
  const progress = barProgress(context);
  const result = await withLocalStore(context, async (store) => {
    try {
      return await move(store, remote, ref, progress);
    } finally {
      progress.finish();
    }
  });
  return { result, label: `${result.version.datasetName}@${result.version.version}` };
}

function objectsLine(verb: string, result: TransferResult): string {
  return `${formatCount(result.objects)} object${result.objects === 1 ? '' : 's'} ${verb} (${formatBytes(result.bytes)})`;
}

const pushCommand: CommandSpec = {
  kind: 'command',
  name: 'push',
  summary: 'Send a local version to the server (only the objects it lacks)',
  description:
    'Asks the server which objects it lacks (1,000 per request), uploads those (4 at a time; ' +
    'the server checks every digest), uploads a directory manifest last and then creates the ' +
    'version there with the same description, source and tags. Prints the version number on ' +
    'the server, which may differ from the local one. Pushing again sends nothing.',
  args: [refArg],
  options: storeOptions,
  examples: [
    'cairn data push images@3 --url https://cairn.example.com',
    'cairn data push churn-train --json',
  ],
  async run(context) {
    const { result, label } = await transfer(context, pushVersion);
    context.stdout.write(
      context.json
        ? toJson(result)
        : `${result.created ? 'Pushed' : 'Already on the server:'} ${label}; ${objectsLine('uploaded', result)}\n`,
    );
  },
};

const pullCommand: CommandSpec = {
  kind: 'command',
  name: 'pull',
  summary: 'Fetch a server version into the local store (only the objects it lacks)',
  description:
    "Reads the version's manifest (refusing unsafe paths), downloads the objects the local store " +
    'lacks (4 at a time), checks each digest as it streams in (a mismatch stops the pull) and ' +
    'adds the version locally. Use `cairn data get` afterwards to write the files out.',
  args: [refArg],
  options: storeOptions,
  examples: ['cairn data pull images@prod --url https://cairn.example.com'],
  async run(context) {
    const { result, label } = await transfer(context, pullVersion);
    context.stdout.write(
      context.json
        ? toJson(result)
        : `${result.created ? 'Pulled' : 'Already in the local store:'} ${label}; ${objectsLine('downloaded', result)}\n`,
    );
  },
};

export const dataTransferCommands: readonly CommandSpec[] = [pushCommand, pullCommand];
