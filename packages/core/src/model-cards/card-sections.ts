/**
 * The card laid out once as titled sections of fields, lists and tables; the Markdown and
 * HTML exports only differ in how they write (and escape) these blocks.
 */
import type { ModelCard } from './model-card.ts';

export type CardBlock =
  | { kind: 'field'; label: string; value: string }
  | { kind: 'list'; label: string; items: string[] }
  | { kind: 'table'; label: string; headers: string[]; rows: string[][] };

export interface CardSection {
  title: string;
  blocks: CardBlock[];
}

const field = (label: string, value: string): CardBlock[] =>
  value.trim() === '' ? [] : [{ kind: 'field', label, value }];
const list = (label: string, items: string[]): CardBlock[] =>
  items.length === 0 ? [] : [{ kind: 'list', label, items }];
const table = (label: string, headers: string[], rows: string[][]): CardBlock[] =>
  rows.length === 0 ? [] : [{ kind: 'table', label, headers, rows }];

export function cardSections(card: ModelCard): CardSection[] {
  const c = card.content;
  const d = c.model_details;
  const p = c.model_parameters;
  const k = c.considerations;
  const data = (role: string) => p.data.filter((x) => x.role === role);
  const dataRows = (items: typeof p.data) =>
    items.map((x) => [
      x.name,
      x.digest,
      x.link,
      x.description,
      x.sensitive.sensitive_data.join(', '),
    ]);
  const dataHeaders = ['Name', 'Digest', 'Source', 'Description', 'Sensitive data'];
  const sections: CardSection[] = [
    {
      title: 'Model details',
      blocks: [
        ...field('Name', d.name),
        ...field(
          'Version',
          [d.version.name, d.version.date, d.version.diff].filter(Boolean).join(' · '),
        ),
        ...field('Overview', d.overview),
        ...field('Documentation', d.documentation),
        ...list(
          'Owners',
          d.owners.map((o) => (o.contact ? `${o.name} (${o.contact})` : o.name)),
        ),
        ...list(
          'Licenses',
          d.licenses.map((l) => l.identifier || l.custom_text),
        ),
        ...list(
          'References',
          d.references.map((r) => r.reference),
        ),
        ...list(
          'Citations',
          d.citations.map((x) => (x.style ? `${x.citation} [${x.style}]` : x.citation)),
        ),
      ],
    },
    {
      title: 'Intended use',
      blocks: [...list('Users', k.users), ...list('Use cases', k.use_cases)],
    },
    { title: 'Factors', blocks: list('Factors', c.factors) },
    {
      title: 'Metrics and quantitative analysis',
      blocks: table(
        'Performance metrics',
        ['Metric', 'Value', 'Slice'],
        c.quantitative_analysis.performance_metrics.map((m) => [m.type, m.value, m.slice]),
      ),
    },
    {
      title: 'Training data',
      blocks: table('Datasets', dataHeaders, dataRows(data('training'))),
    },
    {
      title: 'Evaluation data',
      blocks: table('Datasets', dataHeaders, dataRows(data('evaluation'))),
    },
    {
      title: 'Model parameters',
      blocks: [
        ...field('Architecture', p.model_architecture),
        ...field('Input format', p.input_format),
        ...field('Output format', p.output_format),
        ...table('Other datasets', dataHeaders, dataRows(data('other'))),
        ...table(
          'Training parameters',
          ['Name', 'Value'],
          p.parameters.map((x) => [x.name, x.value]),
        ),
      ],
    },
    {
      title: 'Considerations',
      blocks: [
        ...list('Limitations', k.limitations),
        ...list('Tradeoffs', k.tradeoffs),
        ...table(
          'Ethical considerations',
          ['Risk', 'Mitigation'],
          k.ethical_considerations.map((e) => [e.name, e.mitigation_strategy]),
        ),
      ],
    },
    {
      title: 'Code version',
      blocks:
        c.code_version === null
          ? []
          : [
              ...field('Repository', c.code_version.repo_url),
              ...field('Commit', c.code_version.commit),
              ...field('Entry point', c.code_version.source_name),
            ],
    },
  ];
  return sections;
}

/** The line under the title: which revision this is, by whom and when. */
export function provenanceLine(card: ModelCard): string {
  return card.revision === 0
    ? 'Draft pre-filled from lineage (not saved yet).'
    : `Revision ${card.revision}, saved by ${card.author} on ${new Date(card.createdAt).toISOString()}.`;
}
