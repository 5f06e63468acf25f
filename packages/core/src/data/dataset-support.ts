/**
 * What the dataset use cases share: looking datasets and versions up by name and ref,
 * reading a version's manifest back from the blob store, input checks and paging.
 */
import { failedPrecondition, invalidArgument, isCairnError, notFound } from '../kernel/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import { decodePageToken, resolvePageSize, toPage } from '../tracking/index.ts';
import type { Page, Paged } from '../tracking/index.ts';
import { parseVersionRef, validateDatasetName } from './dataset-names.ts';
import type { DatasetVersion, ManagedDataset, ManifestEntry } from './entities.ts';
import { parseCanonicalManifest } from './manifest.ts';
import type { DataObjectStore, DatasetReader } from './ports.ts';

/** Event types of the data domain (entityType `dataset`, entityId the dataset id). */
export const DatasetEvents = {
  DATASET_CREATED: 'data.dataset.created',
  DATASET_UPDATED: 'data.dataset.updated',
  VERSION_CREATED: 'data.version.created',
  VERSION_UPDATED: 'data.version.updated',
  TAG_SET: 'data.tag.set',
  TAG_DELETED: 'data.tag.deleted',
  SCHEMA_SAVED: 'data.schema.saved',
  VERSION_VALIDATED: 'data.version.validated',
} as const;

/** Limits on what one request may carry. */
export const DatasetLimits = {
  maxDescriptionLength: 10_000,
  /** UTF-8 bytes; the column is indexed, and PostgreSQL caps an index entry near 2.7 kB. */
  maxSourceUriBytes: 2048,
  maxRunIdLength: 256,
  /** Tags given with one add. */
  maxTagsPerAdd: 32,
  /** Table files profiled per version, and table pairs compared per diff. */
  maxTablesPerVersion: 50,
  /** The largest manifest read back (a few million files). */
  maxManifestBytes: 512 * 1024 * 1024,
  defaultPageSize: 100,
  maxPageSize: 1000,
} as const;

export function datasetNotFound(name: string): never {
  throw notFound('data.dataset_not_found', `Dataset '${name}' not found.`);
}

/** The dataset named `name` (validated first), or NOT_FOUND `data.dataset_not_found`. */
export async function requireDataset(reader: DatasetReader, name: string): Promise<ManagedDataset> {
  validateDatasetName(name);
  return (await reader.getDatasetByName(name)) ?? datasetNotFound(name);
}

/** The version number `ref` names in `dataset`, or NOT_FOUND `data.version_not_found`. */
export function resolveVersionNumber(dataset: ManagedDataset, ref: string): number {
  const parsed = parseVersionRef(ref);
  const number =
    parsed.kind === 'number'
      ? parsed.version
      : parsed.kind === 'tag'
        ? dataset.tags[parsed.tag]
        : dataset.latestVersion || undefined;
  if (number === undefined) {
    throw notFound(
      'data.version_not_found',
      parsed.kind === 'tag'
        ? `Dataset '${dataset.name}' has no tag '${parsed.tag}'.`
        : `Dataset '${dataset.name}' has no versions.`,
    );
  }
  return number;
}

/** The version `ref` names, or NOT_FOUND. */
export async function requireVersion(
  reader: DatasetReader,
  dataset: ManagedDataset,
  ref: string,
): Promise<DatasetVersion> {
  const number = resolveVersionNumber(dataset, ref);
  const version = await reader.getVersion(dataset.id, number);
  if (version === undefined) {
    throw notFound(
      'data.version_not_found',
      `Version ${number} of dataset '${dataset.name}' not found.`,
    );
  }
  return version;
}

export function objectsMissing(missing: string[]): never {
  const shown = missing.slice(0, 10);
  throw failedPrecondition(
    'data.objects_missing',
    `${missing.length} object(s) are not in the store: ${shown.join(', ')}` +
      `${missing.length > shown.length ? ', …' : ''}. Upload them first.`,
    { details: { missing: shown, missingCount: missing.length } },
  );
}

/** Reads a stored manifest object and checks it is canonical. */
export async function readManifestObject(
  objects: DataObjectStore,
  digest: string,
): Promise<ManifestEntry[]> {
  const source = await objects.open(digest);
  if (source === undefined) return objectsMissing([digest]);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > DatasetLimits.maxManifestBytes) {
      throw invalidArgument(
        'data.invalid_manifest',
        `The manifest ${digest} is larger than ${DatasetLimits.maxManifestBytes} bytes.`,
      );
    }
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch (error) {
    throw invalidArgument('data.invalid_manifest', `The manifest ${digest} is not UTF-8.`, {
      cause: error,
    });
  }
  return parseCanonicalManifest(text);
}

/**
 * The distinct digests of `digests` the store lacks, in first-seen order: in one batch when
 * the store answers batches, else `has` per digest, at most `concurrency` at a time (enough
 * to hide latency, few enough for any disk).
 */
export async function findMissingObjects(
  objects: DataObjectStore,
  digests: readonly string[],
  concurrency = 32,
): Promise<string[]> {
  const unique = [...new Set(digests)];
  if (objects.missing !== undefined) return objects.missing(unique);
  const present = new Array<boolean>(unique.length);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const index = next++;
      present[index] = await objects.has(unique[index] as string);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  return unique.filter((_, index) => !present[index]);
}

function badField(field: string, message: string): never {
  throw invalidArgument('data.invalid_argument', message, { details: { field } });
}

/** A description: a string of at most `maxDescriptionLength` characters. */
export function checkDescription(value: unknown, field = 'description'): string {
  if (typeof value !== 'string' || value.length > DatasetLimits.maxDescriptionLength) {
    return badField(
      field,
      `${field} must be a string of at most ${DatasetLimits.maxDescriptionLength} characters.`,
    );
  }
  return value;
}

export function checkSourceUri(value: unknown): string {
  if (
    typeof value !== 'string' ||
    value === '' ||
    Buffer.byteLength(value, 'utf8') > DatasetLimits.maxSourceUriBytes
  ) {
    return badField(
      'sourceUri',
      `sourceUri must be a non-empty string of at most ${DatasetLimits.maxSourceUriBytes} UTF-8 bytes.`,
    );
  }
  return value;
}

export function checkRunId(value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > DatasetLimits.maxRunIdLength) {
    return badField(
      'producedByRunId',
      `producedByRunId must be a run id of 1 to ${DatasetLimits.maxRunIdLength} characters.`,
    );
  }
  return value;
}

/** A non-negative (or positive) integer option. */
export function checkInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    return badField(field, `${field} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** One page of a newest-first or by-name listing, fetched with one extra row. */
export async function pageOf<T>(
  options: { maxResults?: number; pageToken?: string },
  fetch: (page: Page) => Promise<T[]>,
): Promise<Paged<T>> {
  const limit = resolvePageSize(
    options.maxResults,
    DatasetLimits.defaultPageSize,
    DatasetLimits.maxPageSize,
    'maxResults',
  );
  const offset = decodePageToken(options.pageToken);
  return toPage(await fetch({ offset, limit: limit + 1 }), offset, limit);
}

/** A table an analyzer could not read: recorded, never fatal to the caller. */
export function isTableProblem(error: unknown): error is { code: string; message: string } {
  return isCairnError(error) && error.category === 'INVALID_ARGUMENT';
}

/** The event skeleton every data change carries. */
export function datasetEvent(
  ctx: RequestContext,
  type: string,
  datasetId: string,
  time: number,
  payload: Record<string, unknown>,
) {
  return { type, entityType: 'dataset', entityId: datasetId, actor: ctx.actor, time, payload };
}
