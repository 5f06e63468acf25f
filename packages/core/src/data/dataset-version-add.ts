/**
 * Adding a version. Everything slow happens before the write transaction (reading the
 * manifest, checking that every object is stored, profiling tables with DuckDB), so the
 * write lock is held only for a handful of row writes. The same content added twice, even
 * concurrently, yields one version.
 */
import { invalidArgument, isCairnError, newOpaqueId } from '../kernel/index.ts';
import type { Clock, RequestContext } from '../kernel/index.ts';
import { validateDatasetName, validateTagName } from './dataset-names.ts';
import {
  DatasetEvents,
  DatasetLimits,
  checkDescription,
  checkRunId,
  checkSourceUri,
  datasetEvent,
  findMissingObjects,
  isTableProblem,
  objectsMissing,
  readManifestObject,
} from './dataset-support.ts';
import type { AddVersionInput, AddVersionResult } from './datasets-api.ts';
import type { DatasetProfile, DatasetVersion, ManagedDataset, ManifestEntry } from './entities.ts';
import { isSha256Hex, tableFormatFromPath, validateManifestEntries } from './manifest.ts';
import type { DataObjectStore, DatasetStore, DatasetWriter, TableAnalyzer } from './ports.ts';

export interface AddVersionDeps {
  store: DatasetStore;
  objects: DataObjectStore;
  analyzer?: TableAnalyzer | undefined;
  clock: Clock;
}

/** What a checked add request holds. */
interface CheckedContent {
  kind: 'file' | 'directory';
  digest: string;
  entries: ManifestEntry[];
  fileEntry: ManifestEntry | null;
}

/** Thrown inside the transaction when a concurrent add stored the same content first. */
class ConcurrentAdd extends Error {}

const ATTEMPTS = 3;

function checkTags(tags: unknown): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags) || tags.length > DatasetLimits.maxTagsPerAdd) {
    throw invalidArgument(
      'data.invalid_tag',
      `tags must be a list of at most ${DatasetLimits.maxTagsPerAdd} tag names.`,
    );
  }
  return [...new Set(tags.map(validateTagName))];
}

async function readContent(
  objects: DataObjectStore,
  content: AddVersionInput['content'],
): Promise<CheckedContent> {
  const kind = (content as { kind?: unknown } | undefined)?.kind;
  if (kind === 'file') {
    const [entry] = validateManifestEntries([(content as { entry?: unknown }).entry]);
    const file = entry as ManifestEntry;
    return { kind, digest: file.digest, entries: [file], fileEntry: file };
  }
  if (kind === 'directory') {
    const digest = (content as { manifestDigest?: unknown }).manifestDigest;
    if (!isSha256Hex(digest)) {
      throw invalidArgument(
        'data.invalid_manifest',
        'manifestDigest must be a 64-character lowercase hex SHA-256.',
      );
    }
    return { kind, digest, entries: await readManifestObject(objects, digest), fileEntry: null };
  }
  throw invalidArgument(
    'data.invalid_manifest',
    "content.kind must be 'file' (with an entry) or 'directory' (with a manifestDigest).",
  );
}

/** Profiles the version's table files (at most `maxTablesPerVersion`); never throws for a bad table. */
async function profileTables(
  analyzer: TableAnalyzer,
  entries: readonly ManifestEntry[],
): Promise<DatasetProfile> {
  const profile: DatasetProfile = { tables: [], skipped: [] };
  const tables = entries.flatMap((entry) => {
    const format = tableFormatFromPath(entry.path);
    return format === undefined ? [] : [{ path: entry.path, format, digest: entry.digest }];
  });
  for (const [index, table] of tables.entries()) {
    if (index >= DatasetLimits.maxTablesPerVersion) {
      profile.skipped.push({
        path: table.path,
        code: 'data.table_limit',
        message: `Only the first ${DatasetLimits.maxTablesPerVersion} tables of a version are profiled.`,
      });
      continue;
    }
    try {
      profile.tables.push(await analyzer.profile(table));
    } catch (error) {
      if (!isTableProblem(error)) throw error;
      profile.skipped.push({ path: table.path, code: error.code, message: error.message });
    }
  }
  return profile;
}

export async function addDatasetVersion(
  deps: AddVersionDeps,
  ctx: RequestContext,
  name: string,
  input: AddVersionInput,
): Promise<AddVersionResult> {
  const { store, objects, clock } = deps;
  validateDatasetName(name);
  const tags = checkTags(input.tags);
  const description = input.description === undefined ? '' : checkDescription(input.description);
  const sourceUri = input.sourceUri === undefined ? null : checkSourceUri(input.sourceUri);
  const producedByRunId =
    input.producedByRunId === undefined ? null : checkRunId(input.producedByRunId);

  // A missing manifest object fails here (nothing to read); then the files it names.
  const content = await readContent(objects, input.content);
  const missing = await findMissingObjects(
    objects,
    content.entries.map((e) => e.digest),
  );
  if (missing.length > 0) objectsMissing(missing);

  const existing = await store.read(async (r) => {
    const dataset = await r.getDatasetByName(name);
    return dataset && (await r.findVersionByDigest(dataset.id, content.digest));
  });
  if (existing !== undefined && tags.every((tag) => existing.tags.includes(tag))) {
    return { version: existing, created: false, datasetCreated: false };
  }
  const profile =
    existing === undefined && deps.analyzer !== undefined
      ? JSON.stringify(await profileTables(deps.analyzer, content.entries))
      : null;

  const totalBytes = content.entries.reduce((sum, e) => sum + e.size, 0);
  const insertNew = async (w: DatasetWriter, datasetId: string, now: number): Promise<number> => {
    const number = await w.nextVersionNumber(datasetId);
    // On PostgreSQL the reservation above waited for a concurrent add to this dataset to
    // commit; if that add stored the same content, start over and return its version.
    if ((await w.findVersionByDigest(datasetId, content.digest)) !== undefined) {
      throw new ConcurrentAdd();
    }
    await w.insertVersion({
      datasetId,
      version: number,
      kind: content.kind,
      digest: content.digest,
      fileCount: content.entries.length,
      totalBytes,
      description,
      sourceUri,
      producedByRunId,
      fileEntry: content.fileEntry,
      profile,
      createdAt: now,
      createdBy: ctx.actor,
    });
    await w.appendEvent(
      datasetEvent(ctx, DatasetEvents.VERSION_CREATED, datasetId, now, {
        name,
        version: number,
        kind: content.kind,
        digest: content.digest,
        fileCount: content.entries.length,
        totalBytes,
        ...(producedByRunId === null ? {} : { producedByRunId }),
      }),
    );
    return number;
  };

  const createDataset = async (w: DatasetWriter, now: number): Promise<ManagedDataset> => {
    const id = `ds-${newOpaqueId()}`;
    await w.insertDataset({
      id,
      name,
      description: '',
      createdAt: now,
      updatedAt: now,
      createdBy: ctx.actor,
    });
    await w.appendEvent(datasetEvent(ctx, DatasetEvents.DATASET_CREATED, id, now, { name }));
    return {
      id,
      name,
      description: '',
      createdAt: now,
      updatedAt: now,
      createdBy: ctx.actor,
      latestVersion: 0,
      tags: {},
    };
  };

  const attempt = () =>
    store.write(async (w): Promise<AddVersionResult> => {
      const now = clock.now();
      const existingDataset = await w.getDatasetByName(name);
      const datasetCreated = existingDataset === undefined;
      const dataset = existingDataset ?? (await createDataset(w, now));
      const found = await w.findVersionByDigest(dataset.id, content.digest);
      const number = found?.version ?? (await insertNew(w, dataset.id, now));
      for (const tag of tags) {
        const previous = dataset.tags[tag];
        if (previous === number) continue;
        await w.setTag(dataset.id, tag, number, now);
        await w.appendEvent(
          datasetEvent(ctx, DatasetEvents.TAG_SET, dataset.id, now, {
            name,
            tag,
            version: number,
            ...(previous === undefined ? {} : { previousVersion: previous }),
          }),
        );
      }
      const version = (await w.getVersion(dataset.id, number)) as DatasetVersion;
      return { version, created: found === undefined, datasetCreated };
    });

  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      // Two first adds of one new dataset race on its name; the loser adds to the winner's.
      const retry =
        error instanceof ConcurrentAdd ||
        (isCairnError(error) && error.code === 'data.dataset_exists');
      if (!retry || tries >= ATTEMPTS) throw error;
    }
  }
}
