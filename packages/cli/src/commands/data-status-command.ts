/** `cairn data status`: how the working copy differs from the version it was added as. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { DatasetVersion, ManifestDiff, ManifestEntry } from '@cairn/core';
import { UsageError, type CommandSpec } from '../command-spec.ts';
import type { LocalDataStore } from '../local-data-store.ts';
import { toJson } from '../output-format.ts';
import {
  createProgressTracker,
  loadCore,
  parseRef,
  storeOptions,
  withLocalStore,
} from './data-shared.ts';

const PATH = ['data', 'status'];

interface Comparison {
  version: DatasetVersion;
  /** The working copy's absolute path. */
  path: string;
}

function isUnder(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

async function allLatestVersions(store: LocalDataStore): Promise<DatasetVersion[]> {
  const versions: DatasetVersion[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.datasets.listDatasets(store.ctx, {
      maxResults: 1000,
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    for (const dataset of page.items) {
      if (dataset.latestVersion > 0) {
        versions.push(await store.datasets.getVersion(store.ctx, dataset.name, 'latest'));
      }
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return versions;
}

function pathOf(version: DatasetVersion, given: string | undefined): string {
  if (given !== undefined) return resolve(given);
  if (version.sourceUri === null || !isAbsolute(version.sourceUri)) {
    throw new UsageError(
      `${version.datasetName}@${version.version} was not added from a local path; name the working copy`,
      PATH,
    );
  }
  return version.sourceUri;
}

async function comparisons(
  store: LocalDataStore,
  given: string | undefined,
  name: string | undefined,
  against: string | undefined,
): Promise<Comparison[]> {
  if (against !== undefined || name !== undefined) {
    const ref =
      against === undefined ? { name: name ?? '', ref: 'latest' } : await parseRef(against);
    const version = await store.datasets.getVersion(store.ctx, ref.name, ref.ref);
    return [{ version, path: pathOf(version, given) }];
  }
  const wanted = given === undefined ? undefined : resolve(given);
  return (await allLatestVersions(store))
    .filter(
      (version) =>
        // Pulled versions record the server URL they came from: no working copy here.
        version.sourceUri !== null &&
        isAbsolute(version.sourceUri) &&
        (wanted === undefined
          ? isUnder(process.cwd(), version.sourceUri)
          : version.sourceUri === wanted),
    )
    .map((version) => ({ version, path: version.sourceUri ?? '' }));
}

/** The working copy's entries; a working copy that is gone has none (all deleted). */
async function workingEntries(
  path: string,
  store: LocalDataStore,
  stderr: Parameters<typeof createProgressTracker>[0],
): Promise<ManifestEntry[]> {
  const { scanPath, openStatCache, hashFiles } = await import('@cairn/adapters/workspace');
  let scan: Awaited<ReturnType<typeof scanPath>>;
  try {
    scan = await scanPath(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'data.path_not_found') return [];
    throw error;
  }
  const progress = createProgressTracker(stderr, {
    totalFiles: scan.files.length,
    totalBytes: scan.files.reduce((sum, file) => sum + file.size, 0),
  });
  const statCache = openStatCache(store.statCachePath);
  try {
    const entries = await hashFiles(scan, { statCache, onProgress: progress.onProgress });
    statCache.flush();
    return entries;
  } finally {
    statCache.close();
    progress.finish();
  }
}

function renderDiff(label: string, diff: ManifestDiff): string {
  const lines = [
    ...diff.changed.map((change) => `  modified: ${change.path}`),
    ...diff.added.map((entry) => `  added:    ${entry.path}`),
    ...diff.removed.map((entry) => `  deleted:  ${entry.path}`),
  ];
  return lines.length === 0 ? `${label}: up to date\n` : `${label}:\n${lines.join('\n')}\n`;
}

export const dataStatusCommand: CommandSpec = {
  kind: 'command',
  name: 'status',
  summary: 'Show files modified, added or deleted since a version was added',
  description:
    'Without arguments, checks every dataset whose latest version was added from a path under ' +
    'the current directory. Files whose size, times and inode are unchanged since they were ' +
    'last hashed are not read again, so a status of an unchanged tree costs little more than ' +
    'listing it.',
  args: [
    {
      name: 'path',
      description: 'The working copy (default: every tracked path under the current directory)',
      required: false,
    },
  ],
  options: {
    name: {
      type: 'string',
      valueName: 'dataset',
      description: "Compare with this dataset's latest version",
    },
    against: {
      type: 'string',
      valueName: 'dataset@ref',
      description: 'Compare with this version',
    },
    ...storeOptions,
  },
  examples: ['cairn data status', 'cairn data status data/images --against images@2'],
  async run(context) {
    const { diffManifests } = await loadCore();
    await withLocalStore(context, async (store) => {
      const given = context.args['path'];
      const items: { dataset: string; version: number; path: string; diff: ManifestDiff }[] = [];
      for (const { version, path } of await comparisons(
        store,
        given,
        context.string('name'),
        context.string('against'),
      )) {
        const recorded = await store.datasets.getManifest(
          store.ctx,
          version.datasetName,
          String(version.version),
        );
        const diff = diffManifests(recorded, await workingEntries(path, store, context.stderr));
        items.push({ dataset: version.datasetName, version: version.version, path, diff });
        if (!context.json) {
          const shown = relative(process.cwd(), path) || '.';
          context.stdout.write(
            renderDiff(`${version.datasetName}@${version.version} (${shown})`, diff),
          );
        }
      }
      if (context.json) context.stdout.write(toJson({ items }));
      else if (items.length === 0) {
        context.stdout.write(
          `No dataset was added from ${given === undefined ? 'under this directory' : given}.\n`,
        );
      }
    });
  },
};
