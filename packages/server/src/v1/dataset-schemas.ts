/**
 * Zod schemas of the datasets' v1 face: the data entities of `@cairn/core` as they appear
 * on the wire (unchanged), and the inputs only dataset routes take. Request bounds are
 * outer caps; the dataset service applies the domain rules with its `data.*` codes.
 */
import { z } from 'zod';
import {
  AnomalyCode,
  AnomalySeverity,
  DatasetVersionKind,
  LogicalType,
  TableFormat,
} from '@cairn/core';
import { component } from './component-registry.ts';
import { boundedInt, limits, pageTokenSchema } from './input-schemas.ts';

const timeSchema = z.number().int();
const countSchema = z.number().int().nonnegative();

/** A SHA-256 as Cairn names objects: 64 lowercase hex digits. */
export const digestSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'A digest is 64 lowercase hex digits (SHA-256).');

/** Most digests one existence check takes (as many as a push batches). */
export const MISSING_CHECK_MAX = 1_000;

/** Loose on purpose: the service answers a bad name with `data.invalid_name`. */
export const datasetParams = z.object({ name: z.string().min(1).max(limits.name) });
export const versionParams = datasetParams.extend({
  ref: z.string().min(1).max(limits.name).describe('A version number, a tag or `latest`.'),
});

export const pageQuery = z.object({
  maxResults: boundedInt(1, 1_000).optional(),
  pageToken: pageTokenSchema.optional(),
});

export const manifestEntrySchema = component(
  'ManifestEntry',
  z.object({
    path: z.string().describe('Relative, `/`-separated, never `..`.'),
    digest: z.string().describe('SHA-256 of the file, lowercase hex.'),
    size: countSchema,
    executable: z.boolean().optional(),
  }),
  'One file of a dataset version.',
);

export const managedDatasetSchema = component(
  'ManagedDataset',
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    createdAt: timeSchema,
    updatedAt: timeSchema,
    createdBy: z.string(),
    latestVersion: countSchema.describe('0 while the dataset has no version.'),
    tags: z.record(z.string(), z.number().int()).describe('Tag → version number.'),
  }),
  'A versioned dataset.',
);

export const datasetVersionSchema = component(
  'DatasetVersion',
  z.object({
    datasetId: z.string(),
    datasetName: z.string(),
    version: z.number().int().describe('1, 2, … per dataset; never reused.'),
    kind: z.enum(DatasetVersionKind),
    digest: z.string().describe('The file’s SHA-256, or the directory manifest’s.'),
    fileCount: countSchema,
    totalBytes: countSchema,
    description: z.string(),
    sourceUri: z.string().nullable(),
    producedByRunId: z.string().nullable(),
    createdAt: timeSchema,
    createdBy: z.string(),
    tags: z.array(z.string()),
  }),
  'An immutable snapshot of one file or one directory.',
);

const statSchema = z.union([z.number(), z.string()]).nullable();

const columnProfileSchema = z.object({
  name: z.string(),
  type: z.enum(LogicalType),
  physicalType: z.string(),
  nullCount: countSchema,
  nullFraction: z.number(),
  distinctCount: countSchema,
  min: statSchema,
  max: statSchema,
  mean: z.number().nullable(),
  std: z.number().nullable(),
  quantiles: z.array(z.object({ p: z.number(), value: z.number() })),
  topValues: z.array(z.object({ value: z.string(), count: countSchema })),
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(countSchema) }).nullable(),
});

export const datasetProfileSchema = component(
  'DatasetProfile',
  z.object({
    tables: z.array(
      z.object({
        path: z.string(),
        format: z.enum(TableFormat),
        rowCount: countSchema,
        columns: z.array(columnProfileSchema),
      }),
    ),
    skipped: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })),
  }),
  'Per-table statistics computed when the version was added.',
);

export const datasetSchemaSchema = component(
  'DatasetSchema',
  z.object({
    columns: z.array(
      z.object({
        name: z.string(),
        type: z.enum(LogicalType),
        required: z.boolean(),
        maxNullFraction: z.number(),
        domain: z.array(z.string()).optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        unique: z.boolean().optional(),
      }),
    ),
    rowCount: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
    unexpectedColumns: z.enum(['ignore', 'warning', 'error']).optional(),
  }),
  'What every table of a version must satisfy.',
);

export const schemaRevisionSchema = component(
  'DatasetSchemaRevision',
  z.object({
    datasetId: z.string(),
    datasetName: z.string(),
    revision: z.number().int(),
    schema: datasetSchemaSchema,
    inferredFromVersion: z.number().int().nullable(),
    author: z.string(),
    createdAt: timeSchema,
  }),
  'One saved revision of a dataset’s schema.',
);

export const validationReportSchema = component(
  'ValidationReport',
  z.object({
    datasetName: z.string().nullable(),
    version: z.number().int().nullable(),
    schemaRevision: z.number().int().nullable(),
    passed: z.boolean().describe('True when no anomaly is an ERROR.'),
    errorCount: countSchema,
    warningCount: countSchema,
    anomalies: z.array(
      z.object({
        code: z.enum(AnomalyCode),
        severity: z.enum(AnomalySeverity),
        table: z.string(),
        column: z.string().nullable(),
        message: z.string(),
        expected: z.string(),
        observed: z.string(),
        rowCount: countSchema,
        sampleRows: z.array(z.record(z.string(), z.unknown())),
      }),
    ),
  }),
  'The anomalies of a version against a schema revision.',
);

const versionPointSchema = z.object({
  datasetName: z.string(),
  version: z.number().int(),
  digest: z.string(),
});

export const datasetDiffSchema = component(
  'DatasetDiff',
  z.object({
    from: versionPointSchema,
    to: versionPointSchema,
    files: z.object({
      added: z.array(manifestEntrySchema),
      removed: z.array(manifestEntrySchema),
      changed: z.array(
        z.object({
          path: z.string(),
          fromDigest: z.string(),
          toDigest: z.string(),
          fromSize: countSchema,
          toSize: countSchema,
        }),
      ),
      unchangedCount: countSchema,
    }),
    tables: z.array(
      z.object({
        path: z.string(),
        rows: z.object({
          from: countSchema,
          to: countSchema,
          added: countSchema,
          removed: countSchema,
        }),
        columns: z.object({
          added: z.array(z.string()),
          removed: z.array(z.string()),
          typeChanged: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
        }),
        statistics: z.array(
          z.object({ column: z.string(), statistic: z.string(), from: statSchema, to: statSchema }),
        ),
      }),
    ),
  }),
  'Files added, removed and changed between two versions, and how changed tables moved.',
);

const descriptionSchema = z.string().max(limits.value);

export const addVersionBodySchema = component(
  'AddDatasetVersionInput',
  z.strictObject({
    content: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('file'),
        entry: z.strictObject({
          path: z.string().max(limits.artifactPath),
          digest: z.string().max(100),
          size: z.number().int().nonnegative(),
          executable: z.boolean().optional(),
        }),
      }),
      z.strictObject({ kind: z.literal('directory'), manifestDigest: z.string().max(100) }),
    ]),
    description: descriptionSchema.optional(),
    sourceUri: z.string().max(limits.uri).optional(),
    producedByRunId: z.string().max(limits.id).optional(),
    tags: z.array(z.string().max(limits.name)).max(100).optional(),
  }),
  'A new version: one file (already uploaded) or a directory whose manifest object is uploaded.',
);

export const descriptionBodySchema = z.strictObject({ description: descriptionSchema });
export const optionalDescriptionBodySchema = z.strictObject({
  description: descriptionSchema.optional(),
});
