/**
 * `cairn lineage <kind>:<id>`: where an entity came from and what came of it, printed as
 * trees (upstream: each node's inputs below it; downstream: each node's products below it).
 */
import type { LineageGraph } from '@cairn/sdk';
import { UsageError, type CommandSpec } from '../command-spec.ts';
import { toJson } from '../output-format.ts';

type Node = LineageGraph['nodes'][number];
type Edge = LineageGraph['edges'][number];

function describeNode(node: Node): string {
  const label = node.label !== node.id ? ` (${node.label})` : '';
  return `${node.kind} ${node.id}${label}`;
}

/** One tree; a node reached again is printed with `(see above)` instead of its subtree. */
function renderTree(graph: LineageGraph, upstream: boolean): string[] {
  const nodes = new Map(graph.nodes.map((n) => [`${n.kind}:${n.id}`, n]));
  const next = new Map<string, Edge[]>();
  for (const edge of graph.edges) {
    const key = upstream ? edge.to : edge.from;
    next.set(key, [...(next.get(key) ?? []), edge]);
  }
  const lines: string[] = [];
  const shown = new Set<string>([graph.root]);
  const walk = (key: string, prefix: string) => {
    const edges = next.get(key) ?? [];
    edges.forEach((edge, index) => {
      const last = index === edges.length - 1;
      const child = upstream ? edge.from : edge.to;
      const node = nodes.get(child);
      const text = node === undefined ? child : describeNode(node);
      const seen = shown.has(child);
      lines.push(
        `${prefix}${last ? '└─' : '├─'} ${edge.relation}: ${text}${seen ? ' (see above)' : ''}`,
      );
      if (seen) return;
      shown.add(child);
      walk(child, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(graph.root, '');
  return lines;
}

export function renderLineage(graph: LineageGraph, direction: string): string {
  const root = graph.nodes.find((n) => `${n.kind}:${n.id}` === graph.root);
  const lines = [root === undefined ? graph.root : describeNode(root)];
  for (const [name, upstream] of [
    ['Upstream (where it came from)', true],
    ['Downstream (what came of it)', false],
  ] as const) {
    if (direction === (upstream ? 'downstream' : 'upstream')) continue;
    const tree = renderTree(graph, upstream);
    lines.push(
      '',
      `${name}:`,
      ...(tree.length === 0 ? ['  (nothing)'] : tree.map((l) => `  ${l}`)),
    );
  }
  if (graph.hidden > 0) lines.push('', `${graph.hidden} node(s) hidden: you may not read them.`);
  if (graph.truncated) lines.push('', 'The graph was cut at the node limit; lower --depth.');
  return `${lines.join('\n')}\n`;
}

export const lineageCommand: CommandSpec = {
  kind: 'command',
  name: 'lineage',
  summary: 'Show where an entity came from and what came of it',
  description:
    'The entity is <kind>:<id>: dataset_version:<dataset name>@<version> (a Cairn dataset ' +
    'version), dataset:<name>@<digest> (an MLflow dataset input that matches no version), ' +
    'run:<run id>, logged_model:<model id>, model_version:<model name>/<version> or ' +
    'code_version:<git commit>.',
  args: [{ name: 'entity', description: 'The entity, as <kind>:<id>', required: true }],
  options: {
    direction: {
      type: 'string',
      valueName: 'dir',
      choices: ['upstream', 'downstream', 'both'],
      default: 'both',
      description: 'Which way to walk',
    },
    depth: {
      type: 'integer',
      valueName: 'n',
      description: 'Edges to follow (default 5, at most 20)',
    },
  },
  examples: [
    'cairn lineage model_version:churn/3',
    'cairn lineage dataset_version:churn-train@2 --direction downstream',
    'cairn lineage run:4f1c… --direction downstream --json',
  ],
  async run(context) {
    const entity = context.args['entity'] ?? '';
    if (!entity.includes(':')) {
      throw new UsageError('the entity is <kind>:<id>, e.g. model_version:churn/3', ['lineage']);
    }
    const direction = (context.string('direction') ?? 'both') as 'upstream' | 'downstream' | 'both';
    const depth = context.integer('depth');
    const graph = await context
      .client()
      .registry.lineage(entity, { direction, ...(depth === undefined ? {} : { depth }) });
    context.stdout.write(context.json ? toJson(graph) : renderLineage(graph, direction));
  },
};
