/** `cairn data profile|schema|validate`: table statistics, schemas and the validation gate. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type {
  Anomaly,
  DatasetProfile,
  DatasetSchema,
  SchemaRevision,
  TableFormat,
  ValidationReport,
} from '@cairn/core';
import { UsageError, type CommandContext, type CommandSpec } from '../command-spec.ts';
import { formatFields, formatTable, formatTime, toJson } from '../output-format.ts';
import {
  formatCount,
  loadCore,
  parseRef,
  storeOrRemoteOptions,
  withDatasets,
} from './data-shared.ts';

const FORMATS = ['csv', 'parquet', 'arrow', 'jsonl'] as const;

const formatOption = {
  type: 'string',
  valueName: 'format',
  choices: FORMATS,
  description: 'The table format of --file (default: from its extension)',
} as const;

function value(cell: number | string | null): string {
  if (cell === null) return '-';
  return typeof cell === 'number' ? String(Number(cell.toPrecision(6))) : cell;
}

function renderProfile(profile: DatasetProfile): string {
  const parts = profile.tables.map(
    (table) =>
      `${table.path} (${table.format}): ${formatCount(table.rowCount)} rows, ${table.columns.length} columns\n` +
      formatTable(
        ['COLUMN', 'TYPE', 'NULLS', 'DISTINCT', 'MIN', 'MAX', 'MEAN', 'STD'],
        table.columns.map((column) => [
          column.name,
          column.type,
          `${formatCount(column.nullCount)} (${(column.nullFraction * 100).toFixed(1)}%)`,
          formatCount(column.distinctCount),
          value(column.min),
          value(column.max),
          value(column.mean),
          value(column.std),
        ]),
      ),
  );
  for (const skipped of profile.skipped) {
    parts.push(`not profiled: ${skipped.path}: ${skipped.message} [${skipped.code}]\n`);
  }
  return parts.length === 0 ? 'No table files.\n' : parts.join('\n');
}

function renderAnomaly(anomaly: Anomaly): string {
  const where = anomaly.column === null ? anomaly.table : `${anomaly.table} ${anomaly.column}`;
  const lines = [
    `${anomaly.severity.padEnd(7)} ${anomaly.code}  ${where}: ${anomaly.message}`,
    // `observed` already counts the offending rows; --json carries rowCount as a number.
    `        expected ${anomaly.expected}; observed ${anomaly.observed}`,
  ];
  const sample = anomaly.sampleRows[0];
  if (sample !== undefined) lines.push(`        sample row: ${JSON.stringify(sample)}`);
  return lines.join('\n');
}

function renderReport(report: ValidationReport): string {
  const verdict = report.passed ? 'Passed' : 'FAILED';
  const errors = `${report.errorCount} error${report.errorCount === 1 ? '' : 's'}`;
  const warnings = `${report.warningCount} warning${report.warningCount === 1 ? '' : 's'}`;
  const against =
    report.schemaRevision === null ? '' : ` (schema revision ${report.schemaRevision})`;
  return (
    [...report.anomalies.map(renderAnomaly), `${verdict}${against}: ${errors}, ${warnings}`].join(
      '\n',
    ) + '\n'
  );
}

function renderRevision(revision: SchemaRevision): string {
  const { schema } = revision;
  return (
    formatFields([
      ['Dataset', revision.datasetName],
      ['Revision', String(revision.revision)],
      [
        'Inferred from',
        revision.inferredFromVersion === null ? '-' : `version ${revision.inferredFromVersion}`,
      ],
      ['Saved', `${formatTime(revision.createdAt)} by ${revision.author}`],
      [
        'Row count',
        schema.rowCount === undefined
          ? 'any'
          : `${schema.rowCount.min ?? 0} – ${schema.rowCount.max ?? '∞'}`,
      ],
      ['Unexpected columns', schema.unexpectedColumns ?? 'warning'],
    ]) +
    '\n' +
    formatTable(
      ['COLUMN', 'TYPE', 'REQUIRED', 'MAX NULLS', 'UNIQUE', 'RANGE', 'DOMAIN'],
      schema.columns.map((column) => [
        column.name,
        column.type,
        column.required ? 'yes' : 'no',
        String(column.maxNullFraction),
        column.unique === true ? 'yes' : 'no',
        column.min === undefined && column.max === undefined
          ? '-'
          : `${column.min ?? '-∞'} … ${column.max ?? '∞'}`,
        column.domain === undefined ? '-' : column.domain.join(', '),
      ]),
    )
  );
}

/** An ad-hoc table file: its absolute path, format and the name reports give it. */
async function tableFile(
  context: CommandContext,
  path: readonly string[],
): Promise<{ file: string; format: TableFormat; displayPath: string }> {
  const given = context.string('file') ?? '';
  const format =
    (context.string('format') as TableFormat | undefined) ??
    (await loadCore()).tableFormatFromPath(given);
  if (format === undefined) {
    throw new UsageError(
      `cannot tell the table format of ${given} from its name; pass --format`,
      path,
    );
  }
  return { file: resolve(given), format, displayPath: given };
}

async function readJsonFile(file: string, path: readonly string[]): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`, path);
  }
}

/** One of `<dataset>` and `--file`, never both. */
function datasetOrFile(context: CommandContext, path: readonly string[]): string | undefined {
  const dataset = context.args['dataset'];
  const file = context.string('file');
  if ((dataset === undefined) === (file === undefined)) {
    throw new UsageError('give either a dataset or --file <table>', path);
  }
  return dataset;
}

const profileCommand: CommandSpec = {
  kind: 'command',
  name: 'profile',
  summary: "Print a version's table profiles, or profile one table file",
  description:
    'Per column: type, nulls, distinct values, min, max, mean and standard deviation (with ' +
    '--json also quantiles, top values and a histogram). The profile of a version was computed ' +
    'when it was added.',
  args: [
    { name: 'dataset', description: 'A dataset, optionally @version or @tag', required: false },
  ],
  options: {
    file: { type: 'string', valueName: 'table', description: 'Profile this table file instead' },
    format: formatOption,
    ...storeOrRemoteOptions,
  },
  examples: ['cairn data profile churn-train@prod', 'cairn data profile --file train.csv --json'],
  async run(context) {
    const path = ['data', 'profile'];
    const dataset = datasetOrFile(context, path);
    let profile: DatasetProfile;
    if (dataset === undefined) {
      const table = await tableFile(context, path);
      const { profileTableFile } = await import('@cairn/adapters/analytics');
      profile = {
        tables: [await profileTableFile(table.file, table.format, table.displayPath)],
        skipped: [],
      };
    } else {
      const ref = await parseRef(dataset);
      profile = await withDatasets(context, (api, ctx) => api.getProfile(ctx, ref.name, ref.ref));
    }
    context.stdout.write(context.json ? toJson(profile) : renderProfile(profile));
  },
};

const schemaCommand: CommandSpec = {
  kind: 'command',
  name: 'schema',
  summary: "Infer a schema from a version's profile (infer), print one (show) or save one (set)",
  description:
    'infer prints the schema as JSON (edit it and save it with set); --save saves it as a new ' +
    'revision right away. Schemas are kept as append-only revisions per dataset; validate uses ' +
    'the newest unless told otherwise.',
  args: [
    { name: 'action', description: 'infer, show or set', required: true },
    {
      name: 'dataset',
      description: 'The dataset (infer: optionally @version or @tag)',
      required: true,
    },
    { name: 'file', description: 'set: the schema JSON file', required: false },
  ],
  options: {
    save: { type: 'boolean', description: 'infer: save the inferred schema as a new revision' },
    'max-domain': {
      type: 'integer',
      valueName: 'n',
      description:
        'infer: columns with at most n distinct values get an allowed-values list (default 20, 0: none)',
    },
    ranges: { type: 'boolean', description: 'infer: add the observed min/max as bounds' },
    revision: {
      type: 'integer',
      valueName: 'n',
      description: 'show: this revision (default: the newest)',
    },
    ...storeOrRemoteOptions,
  },
  examples: [
    'cairn data schema infer churn-train@1 > schema.json',
    'cairn data schema set churn-train schema.json',
    'cairn data schema infer churn-train --save --ranges',
    'cairn data schema show churn-train --revision 2',
  ],
  async run(context) {
    const path = ['data', 'schema'];
    const action = context.args['action'];
    const ref = await parseRef(context.args['dataset'] ?? '');
    if (action === 'infer') {
      const maxDomain = context.integer('max-domain');
      await withDatasets(context, async (api, ctx) => {
        const version = await api.getVersion(ctx, ref.name, ref.ref);
        const schema: DatasetSchema = await api.inferSchema(
          ctx,
          ref.name,
          String(version.version),
          {
            ...(maxDomain === undefined ? {} : { maxDomainSize: maxDomain }),
            includeRanges: context.flag('ranges'),
          },
        );
        if (!context.flag('save')) {
          context.stdout.write(toJson(context.json ? { schema } : schema));
          return;
        }
        const saved = await api.saveSchema(ctx, ref.name, {
          schema,
          inferredFromVersion: version.version,
        });
        if (context.json) context.stdout.write(toJson(saved));
        else {
          context.stdout.write(toJson(schema));
          context.stderr.write(
            `Saved as revision ${saved.revision} of ${saved.datasetName}'s schema.\n`,
          );
        }
      });
    } else if (action === 'show') {
      const revision = context.integer('revision');
      await withDatasets(context, async (api, ctx) => {
        const saved = await api.getSchema(ctx, ref.name, revision);
        context.stdout.write(context.json ? toJson(saved) : renderRevision(saved));
      });
    } else if (action === 'set') {
      const file = context.args['file'];
      if (file === undefined)
        throw new UsageError('missing argument <file> (the schema JSON)', path);
      const schema = await readJsonFile(file, path);
      await withDatasets(context, async (api, ctx) => {
        const saved = await api.saveSchema(ctx, ref.name, { schema });
        context.stdout.write(
          context.json
            ? toJson(saved)
            : `Saved revision ${saved.revision} of ${saved.datasetName}'s schema.\n`,
        );
      });
    } else {
      throw new UsageError(`the action is infer, show or set, not '${action ?? ''}'`, path);
    }
  },
};

const validateCommand: CommandSpec = {
  kind: 'command',
  name: 'validate',
  summary: 'Check a version (or one table file) against a schema; exit 1 on any ERROR anomaly',
  description:
    'Runs the schema as SQL over every table of the version and prints each anomaly with its ' +
    'code, severity, table, column, what was expected and observed, and a sample row. Exits 1 ' +
    'when any anomaly is an ERROR, so a pipeline step fails; warnings alone exit 0.',
  args: [
    { name: 'dataset', description: 'A dataset, optionally @version or @tag', required: false },
  ],
  options: {
    'schema-revision': {
      type: 'integer',
      valueName: 'n',
      description: 'Validate against this schema revision (default: the newest)',
    },
    file: {
      type: 'string',
      valueName: 'table',
      description: 'Validate this table file instead (needs --schema)',
    },
    schema: { type: 'string', valueName: 'schema.json', description: 'The schema for --file' },
    format: formatOption,
    ...storeOrRemoteOptions,
  },
  examples: [
    'cairn data validate churn-train@latest',
    'cairn data validate --file batch.csv --schema schema.json --json',
  ],
  async run(context) {
    const path = ['data', 'validate'];
    const dataset = datasetOrFile(context, path);
    let report: ValidationReport;
    if (dataset === undefined) {
      const schemaFile = context.string('schema');
      if (schemaFile === undefined)
        throw new UsageError('--file needs --schema <schema.json>', path);
      const table = await tableFile(context, path);
      const schema = (await loadCore()).parseDatasetSchema(await readJsonFile(schemaFile, path));
      const { validateTableFile } = await import('@cairn/adapters/analytics');
      const anomalies = await validateTableFile(
        table.file,
        table.format,
        schema,
        table.displayPath,
      );
      const errorCount = anomalies.filter((anomaly) => anomaly.severity === 'ERROR').length;
      report = {
        datasetName: null,
        version: null,
        schemaRevision: null,
        passed: errorCount === 0,
        errorCount,
        warningCount: anomalies.length - errorCount,
        anomalies,
      };
    } else {
      const ref = await parseRef(dataset);
      const revision = context.integer('schema-revision');
      report = await withDatasets(context, (api, ctx) =>
        api.validateVersion(
          ctx,
          ref.name,
          ref.ref,
          revision === undefined ? {} : { schemaRevision: revision },
        ),
      );
    }
    context.stdout.write(context.json ? toJson(report) : renderReport(report));
    if (!report.passed) {
      throw new Error(
        `validation failed: ${report.errorCount} error anomal${report.errorCount === 1 ? 'y' : 'ies'}`,
      );
    }
  },
};

export const dataQualityCommands: readonly CommandSpec[] = [
  profileCommand,
  schemaCommand,
  validateCommand,
];
