import type { ArtifactItem } from '@cairn/sdk';
import { type CommandGroup } from '../command-spec.ts';
import { collectArtifactFiles, downloadArtifacts } from '../artifact-download.ts';
import { formatBytes, formatTable, toJson } from '../output-format.ts';

const runIdArg = { name: 'run-id', description: 'The run id', required: true };

export const artifactsGroup: CommandGroup = {
  kind: 'group',
  name: 'artifacts',
  summary: "List and download a run's artifacts",
  commands: [
    {
      kind: 'command',
      name: 'list',
      summary: 'List the artifacts of a run (one directory, or all files with --recursive)',
      args: [
        runIdArg,
        {
          name: 'path',
          description: 'A directory below the run root (default: the root)',
          required: false,
        },
      ],
      options: {
        recursive: { type: 'boolean', short: 'r', description: 'List every file below the path' },
      },
      examples: ['cairn artifacts list <run-id>', 'cairn artifacts list <run-id> model -r'],
      async run(context) {
        const client = context.client();
        const runId = context.args['run-id'] ?? '';
        const path = (context.args['path'] ?? '').replace(/^\/+|\/+$/g, '');
        const items: ArtifactItem[] = context.flag('recursive')
          ? (await collectArtifactFiles(client, runId, path)).files.map((file) => ({
              path: file.path,
              isDir: false,
              ...(file.size === undefined ? {} : { size: file.size }),
            }))
          : await client.artifacts.list(runId, path);
        if (context.json) {
          context.stdout.write(toJson({ items }));
          return;
        }
        context.stdout.write(
          items.length === 0
            ? 'No artifacts.\n'
            : formatTable(
                ['PATH', 'SIZE'],
                items.map((item) => [
                  item.isDir ? `${item.path}/` : item.path,
                  item.size === undefined ? '-' : formatBytes(item.size),
                ]),
              ),
        );
      },
    },
    {
      kind: 'command',
      name: 'download',
      summary: 'Download an artifact file, or a directory recursively',
      description:
        'A directory keeps its last name under --dest (downloading `model` writes <dest>/model/…); ' +
        'the whole run (no path) is written straight into --dest. A progress bar is drawn on ' +
        'stderr when it is a terminal.',
      args: [
        runIdArg,
        {
          name: 'path',
          description: 'A file or directory (default: every artifact of the run)',
          required: false,
        },
      ],
      options: {
        dest: { type: 'string', valueName: 'dir', default: '.', description: 'Where to write' },
      },
      examples: ['cairn artifacts download <run-id> model --dest ./downloads'],
      async run(context) {
        const summary = await downloadArtifacts({
          client: context.client(),
          runId: context.args['run-id'] ?? '',
          path: context.args['path'] ?? '',
          dest: context.string('dest') ?? '.',
          stderr: context.stderr,
        });
        context.stdout.write(
          context.json
            ? toJson(summary)
            : `Downloaded ${summary.files.length} file(s), ${formatBytes(summary.totalBytes)}, to ${summary.dest}.\n`,
        );
      },
    },
  ],
};
