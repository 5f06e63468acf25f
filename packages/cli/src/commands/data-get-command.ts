/** `cairn data get`: write a version's files out of the local store. */
import { resolve } from 'node:path';
import type { LinkMode } from '@cairn/adapters/workspace';
import type { CommandSpec } from '../command-spec.ts';
import { formatBytes, toJson } from '../output-format.ts';
import {
  createProgressTracker,
  formatCount,
  parseRef,
  storeOptions,
  withLocalStore,
} from './data-shared.ts';

export const dataGetCommand: CommandSpec = {
  kind: 'command',
  name: 'get',
  summary: "Write a version's files to a target path",
  description:
    'The target must not exist or be an empty directory (or pass --force to replace it); for a ' +
    'single-file version the target is the file path. Files are written into a temporary ' +
    'sibling and renamed into place, so an interrupted get leaves no half-written target. ' +
    '--link auto uses a copy-on-write clone where the filesystem supports it, else a hard ' +
    'link to the read-only stored object, else a copy.',
  args: [
    {
      name: 'dataset',
      description: 'A dataset, optionally @version, @tag or @latest',
      required: true,
    },
    { name: 'target', description: 'Where to write the files', required: true },
  ],
  options: {
    link: {
      type: 'string',
      valueName: 'mode',
      choices: ['auto', 'reflink', 'hardlink', 'copy'],
      default: 'auto',
      description: 'How files are placed',
    },
    force: { type: 'boolean', description: 'Replace an existing target' },
    ...storeOptions,
  },
  examples: [
    'cairn data get images@3 ./images',
    'cairn data get churn-train@prod train.csv --link copy',
  ],
  async run(context) {
    const ref = await parseRef(context.args['dataset'] ?? '');
    const target = resolve(context.args['target'] ?? '');
    const { materialize } = await import('@cairn/adapters/workspace');
    await withLocalStore(context, async (store) => {
      const version = await store.datasets.getVersion(store.ctx, ref.name, ref.ref);
      const entries = await store.datasets.getManifest(
        store.ctx,
        ref.name,
        String(version.version),
      );
      const progress = createProgressTracker(context.stderr, {
        totalFiles: version.fileCount,
        totalBytes: version.totalBytes,
      });
      let written: Awaited<ReturnType<typeof materialize>>;
      try {
        written = await materialize(entries, {
          kind: version.kind,
          blobRoot: store.blobRoot,
          target,
          link: (context.string('link') ?? 'auto') as LinkMode,
          force: context.flag('force'),
          onProgress: progress.onProgress,
        });
      } finally {
        progress.finish();
      }
      const label = `${version.datasetName}@${version.version}`;
      if (context.json) {
        context.stdout.write(
          toJson({ dataset: version.datasetName, version: version.version, target, ...written }),
        );
        return;
      }
      const how = Object.entries(written.linkCounts)
        .filter(([, count]) => count > 0)
        .map(([mode, count]) => `${mode}: ${formatCount(count)}`)
        .join(', ');
      context.stdout.write(
        `Wrote ${label} to ${target}: ${formatCount(written.files)} file${written.files === 1 ? '' : 's'}, ` +
          `${formatBytes(written.bytes)}${how === '' ? '' : ` (${how})`}\n`,
      );
    });
  },
};
