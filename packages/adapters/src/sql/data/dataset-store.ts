/** The data-versioning ports (`DatasetStore`) over the shared transaction runner. */
import { alreadyExists } from '@cairn/core';
import type {
  DatasetReader,
  DatasetStore,
  DatasetVersion,
  DatasetVersionKind,
  DatasetWriter,
  ManagedDataset,
  SchemaRevisionRow,
} from '@cairn/core';
import { sql } from 'kysely';
import type { Selectable, SelectQueryBuilder } from 'kysely';
import { accessCondition } from '../identity/access-condition.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../sql-errors.ts';
import type { SqlScope, TransactionRunner } from '../transaction-runner.ts';
import type {
  DatasetSchemaTable,
  DatasetVersionTable,
  ManagedDatasetTable,
} from './datasets-schema.ts';
import { digestPrefixRange } from './digest-prefix-range.ts';

type Db = SqlScope['db'];
type DatasetRecord = Selectable<ManagedDatasetTable> & { latest_version: number | string | null };
type VersionRecord = Selectable<DatasetVersionTable> & { dataset_name: string };

/** Tags of the given datasets: dataset id → tag → version. */
async function loadTags(db: Db, datasetIds: string[]): Promise<Map<string, Map<string, number>>> {
  const byDataset = new Map<string, Map<string, number>>();
  if (datasetIds.length === 0) return byDataset;
  const rows = await db
    .selectFrom('dataset_tags')
    .select(['dataset_id', 'tag', 'version'])
    .where('dataset_id', 'in', [...new Set(datasetIds)])
    .orderBy('tag')
    .execute();
  for (const row of rows) {
    let tags = byDataset.get(row.dataset_id);
    if (tags === undefined) byDataset.set(row.dataset_id, (tags = new Map<string, number>()));
    tags.set(row.tag, Number(row.version));
  }
  return byDataset;
}

function selectDatasets(db: Db) {
  return db
    .selectFrom('managed_datasets as d')
    .selectAll('d')
    .select((eb) =>
      eb
        .selectFrom('dataset_versions as v')
        .whereRef('v.dataset_id', '=', 'd.id')
        .select((inner) => inner.fn.max('v.version').as('m'))
        .as('latest_version'),
    );
}

async function toDatasets(db: Db, rows: DatasetRecord[]): Promise<ManagedDataset[]> {
  const tags = await loadTags(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    createdBy: row.created_by,
    latestVersion: row.latest_version === null ? 0 : Number(row.latest_version),
    tags: Object.fromEntries(tags.get(row.id) ?? []),
  }));
}

function selectVersions(
  db: Db,
): SelectQueryBuilder<
  Database & { v: DatasetVersionTable; d: ManagedDatasetTable },
  'v' | 'd',
  VersionRecord
> {
  return db
    .selectFrom('dataset_versions as v')
    .innerJoin('managed_datasets as d', 'd.id', 'v.dataset_id')
    .selectAll('v')
    .select('d.name as dataset_name');
}

async function toVersions(db: Db, rows: VersionRecord[]): Promise<DatasetVersion[]> {
  const tags = await loadTags(
    db,
    rows.map((r) => r.dataset_id),
  );
  return rows.map((row) => {
    const version = Number(row.version);
    const pointing = [...(tags.get(row.dataset_id) ?? [])]
      .filter(([, v]) => v === version)
      .map(([tag]) => tag);
    return {
      datasetId: row.dataset_id,
      datasetName: row.dataset_name,
      version,
      kind: row.kind as DatasetVersionKind,
      digest: row.digest,
      fileCount: Number(row.file_count),
      totalBytes: Number(row.total_bytes),
      description: row.description,
      sourceUri: row.source_uri,
      producedByRunId: row.produced_by_run_id,
      createdAt: Number(row.created_at),
      createdBy: row.created_by,
      tags: pointing,
    };
  });
}

const toSchemaRow = (row: Selectable<DatasetSchemaTable>): SchemaRevisionRow => ({
  datasetId: row.dataset_id,
  revision: Number(row.revision),
  schema: row.schema,
  inferredFromVersion:
    row.inferred_from_version === null ? null : Number(row.inferred_from_version),
  author: row.author,
  createdAt: Number(row.created_at),
});

function createReader({ db }: SqlScope): DatasetReader {
  const one = async (query: ReturnType<typeof selectVersions>) => {
    const row = await query.limit(1).executeTakeFirst();
    return row === undefined ? undefined : (await toVersions(db, [row]))[0];
  };
  // The digest lookups answer in one stable order: oldest first, ties by dataset and number.
  const oldestFirst = async (query: ReturnType<typeof selectVersions>, limit: number) =>
    toVersions(
      db,
      await query
        .orderBy('v.created_at')
        .orderBy('v.dataset_id')
        .orderBy('v.version')
        .limit(limit)
        .execute(),
    );
  const oneDataset = async (query: ReturnType<typeof selectDatasets>) => {
    const row = await query.executeTakeFirst();
    return row === undefined ? undefined : (await toDatasets(db, [row]))[0];
  };
  return {
    getDatasetByName: (name) => oneDataset(selectDatasets(db).where('d.name', '=', name)),
    getDatasetById: (id) => oneDataset(selectDatasets(db).where('d.id', '=', id)),
    async listDatasets({ page, namePrefix, readableBy }) {
      let query = selectDatasets(db);
      if (namePrefix !== undefined && namePrefix !== '') {
        // A range on the byte-ordered name instead of LIKE: no escaping, and it uses the index.
        query = query
          .where('d.name', '>=', namePrefix)
          .where('d.name', '<', `${namePrefix}\u{10FFFF}`);
      }
      if (readableBy !== undefined) {
        query = query.where(accessCondition(readableBy, 'dataset', sql.ref('d.id')));
      }
      const rows = await query.orderBy('d.name').limit(page.limit).offset(page.offset).execute();
      return toDatasets(db, rows);
    },
    getVersion: (datasetId, version) =>
      one(
        selectVersions(db).where('v.dataset_id', '=', datasetId).where('v.version', '=', version),
      ),
    async listVersions(datasetId, { offset, limit }) {
      const rows = await selectVersions(db)
        .where('v.dataset_id', '=', datasetId)
        .orderBy('v.version', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return toVersions(db, rows);
    },
    findVersionByDigest: (datasetId, digest) =>
      one(
        selectVersions(db)
          .where('v.digest', '=', digest)
          .where('v.dataset_id', '=', datasetId)
          .orderBy('v.version'),
      ),
    findVersionsByDigestAnywhere: (digest, limit) =>
      oldestFirst(selectVersions(db).where('v.digest', '=', digest), limit),
    async findVersionsByDigestPrefix(prefix, limit) {
      const range = digestPrefixRange(prefix);
      if (range === undefined) return [];
      let query = selectVersions(db).where('v.digest', '>=', range.from);
      if (range.below !== undefined) query = query.where('v.digest', '<', range.below);
      return oldestFirst(query, limit);
    },
    async findVersionsBySource(sourceUri, limit) {
      const rows = await selectVersions(db)
        .where('v.source_uri', '=', sourceUri)
        .orderBy('v.created_at', 'desc')
        .orderBy('v.version', 'desc')
        .limit(limit)
        .execute();
      return toVersions(db, rows);
    },
    async listVersionsProducedByRun(runId) {
      const rows = await selectVersions(db)
        .where('v.produced_by_run_id', '=', runId)
        .orderBy('d.name')
        .orderBy('v.version')
        .execute();
      return toVersions(db, rows);
    },
    async getProfile(datasetId, version) {
      const row = await db
        .selectFrom('dataset_versions')
        .select('profile')
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row?.profile ?? null;
    },
    async getFileEntry(datasetId, version) {
      const row = await db
        .selectFrom('dataset_versions')
        .select(['file_path', 'digest', 'total_bytes', 'file_executable'])
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (row === undefined || row.file_path === null) return null;
      const entry = { path: row.file_path, digest: row.digest, size: Number(row.total_bytes) };
      return Number(row.file_executable) === 1 ? { ...entry, executable: true } : entry;
    },
    async getSchemaRevision(datasetId, revision) {
      let query = db.selectFrom('dataset_schemas').selectAll().where('dataset_id', '=', datasetId);
      query =
        revision === undefined
          ? query.orderBy('revision', 'desc').limit(1)
          : query.where('revision', '=', revision);
      const row = await query.executeTakeFirst();
      return row === undefined ? undefined : toSchemaRow(row);
    },
    async listSchemaRevisions(datasetId, { offset, limit }) {
      const rows = await db
        .selectFrom('dataset_schemas')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .orderBy('revision', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toSchemaRow);
    },
  };
}

/** Runs an insert, turning a unique violation into ALREADY_EXISTS with `code`. */
async function insertOnce(run: () => Promise<unknown>, code: string, message: string) {
  try {
    await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyExists(code, message, { cause: error });
    throw error;
  }
}

function createWriter(scope: SqlScope): Omit<DatasetWriter, 'appendEvent'> {
  const { db } = scope;
  return {
    ...createReader(scope),
    insertDataset: (row) =>
      insertOnce(
        () =>
          db
            .insertInto('managed_datasets')
            .values({
              id: row.id,
              name: row.name,
              description: row.description,
              created_at: row.createdAt,
              updated_at: row.updatedAt,
              created_by: row.createdBy,
              last_version: 0,
            })
            .execute(),
        'data.dataset_exists',
        `Dataset '${row.name}' already exists.`,
      ),
    async updateDataset(id, patch) {
      await db
        .updateTable('managed_datasets')
        .set({
          updated_at: patch.updatedAt,
          ...(patch.description === undefined ? {} : { description: patch.description }),
        })
        .where('id', '=', id)
        .execute();
    },
    async nextVersionNumber(datasetId) {
      // The UPDATE takes the dataset row's lock (PostgreSQL) until commit, so concurrent
      // adds to one dataset get consecutive numbers, never the same one.
      const { last_version } = await db
        .updateTable('managed_datasets')
        .set((eb) => ({ last_version: eb('last_version', '+', 1) }))
        .where('id', '=', datasetId)
        .returning('last_version')
        .executeTakeFirstOrThrow();
      return Number(last_version);
    },
    insertVersion: (row) =>
      insertOnce(
        () =>
          db
            .insertInto('dataset_versions')
            .values({
              dataset_id: row.datasetId,
              version: row.version,
              kind: row.kind,
              digest: row.digest,
              file_count: row.fileCount,
              total_bytes: row.totalBytes,
              description: row.description,
              source_uri: row.sourceUri,
              produced_by_run_id: row.producedByRunId,
              file_path: row.fileEntry?.path ?? null,
              file_executable: row.fileEntry?.executable === true ? 1 : 0,
              profile: row.profile,
              created_at: row.createdAt,
              created_by: row.createdBy,
            })
            .execute(),
        'data.version_exists',
        `Version ${row.version} of this dataset already exists.`,
      ),
    async updateVersion(datasetId, version, patch) {
      await db
        .updateTable('dataset_versions')
        .set({ description: patch.description })
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .execute();
    },
    async setTag(datasetId, tag, version, updatedAt) {
      await db
        .insertInto('dataset_tags')
        .values({ dataset_id: datasetId, tag, version, updated_at: updatedAt })
        .onConflict((oc) =>
          oc.columns(['dataset_id', 'tag']).doUpdateSet({ version, updated_at: updatedAt }),
        )
        .execute();
    },
    async deleteTag(datasetId, tag) {
      const result = await db
        .deleteFrom('dataset_tags')
        .where('dataset_id', '=', datasetId)
        .where('tag', '=', tag)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    insertSchemaRevision: (row) =>
      insertOnce(
        () =>
          db
            .insertInto('dataset_schemas')
            .values({
              dataset_id: row.datasetId,
              revision: row.revision,
              schema: row.schema,
              inferred_from_version: row.inferredFromVersion,
              author: row.author,
              created_at: row.createdAt,
            })
            .execute(),
        'data.schema_revision_conflict',
        `Schema revision ${row.revision} of this dataset was saved concurrently.`,
      ),
  };
}

/** The dataset store on SQLite or PostgreSQL. */
export function createDatasetStore(runner: TransactionRunner): DatasetStore {
  return {
    read: (fn) => runner.read((scope) => fn(createReader(scope))),
    write: (fn) =>
      runner.write((scope) => fn({ ...createWriter(scope), appendEvent: scope.appendEvent })),
  };
}
