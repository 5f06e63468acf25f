/** `cairn data add`: a file or directory of the working tree → a new version in the local store. */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError, type CommandSpec } from '../command-spec.ts';
import { formatBytes, toJson } from '../output-format.ts';
import { addScannedFiles } from './data-add-pipeline.ts';
import {
  createProgressTracker,
  formatCount,
  loadCore,
  shortDigest,
  storeOptions,
  withLocalStore,
} from './data-shared.ts';

const PATH = ['data', 'add'];

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The real path when it exists (symlinked parents resolved), else the lexical one. */
async function realOrSelf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/**
 * Only paths inside the working directory may be added: the version records where it came
 * from, and `status` finds working copies under the current directory.
 */
async function checkAddPath(path: string, storeDir: string): Promise<string> {
  const { invalidArgument } = await loadCore();
  const cwd = process.cwd();
  const absolute = resolve(cwd, path);
  const [realCwd, realPath, realStore] = await Promise.all([
    realOrSelf(cwd),
    realOrSelf(absolute),
    realOrSelf(resolve(cwd, storeDir)),
  ]);
  if (!isInside(cwd, absolute) || !isInside(realCwd, realPath)) {
    throw invalidArgument(
      'data.path_outside_workdir',
      `${path} is outside the current directory (${cwd}); cd to a directory that contains it.`,
    );
  }
  if (isInside(realPath, realStore)) {
    throw new UsageError(
      `the store ${realStore} is inside ${path}; add a subdirectory, or keep the store elsewhere with --store`,
      PATH,
    );
  }
  return absolute;
}

export const dataAddCommand: CommandSpec = {
  kind: 'command',
  name: 'add',
  summary: 'Add a file or directory as a new version of a dataset (created if new)',
  description:
    'Hashes every file (on worker threads; files unchanged since the last add or status are ' +
    'not read again), copies new content into the local store, and records an immutable ' +
    'version. Table files (.csv, .tsv, .parquet, .arrow, .feather, .jsonl, .ndjson) are ' +
    'profiled; a table that cannot be read is reported as a warning and the add still ' +
    'succeeds. Adding identical content again returns the existing version.',
  args: [
    {
      name: 'path',
      description: 'A file or directory inside the current directory',
      required: true,
    },
  ],
  options: {
    name: { type: 'string', valueName: 'dataset', description: 'The dataset name (required)' },
    description: { type: 'string', valueName: 'text', description: "The version's description" },
    tag: {
      type: 'string',
      multiple: true,
      valueName: 'tag',
      description: 'A tag to point at the version (repeatable)',
    },
    run: {
      type: 'string',
      valueName: 'run-id',
      description: 'The run that produced this data (lineage: run → dataset version)',
    },
    fsync: {
      type: 'boolean',
      description:
        'Flush every new object to disk before recording the version (slower, crash-proof)',
    },
    ...storeOptions,
  },
  examples: [
    'cairn data add ./data/images --name images --tag raw',
    'cairn data add train.csv --name churn-train --description "January export"',
  ],
  async run(context) {
    const name = context.string('name');
    if (name === undefined) throw new UsageError('missing --name <dataset>', PATH);
    const core = await loadCore();
    core.validateDatasetName(name);
    const storeDir = context.string('store') ?? '.cairn';
    const absolute = await checkAddPath(context.args['path'] ?? '', storeDir);
    const { scanPath } = await import('@cairn/adapters/workspace');
    // The walk starts while the store's modules load. When opening the store fails the scan
    // is never awaited, so its rejection is marked handled here (its error is not lost: an
    // awaited scan still throws it).
    const scanning = scanPath(absolute);
    scanning.catch(() => undefined);
    await withLocalStore(context, async (store) => {
      const scan = await scanning;
      const progress = createProgressTracker(context.stderr, {
        totalFiles: scan.files.length,
        totalBytes: scan.files.reduce((sum, file) => sum + file.size, 0),
      });
      const description = context.string('description');
      const run = context.string('run');
      const tags = context.strings('tag');
      const { ingest, result } = await addScannedFiles(store, scan, {
        name,
        fsync: context.flag('fsync'),
        onProgress: progress.onProgress,
        version: {
          sourceUri: absolute,
          ...(description === undefined ? {} : { description }),
          ...(run === undefined ? {} : { producedByRunId: run }),
          ...(tags.length === 0 ? {} : { tags }),
        },
      }).finally(progress.finish);
      const { version } = result;
      const hasTables = ingest.entries.some(
        (entry) => core.tableFormatFromPath(entry.path) !== undefined,
      );
      const skipped = hasTables
        ? (await store.datasets.getProfile(store.ctx, name, String(version.version))).skipped
        : [];
      for (const table of skipped) {
        context.stderr.write(
          `warning: ${table.path} was not profiled: ${table.message} [${table.code}]\n`,
        );
      }
      const label = `${version.datasetName}@${version.version}`;
      if (context.json) {
        context.stdout.write(
          toJson({
            ...result,
            hashedFiles: ingest.hashedFiles,
            cachedFiles: ingest.cachedFiles,
            newObjects: ingest.newObjects,
            newBytes: ingest.newBytes,
            skippedTables: skipped,
          }),
        );
      } else if (!result.created) {
        context.stdout.write(`${label} is unchanged\n`);
      } else {
        const files = `${formatCount(version.fileCount)} file${version.fileCount === 1 ? '' : 's'}`;
        context.stdout.write(
          `Added ${label}: ${files}, ${formatBytes(version.totalBytes)} ` +
            `(${formatCount(ingest.newObjects)} new object${ingest.newObjects === 1 ? '' : 's'}) ` +
            `${shortDigest(version.digest)}\n`,
        );
      }
    });
  },
};
