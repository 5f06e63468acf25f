import type { Run } from '@cairn/sdk';
import {
  UsageError,
  type CommandContext,
  type CommandGroup,
  type CommandSpec,
  type OptionSpec,
} from '../command-spec.ts';
import {
  formatDuration,
  formatFields,
  formatNumber,
  formatTable,
  formatTime,
  toJson,
} from '../output-format.ts';
import { printPaged } from './paged-output.ts';
import { filterOptions, pagingOptions, toViewType, viewOption } from './shared-options.ts';

const experimentOptions: Readonly<Record<string, OptionSpec>> = {
  'experiment-id': {
    type: 'string',
    multiple: true,
    valueName: 'id',
    description: 'An experiment to look in',
  },
  experiment: {
    type: 'string',
    multiple: true,
    valueName: 'name',
    description: 'An experiment to look in, by name',
  },
};

/** The ids of `--experiment-id` plus those of `--experiment` names (at least one is required). */
async function experimentIds(context: CommandContext, path: string[]): Promise<string[]> {
  const ids = context.strings('experiment-id');
  const names = context.strings('experiment');
  if (ids.length === 0 && names.length === 0) {
    throw new UsageError(
      'choose experiments with --experiment-id <id> or --experiment <name>',
      path,
    );
  }
  const client = context.client();
  for (const name of names) ids.push((await client.experiments.getByName(name)).experimentId);
  return ids;
}

function renderRuns(runs: Run[]): string {
  return formatTable(
    ['RUN ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED', 'DURATION'],
    runs.map(({ info }) => [
      info.runId,
      info.runName,
      info.experimentId,
      info.status,
      formatTime(info.startTime),
      formatDuration(info.startTime, info.endTime),
    ]),
  );
}

function searchCommand(name: string, summary: string, withFilter: boolean): CommandSpec {
  const path = ['runs', name];
  return {
    kind: 'command',
    name,
    summary,
    options: {
      ...experimentOptions,
      ...(withFilter
        ? filterOptions({
            filter: `"metrics.acc > 0.9 and params.lr = '0.1'"`,
            orderBy: '"metrics.acc DESC"',
          })
        : {}),
      view: viewOption,
      ...pagingOptions,
    },
    examples: withFilter
      ? [
          'cairn runs search --experiment mnist --filter "metrics.acc > 0.9" --order-by "metrics.acc DESC"',
          'cairn runs search --experiment-id 1 --experiment-id 2 --all --json',
        ]
      : [
          'cairn runs list --experiment mnist',
          'cairn runs list --experiment-id 0 --max-results 20',
        ],
    async run(context) {
      const ids = await experimentIds(context, path);
      const client = context.client();
      await printPaged(
        context,
        (pageToken) =>
          client.runs.search({
            experimentIds: ids,
            filter: withFilter ? context.string('filter') : undefined,
            orderBy: withFilter ? context.strings('order-by') : undefined,
            maxResults: context.integer('max-results'),
            pageToken,
            viewType: toViewType(context.string('view')),
          }),
        renderRuns,
      );
    },
  };
}

function renderRun(run: Run): string {
  const { info, data } = run;
  const parts = [
    formatFields([
      ['Run ID', info.runId],
      ['Name', info.runName],
      ['Experiment', info.experimentId],
      ['Status', info.status],
      ['Stage', info.lifecycleStage],
      ['User', info.userId],
      ['Started', formatTime(info.startTime)],
      ['Ended', formatTime(info.endTime)],
      ['Duration', formatDuration(info.startTime, info.endTime)],
      ['Artifact URI', info.artifactUri],
    ]),
  ];
  if (data.params.length > 0) {
    parts.push(
      formatTable(
        ['PARAM', 'VALUE'],
        data.params.map((p) => [p.key, p.value]),
      ),
    );
  }
  if (data.metrics.length > 0) {
    parts.push(
      formatTable(
        ['METRIC', 'VALUE', 'STEP', 'TIME'],
        data.metrics.map((m) => [
          m.key,
          formatNumber(m.value),
          String(m.step),
          formatTime(m.timestamp),
        ]),
      ),
    );
  }
  if (data.tags.length > 0) {
    parts.push(
      formatTable(
        ['TAG', 'VALUE'],
        data.tags.map((t) => [t.key, t.value]),
      ),
    );
  }
  return parts.join('\n');
}

export const runsGroup: CommandGroup = {
  kind: 'group',
  name: 'runs',
  summary: 'List, search and inspect runs',
  commands: [
    searchCommand('list', 'List the runs of experiments, newest first', false),
    {
      kind: 'command',
      name: 'show',
      summary: 'Show a run with its params, latest metrics and tags',
      args: [{ name: 'run-id', description: 'The run id', required: true }],
      examples: ['cairn runs show <run-id>', 'cairn runs show <run-id> --json'],
      async run(context) {
        const run = await context.client().runs.get(context.args['run-id'] ?? '');
        context.stdout.write(context.json ? toJson(run) : renderRun(run));
      },
    },
    searchCommand('search', 'Search runs with a filter and a sort order', true),
  ],
};
