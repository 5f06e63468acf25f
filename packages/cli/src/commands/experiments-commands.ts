import type { Experiment, Tag } from '@cairn/sdk';
import { UsageError, type CommandContext, type CommandGroup } from '../command-spec.ts';
import { formatFields, formatTable, formatTime, toJson } from '../output-format.ts';
import { filterOptions, pagingOptions, toViewType, viewOption } from './shared-options.ts';
import { printPaged } from './paged-output.ts';

const PATH = ['experiments'];

function printExperiment(context: CommandContext, experiment: Experiment): void {
  if (context.json) {
    context.stdout.write(toJson(experiment));
    return;
  }
  context.stdout.write(
    formatFields([
      ['ID', experiment.experimentId],
      ['Name', experiment.name],
      ['Stage', experiment.lifecycleStage],
      ['Artifact location', experiment.artifactLocation],
      ['Created', formatTime(experiment.creationTime)],
      ['Last updated', formatTime(experiment.lastUpdateTime)],
      ...experiment.tags.map((tag): [string, string] => [`Tag ${tag.key}`, tag.value]),
    ]),
  );
}

function parseTags(values: string[]): Tag[] {
  return values.map((pair) => {
    const equals = pair.indexOf('=');
    if (equals <= 0)
      throw new UsageError(`--tag must be key=value; got '${pair}'`, [...PATH, 'create']);
    return { key: pair.slice(0, equals), value: pair.slice(equals + 1) };
  });
}

const experimentIdArg = { name: 'experiment-id', description: 'The experiment id', required: true };

export const experimentsGroup: CommandGroup = {
  kind: 'group',
  name: 'experiments',
  summary: 'List, inspect, create, delete and restore experiments',
  commands: [
    {
      kind: 'command',
      name: 'list',
      summary: 'List experiments',
      options: {
        ...filterOptions({ filter: `"name LIKE 'mnist%'"`, orderBy: '"creation_time DESC"' }),
        view: viewOption,
        ...pagingOptions,
      },
      examples: [
        'cairn experiments list',
        'cairn experiments list --filter "name LIKE \'mnist%\'" --json',
      ],
      run: (context) =>
        printPaged(
          context,
          (pageToken) =>
            context.client().experiments.list({
              filter: context.string('filter'),
              orderBy: context.strings('order-by'),
              maxResults: context.integer('max-results'),
              pageToken,
              viewType: toViewType(context.string('view')),
            }),
          (items) =>
            formatTable(
              ['ID', 'NAME', 'STAGE', 'CREATED', 'LAST UPDATED'],
              items.map((e) => [
                e.experimentId,
                e.name,
                e.lifecycleStage,
                formatTime(e.creationTime),
                formatTime(e.lastUpdateTime),
              ]),
            ),
        ),
    },
    {
      kind: 'command',
      name: 'show',
      summary: 'Show one experiment, by id or by name',
      args: [{ ...experimentIdArg, required: false }],
      options: {
        name: { type: 'string', valueName: 'name', description: 'Look the experiment up by name' },
      },
      examples: ['cairn experiments show 1', 'cairn experiments show --name mnist'],
      async run(context) {
        const id = context.args['experiment-id'];
        const name = context.string('name');
        if ((id === undefined) === (name === undefined)) {
          throw new UsageError('give either <experiment-id> or --name', [...PATH, 'show']);
        }
        const client = context.client();
        printExperiment(
          context,
          id === undefined
            ? await client.experiments.getByName(name ?? '')
            : await client.experiments.get(id),
        );
      },
    },
    {
      kind: 'command',
      name: 'create',
      summary: 'Create an experiment',
      args: [{ name: 'name', description: 'A unique experiment name', required: true }],
      options: {
        'artifact-location': {
          type: 'string',
          valueName: 'uri',
          description: 'Where its artifacts go (default: the server decides)',
        },
        tag: {
          type: 'string',
          multiple: true,
          valueName: 'key=value',
          description: 'A tag to set',
        },
      },
      examples: ['cairn experiments create mnist --tag team=vision'],
      async run(context) {
        const location = context.string('artifact-location');
        const experiment = await context.client().experiments.create({
          name: context.args['name'] ?? '',
          artifactLocation: location,
          tags: parseTags(context.strings('tag')),
        });
        if (context.json) printExperiment(context, experiment);
        else
          context.stdout.write(
            `Created experiment ${experiment.experimentId} (${experiment.name}).\n`,
          );
      },
    },
    {
      kind: 'command',
      name: 'delete',
      summary: 'Mark an experiment (and its runs) deleted; restore undoes it',
      args: [experimentIdArg],
      async run(context) {
        const id = context.args['experiment-id'] ?? '';
        const client = context.client();
        await client.experiments.delete(id);
        if (context.json) printExperiment(context, await client.experiments.get(id));
        else context.stdout.write(`Deleted experiment ${id}.\n`);
      },
    },
    {
      kind: 'command',
      name: 'restore',
      summary: 'Restore a deleted experiment',
      args: [experimentIdArg],
      async run(context) {
        const experiment = await context
          .client()
          .experiments.restore(context.args['experiment-id'] ?? '');
        if (context.json) printExperiment(context, experiment);
        else
          context.stdout.write(
            `Restored experiment ${experiment.experimentId} (${experiment.name}).\n`,
          );
      },
    },
  ],
};
