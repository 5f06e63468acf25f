/**
 * Profiles, schemas, validation and diffs: the use cases that read table contents through
 * the analyzer. Schema revisions are append-only; a validation is recorded as an event so
 * pipelines and the audit log see each gate's outcome.
 */
import { failedPrecondition, isCairnError, notFound } from '../kernel/index.ts';
import type { Clock, RequestContext } from '../kernel/index.ts';
import {
  DatasetEvents,
  DatasetLimits,
  checkInteger,
  datasetEvent,
  isTableProblem,
  pageOf,
  requireDataset,
  requireVersion,
} from './dataset-support.ts';
import type { DatasetsApi } from './datasets-api.ts';
import type {
  Anomaly,
  DatasetProfile,
  DatasetVersion,
  ManagedDataset,
  ManifestEntry,
  SchemaRevision,
  TableDiff,
  ValidationReport,
} from './entities.ts';
import { diffManifests, tableFormatFromPath } from './manifest.ts';
import type { DatasetStore, SchemaRevisionRow, StoredTable, TableAnalyzer } from './ports.ts';
import { parseDatasetSchema } from './schema-document.ts';
import { inferSchemaFromProfile } from './schema-inference.ts';

export interface DatasetQualityDeps {
  store: DatasetStore;
  analyzer?: TableAnalyzer | undefined;
  clock: Clock;
  /** The files of a version (sorted by path). */
  manifestOf(version: DatasetVersion): Promise<ManifestEntry[]>;
}

type QualityApi = Pick<
  DatasetsApi,
  | 'getProfile'
  | 'inferSchema'
  | 'saveSchema'
  | 'getSchema'
  | 'listSchemaRevisions'
  | 'validateVersion'
  | 'diffVersions'
>;

const EMPTY_PROFILE: DatasetProfile = { tables: [], skipped: [] };

const toRevision = (dataset: ManagedDataset, row: SchemaRevisionRow): SchemaRevision => ({
  datasetId: row.datasetId,
  datasetName: dataset.name,
  revision: row.revision,
  schema: parseDatasetSchema(JSON.parse(row.schema)),
  inferredFromVersion: row.inferredFromVersion,
  author: row.author,
  createdAt: row.createdAt,
});

function tablesOf(entries: readonly ManifestEntry[]): StoredTable[] {
  return entries.flatMap((entry) => {
    const format = tableFormatFromPath(entry.path);
    return format === undefined ? [] : [{ path: entry.path, format, digest: entry.digest }];
  });
}

const noTables = (): Anomaly => ({
  code: 'NO_TABLES',
  severity: 'ERROR',
  table: '',
  column: null,
  message:
    'The version has no table file (.csv, .tsv, .parquet, .arrow, .feather, .ipc, .jsonl, .ndjson).',
  expected: 'at least one table file',
  observed: 'no table files',
  rowCount: 0,
  sampleRows: [],
});

export function createDatasetQuality(deps: DatasetQualityDeps): QualityApi {
  const { store, clock } = deps;

  const requireAnalyzer = (): TableAnalyzer => {
    if (deps.analyzer === undefined) {
      throw failedPrecondition(
        'data.analyzer_unavailable',
        'Table analysis is not available in this process.',
      );
    }
    return deps.analyzer;
  };

  const lookUp = (name: string, ref: string) =>
    store.read(async (r) => {
      const dataset = await requireDataset(r, name);
      const version = await requireVersion(r, dataset, ref);
      const profile = await r.getProfile(dataset.id, version.version);
      return { dataset, version, profile };
    });

  async function profileOf(name: string, ref: string): Promise<DatasetProfile> {
    const { profile } = await lookUp(name, ref);
    return profile === null ? EMPTY_PROFILE : (JSON.parse(profile) as DatasetProfile);
  }

  async function schemaRevisionOf(name: string, revision?: number): Promise<SchemaRevision> {
    if (revision !== undefined) checkInteger(revision, 'revision', 1, Number.MAX_SAFE_INTEGER);
    const { dataset, row } = await store.read(async (r) => {
      const dataset = await requireDataset(r, name);
      return { dataset, row: await r.getSchemaRevision(dataset.id, revision) };
    });
    if (row === undefined) {
      throw notFound(
        'data.schema_not_found',
        revision === undefined
          ? `Dataset '${name}' has no schema yet.`
          : `Dataset '${name}' has no schema revision ${revision}.`,
      );
    }
    return toRevision(dataset, row);
  }

  async function saveOnce(
    ctx: RequestContext,
    name: string,
    input: { schema: unknown; baseRevision?: number; inferredFromVersion?: number },
  ): Promise<SchemaRevision> {
    const schema = parseDatasetSchema(input.schema);
    const base =
      input.baseRevision === undefined
        ? undefined
        : checkInteger(input.baseRevision, 'baseRevision', 0, Number.MAX_SAFE_INTEGER);
    const from =
      input.inferredFromVersion === undefined
        ? null
        : checkInteger(
            input.inferredFromVersion,
            'inferredFromVersion',
            1,
            Number.MAX_SAFE_INTEGER,
          );
    return store.write(async (w) => {
      const dataset = await requireDataset(w, name);
      if (from !== null) await requireVersion(w, dataset, String(from));
      const current = (await w.getSchemaRevision(dataset.id))?.revision ?? 0;
      if (base !== undefined && base !== current) {
        throw failedPrecondition(
          'data.stale_schema_revision',
          `The schema of '${name}' is at revision ${current}, not ${base}: reload it and save again.`,
          { details: { currentRevision: current } },
        );
      }
      const row: SchemaRevisionRow = {
        datasetId: dataset.id,
        revision: current + 1,
        schema: JSON.stringify(schema),
        inferredFromVersion: from,
        author: ctx.actor,
        createdAt: clock.now(),
      };
      await w.insertSchemaRevision(row);
      await w.appendEvent(
        datasetEvent(ctx, DatasetEvents.SCHEMA_SAVED, dataset.id, row.createdAt, {
          name,
          revision: row.revision,
          inferredFromVersion: from,
          columnCount: schema.columns.length,
        }),
      );
      return toRevision(dataset, row);
    });
  }

  async function compareTables(
    fromEntries: ManifestEntry[],
    toEntries: ManifestEntry[],
  ): Promise<{ files: ReturnType<typeof diffManifests>; tables: TableDiff[] }> {
    const files = diffManifests(fromEntries, toEntries);
    const tables: TableDiff[] = [];
    if (deps.analyzer === undefined) return { files, tables };
    const pairs = files.changed
      .filter((change) => change.fromDigest !== change.toDigest)
      .flatMap((change) => {
        const format = tableFormatFromPath(change.path);
        return format === undefined ? [] : [{ change, format }];
      })
      .slice(0, DatasetLimits.maxTablesPerVersion);
    for (const { change, format } of pairs) {
      try {
        tables.push(
          await deps.analyzer.diff(
            { path: change.path, format, digest: change.fromDigest },
            { path: change.path, format, digest: change.toDigest },
          ),
        );
      } catch (error) {
        // A table that cannot be read on either side has no table-level diff; its file
        // change is still listed.
        if (!isTableProblem(error)) throw error;
      }
    }
    return { files, tables };
  }

  return {
    getProfile: (_ctx, name, ref) => profileOf(name, ref),

    async inferSchema(_ctx, name, ref, options = {}) {
      const checked = {
        ...(options.maxDomainSize === undefined
          ? {}
          : { maxDomainSize: checkInteger(options.maxDomainSize, 'maxDomainSize', 0, 10_000) }),
        ...(options.includeRanges === undefined
          ? {}
          : { includeRanges: options.includeRanges === true }),
      };
      return inferSchemaFromProfile(await profileOf(name, ref), checked);
    },

    async saveSchema(ctx, name, input) {
      try {
        return await saveOnce(ctx, name, input);
      } catch (error) {
        // Two unguarded saves raced for one revision number: the loser goes after it.
        if (
          input.baseRevision === undefined &&
          isCairnError(error) &&
          error.code === 'data.schema_revision_conflict'
        ) {
          return saveOnce(ctx, name, input);
        }
        throw error;
      }
    },

    getSchema: (_ctx, name, revision) => schemaRevisionOf(name, revision),

    async listSchemaRevisions(_ctx, name, options) {
      const dataset = await store.read((r) => requireDataset(r, name));
      const page = await pageOf(options, (p) =>
        store.read((r) => r.listSchemaRevisions(dataset.id, p)),
      );
      return { ...page, items: page.items.map((row) => toRevision(dataset, row)) };
    },

    async validateVersion(ctx, name, ref, options = {}) {
      const analyzer = requireAnalyzer();
      const { dataset, version } = await lookUp(name, ref);
      const schemaRevision = await schemaRevisionOf(name, options.schemaRevision);
      const tables = tablesOf(await deps.manifestOf(version));
      const anomalies: Anomaly[] = tables.length === 0 ? [noTables()] : [];
      for (const table of tables) {
        anomalies.push(...(await analyzer.validate(table, schemaRevision.schema)));
      }
      const errorCount = anomalies.filter((a) => a.severity === 'ERROR').length;
      const report: ValidationReport = {
        datasetName: dataset.name,
        version: version.version,
        schemaRevision: schemaRevision.revision,
        passed: errorCount === 0,
        errorCount,
        warningCount: anomalies.length - errorCount,
        anomalies,
      };
      await store.write((w) =>
        w.appendEvent(
          datasetEvent(ctx, DatasetEvents.VERSION_VALIDATED, dataset.id, clock.now(), {
            name: dataset.name,
            version: report.version,
            schemaRevision: report.schemaRevision,
            passed: report.passed,
            errorCount: report.errorCount,
            warningCount: report.warningCount,
          }),
        ),
      );
      return report;
    },

    async diffVersions(_ctx, from, to) {
      const [a, b] = [await lookUp(from.name, from.ref), await lookUp(to.name, to.ref)];
      const { files, tables } = await compareTables(
        await deps.manifestOf(a.version),
        await deps.manifestOf(b.version),
      );
      const side = (v: DatasetVersion) => ({
        datasetName: v.datasetName,
        version: v.version,
        digest: v.digest,
      });
      return { from: side(a.version), to: side(b.version), files, tables };
    },
  };
}
