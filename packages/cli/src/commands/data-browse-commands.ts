/** `cairn data ls|show|diff|tag`: read and label versions, locally or (--remote) on the server. */
import type { DatasetDiff, DatasetProfile, DatasetVersion, ManagedDataset } from '@cairn/core';
import type { CommandSpec } from '../command-spec.ts';
import { formatBytes, formatFields, formatTable, formatTime, toJson } from '../output-format.ts';
import { pagingOptions } from './shared-options.ts';
import { printPaged } from './paged-output.ts';
import {
  formatCount,
  parseRef,
  shortDigest,
  storeOrRemoteOptions,
  withDatasets,
} from './data-shared.ts';

const datasetRefArg = {
  name: 'dataset',
  description: 'A dataset, optionally @version, @tag or @latest',
  required: true,
};

function renderDatasets(datasets: ManagedDataset[]): string {
  return formatTable(
    ['NAME', 'LATEST', 'TAGS', 'UPDATED', 'DESCRIPTION'],
    datasets.map((dataset) => [
      dataset.name,
      dataset.latestVersion === 0 ? '-' : String(dataset.latestVersion),
      Object.entries(dataset.tags)
        .map(([tag, version]) => `${tag}=${version}`)
        .join(', ') || '-',
      formatTime(dataset.updatedAt),
      dataset.description || '-',
    ]),
  );
}

function renderVersions(versions: DatasetVersion[]): string {
  return formatTable(
    ['VERSION', 'KIND', 'FILES', 'SIZE', 'DIGEST', 'TAGS', 'CREATED', 'DESCRIPTION'],
    versions.map((version) => [
      String(version.version),
      version.kind,
      formatCount(version.fileCount),
      formatBytes(version.totalBytes),
      shortDigest(version.digest),
      version.tags.join(', ') || '-',
      formatTime(version.createdAt),
      version.description || '-',
    ]),
  );
}

function renderVersion(version: DatasetVersion, profile: DatasetProfile): string {
  let text = formatFields([
    ['Dataset', version.datasetName],
    ['Version', String(version.version)],
    ['Kind', version.kind],
    ['Digest', `sha256:${version.digest}`],
    ['Files', formatCount(version.fileCount)],
    ['Size', formatBytes(version.totalBytes)],
    ['Tags', version.tags.join(', ') || '-'],
    ['Source', version.sourceUri ?? '-'],
    ['Produced by run', version.producedByRunId ?? '-'],
    ['Created', `${formatTime(version.createdAt)} by ${version.createdBy}`],
    ['Description', version.description || '-'],
  ]);
  if (profile.tables.length > 0) {
    text += `\n${formatTable(
      ['TABLE', 'FORMAT', 'ROWS', 'COLUMNS'],
      profile.tables.map((table) => [
        table.path,
        table.format,
        formatCount(table.rowCount),
        String(table.columns.length),
      ]),
    )}`;
  }
  for (const skipped of profile.skipped) {
    text += `not profiled: ${skipped.path}: ${skipped.message} [${skipped.code}]\n`;
  }
  return text;
}

function statistic(value: number | string | null): string {
  if (value === null) return '-';
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : value;
}

function renderDiff(diff: DatasetDiff): string {
  const lines = [
    `${diff.from.datasetName}@${diff.from.version} → ${diff.to.datasetName}@${diff.to.version}`,
    ...diff.files.added.map((entry) => `  added:    ${entry.path} (${formatBytes(entry.size)})`),
    ...diff.files.removed.map((entry) => `  removed:  ${entry.path} (${formatBytes(entry.size)})`),
    ...diff.files.changed.map(
      (change) =>
        `  changed:  ${change.path} (${formatBytes(change.fromSize)} → ${formatBytes(change.toSize)})`,
    ),
    `  ${formatCount(diff.files.unchangedCount)} unchanged`,
  ];
  for (const table of diff.tables) {
    const { rows, columns } = table;
    lines.push(
      `table ${table.path}: rows ${formatCount(rows.from)} → ${formatCount(rows.to)} ` +
        `(+${formatCount(rows.added)} added, -${formatCount(rows.removed)} removed)`,
    );
    if (columns.added.length > 0) lines.push(`  columns added: ${columns.added.join(', ')}`);
    if (columns.removed.length > 0) lines.push(`  columns removed: ${columns.removed.join(', ')}`);
    for (const change of columns.typeChanged) {
      lines.push(`  type of ${change.name}: ${change.from} → ${change.to}`);
    }
    for (const moved of table.statistics) {
      lines.push(
        `  ${moved.statistic} of ${moved.column}: ${statistic(moved.from)} → ${statistic(moved.to)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const lsCommand: CommandSpec = {
  kind: 'command',
  name: 'ls',
  summary: 'List datasets, or the versions of one dataset',
  args: [{ name: 'dataset', description: 'List the versions of this dataset', required: false }],
  options: {
    prefix: {
      type: 'string',
      valueName: 'text',
      description: 'Only datasets whose name starts so',
    },
    ...pagingOptions,
    ...storeOrRemoteOptions,
  },
  examples: ['cairn data ls', 'cairn data ls images', 'cairn data ls --remote --prefix churn'],
  async run(context) {
    const name = context.args['dataset'];
    const maxResults = context.integer('max-results');
    const paging = (pageToken: string | undefined) => ({
      ...(maxResults === undefined ? {} : { maxResults }),
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    await withDatasets(context, async (api, ctx) => {
      if (name === undefined) {
        const prefix = context.string('prefix');
        await printPaged(
          context,
          (pageToken) =>
            api.listDatasets(ctx, {
              ...paging(pageToken),
              ...(prefix === undefined ? {} : { namePrefix: prefix }),
            }),
          renderDatasets,
        );
      } else {
        await printPaged(
          context,
          (pageToken) => api.listVersions(ctx, name, paging(pageToken)),
          renderVersions,
        );
      }
    });
  },
};

const showCommand: CommandSpec = {
  kind: 'command',
  name: 'show',
  summary: 'Show a version: its files, tags, source and per-table profile summary',
  args: [datasetRefArg],
  options: storeOrRemoteOptions,
  examples: ['cairn data show images', 'cairn data show churn-train@prod --json'],
  async run(context) {
    const ref = await parseRef(context.args['dataset'] ?? '');
    await withDatasets(context, async (api, ctx) => {
      const version = await api.getVersion(ctx, ref.name, ref.ref);
      const profile = await api.getProfile(ctx, ref.name, String(version.version));
      context.stdout.write(
        context.json ? toJson({ version, profile }) : renderVersion(version, profile),
      );
    });
  },
};

const diffCommand: CommandSpec = {
  kind: 'command',
  name: 'diff',
  summary:
    'Compare two versions: files added, removed and changed, and for tables rows and columns',
  description:
    'Either two versions of one dataset (images@1 images@2) or the latest versions of two ' +
    'datasets. A changed table file (same path, different bytes) is compared row by row: rows ' +
    'added and removed, columns added, removed or retyped, and statistics that moved.',
  args: [
    { name: 'from', description: 'The older version, e.g. images@1', required: true },
    { name: 'to', description: 'The newer version, e.g. images@2', required: true },
  ],
  options: storeOrRemoteOptions,
  examples: ['cairn data diff churn@1 churn@2', 'cairn data diff churn-jan churn-feb --json'],
  async run(context) {
    const from = await parseRef(context.args['from'] ?? '');
    const to = await parseRef(context.args['to'] ?? '');
    await withDatasets(context, async (api, ctx) => {
      const diff = await api.diffVersions(ctx, from, to);
      context.stdout.write(context.json ? toJson(diff) : renderDiff(diff));
    });
  },
};

const tagCommand: CommandSpec = {
  kind: 'command',
  name: 'tag',
  summary: 'Point a tag at a version (moving it if it pointed elsewhere), or delete it',
  args: [datasetRefArg, { name: 'tag', description: 'The tag, e.g. prod', required: true }],
  options: {
    delete: { type: 'boolean', description: 'Delete the tag instead' },
    ...storeOrRemoteOptions,
  },
  examples: ['cairn data tag images@3 prod', 'cairn data tag images prod --delete'],
  async run(context) {
    const ref = await parseRef(context.args['dataset'] ?? '');
    const tag = context.args['tag'] ?? '';
    await withDatasets(context, async (api, ctx) => {
      if (context.flag('delete')) {
        await api.deleteTag(ctx, ref.name, tag);
        context.stdout.write(
          context.json
            ? toJson({ dataset: ref.name, tag, deleted: true })
            : `Deleted tag ${tag} of ${ref.name}.\n`,
        );
        return;
      }
      const version = await api.setTag(ctx, ref.name, tag, ref.ref);
      context.stdout.write(
        context.json
          ? toJson(version)
          : `Tag ${tag} of ${ref.name} now points to version ${version.version}.\n`,
      );
    });
  },
};

export const dataBrowseCommands: readonly CommandSpec[] = [
  lsCommand,
  showCommand,
  diffCommand,
  tagCommand,
];
