/** `cairn models …`: registered models, their versions and aliases, and model cards. */
import type { ModelVersion, RegisteredModel } from '@cairn/sdk';
import { UsageError, type CommandContext, type CommandGroup } from '../command-spec.ts';
import { formatFields, formatTable, formatTime, toJson } from '../output-format.ts';
import { approvalCommands } from './approval-commands.ts';
import { printPaged } from './paged-output.ts';
import { filterOptions, pagingOptions } from './shared-options.ts';

const nameArg = { name: 'name', description: 'The registered model name', required: true };
const versionArg = { name: 'version', description: 'The version number', required: true };

function versionOf(context: CommandContext, path: string[]): number {
  const text = context.args['version'] ?? '';
  const version = Number(text);
  if (!/^\d{1,15}$/.test(text) || version < 1) {
    throw new UsageError(`the version must be a positive number, not '${text}'`, path);
  }
  return version;
}

function aliasesOf(model: RegisteredModel): string {
  return model.aliases.map((a) => `${a.alias}→v${a.version}`).join(', ') || '-';
}

function renderModels(models: RegisteredModel[]): string {
  return formatTable(
    ['NAME', 'LATEST', 'ALIASES', 'UPDATED'],
    models.map((m) => [
      m.name,
      m.latestVersions.length === 0
        ? '-'
        : `v${Math.max(...m.latestVersions.map((v) => v.version))}`,
      aliasesOf(m),
      formatTime(m.lastUpdatedTimestamp),
    ]),
  );
}

function renderVersions(versions: ModelVersion[]): string {
  return formatTable(
    ['VERSION', 'STAGE', 'ALIASES', 'RUN', 'CREATED', 'SOURCE'],
    versions.map((v) => [
      String(v.version),
      v.currentStage,
      v.aliases.join(', ') || '-',
      v.runId ?? '-',
      formatTime(v.creationTimestamp),
      v.source,
    ]),
  );
}

function renderModel(model: RegisteredModel): string {
  return formatFields([
    ['Name', model.name],
    ['Id', model.id],
    ['Description', model.description || '-'],
    ['Owner', model.userId || '-'],
    ['Created', formatTime(model.creationTimestamp)],
    ['Updated', formatTime(model.lastUpdatedTimestamp)],
    ['Aliases', aliasesOf(model)],
    ['Tags', model.tags.map((t) => `${t.key}=${t.value}`).join(', ') || '-'],
    [
      'Latest versions',
      model.latestVersions.map((v) => `v${v.version} (${v.currentStage})`).join(', ') || '-',
    ],
  ]);
}

export const modelsGroup: CommandGroup = {
  kind: 'group',
  name: 'models',
  summary: 'Registered models, versions, aliases, model cards and alias approvals',
  commands: [
    {
      kind: 'command',
      name: 'list',
      summary: 'List registered models',
      options: {
        ...filterOptions({ filter: '"name LIKE \'churn%\'"', orderBy: '"name DESC"' }),
        ...pagingOptions,
      },
      async run(context) {
        const client = context.client();
        await printPaged(
          context,
          (pageToken) =>
            client.registry.searchModels({
              ...(context.string('filter') === undefined
                ? {}
                : { filter: context.string('filter') }),
              orderBy: context.strings('order-by'),
              ...(context.integer('max-results') === undefined
                ? {}
                : { maxResults: context.integer('max-results') }),
              ...(pageToken === undefined ? {} : { pageToken }),
            }),
          renderModels,
        );
      },
    },
    {
      kind: 'command',
      name: 'show',
      summary: 'Show a registered model',
      args: [nameArg],
      async run(context) {
        const model = await context.client().registry.getModel(context.args['name'] ?? '');
        context.stdout.write(context.json ? toJson(model) : renderModel(model));
      },
    },
    {
      kind: 'command',
      name: 'versions',
      summary: "List a registered model's versions",
      args: [nameArg],
      options: {
        ...filterOptions({
          filter: '"tags.validated = \'yes\'"',
          orderBy: '"version_number DESC"',
        }),
        ...pagingOptions,
      },
      async run(context) {
        const client = context.client();
        const name = context.args['name'] ?? '';
        await printPaged(
          context,
          (pageToken) =>
            client.registry.listVersions(name, {
              ...(context.string('filter') === undefined
                ? {}
                : { filter: context.string('filter') }),
              orderBy: context.strings('order-by'),
              ...(context.integer('max-results') === undefined
                ? {}
                : { maxResults: context.integer('max-results') }),
              ...(pageToken === undefined ? {} : { pageToken }),
            }),
          renderVersions,
        );
      },
    },
    {
      kind: 'command',
      name: 'alias',
      summary: 'Point an alias at a version (set), or remove it (delete)',
      description:
        'A protected alias (e.g. champion) cannot be moved directly: it takes an approved request.',
      args: [
        { name: 'action', description: 'set or delete', required: true },
        nameArg,
        { name: 'alias', description: 'The alias, e.g. champion', required: true },
        { name: 'version', description: 'The version (for set)', required: false },
      ],
      examples: [
        'cairn models alias set churn champion 3',
        'cairn models alias delete churn challenger',
      ],
      async run(context) {
        const path = ['models', 'alias'];
        const action = context.args['action'];
        const name = context.args['name'] ?? '';
        const alias = context.args['alias'] ?? '';
        const registry = context.client().registry;
        if (action === 'set') {
          const version = versionOf(context, path);
          await registry.setAlias(name, alias, version);
          const result = { name, alias, version };
          context.stdout.write(
            context.json
              ? toJson(result)
              : `Alias ${alias} of ${name} now points to version ${version}.\n`,
          );
        } else if (action === 'delete') {
          await registry.deleteAlias(name, alias);
          context.stdout.write(
            context.json ? toJson({ name, alias }) : `Alias ${alias} of ${name} deleted.\n`,
          );
        } else {
          throw new UsageError(`the action is set or delete, not '${action ?? ''}'`, path);
        }
      },
    },
    {
      kind: 'command',
      name: 'card',
      summary: "Print a version's model card (the saved one, or the draft pre-filled from lineage)",
      args: [nameArg, versionArg],
      options: {
        format: {
          type: 'string',
          valueName: 'fmt',
          choices: ['markdown', 'html', 'json'],
          default: 'markdown',
          description: 'Output format',
        },
      },
      examples: [
        'cairn models card churn 3',
        'cairn models card churn 3 --format html > card.html',
      ],
      async run(context) {
        const name = context.args['name'] ?? '';
        const version = versionOf(context, ['models', 'card']);
        const registry = context.client().registry;
        if (context.json) {
          context.stdout.write(toJson(await registry.getModelCard(name, version)));
          return;
        }
        const format = (context.string('format') ?? 'markdown') as 'markdown' | 'html' | 'json';
        context.stdout.write(await registry.exportModelCard(name, version, format));
      },
    },
    ...approvalCommands,
  ],
};
