/**
 * The data-versioning use cases (`DatasetsApi`). Every change writes its event in the
 * same transaction; reads of one dataset happen on one connection so a name, a ref and
 * the version they resolve to are consistent. Listing is limited to what the caller may
 * read by the request's access filter, inside the store's query.
 */
import { alreadyExists, failedPrecondition, newOpaqueId, notFound } from '../kernel/index.ts';
import type { Clock } from '../kernel/index.ts';
import { validateDatasetName, validateTagName } from './dataset-names.ts';
import { createDatasetQuality } from './dataset-quality.ts';
import {
  DatasetEvents,
  checkDescription,
  datasetEvent,
  pageOf,
  readManifestObject,
  requireDataset,
  requireVersion,
} from './dataset-support.ts';
import { addDatasetVersion } from './dataset-version-add.ts';
import type { DatasetsApi } from './datasets-api.ts';
import type { DatasetVersion, ManagedDataset, ManifestEntry } from './entities.ts';
import type { DataObjectStore, DatasetStore, TableAnalyzer } from './ports.ts';

export interface DatasetServiceDeps {
  store: DatasetStore;
  /** The blob store holding dataset files and manifests. */
  objects: DataObjectStore;
  /** Profiles, validates and diffs tables; without it versions get no profile. */
  analyzer?: TableAnalyzer | undefined;
  clock: Clock;
}

export function createDatasetService(deps: DatasetServiceDeps): DatasetsApi {
  const { store, objects, clock } = deps;

  async function manifestOf(version: DatasetVersion): Promise<ManifestEntry[]> {
    if (version.kind === 'directory') return readManifestObject(objects, version.digest);
    const entry = await store.read((r) => r.getFileEntry(version.datasetId, version.version));
    if (entry === null) {
      throw failedPrecondition(
        'data.invalid_manifest',
        `Version ${version.version} of '${version.datasetName}' has no file entry.`,
      );
    }
    return [entry];
  }

  const quality = createDatasetQuality({
    store,
    analyzer: deps.analyzer,
    clock,
    manifestOf,
  });

  const mustExist = (dataset: ManagedDataset | undefined, id: string): ManagedDataset => {
    if (dataset === undefined) throw notFound('data.dataset_not_found', `Dataset ${id} vanished.`);
    return dataset;
  };

  return {
    async createDataset(ctx, input) {
      const name = validateDatasetName(input.name);
      const description =
        input.description === undefined ? '' : checkDescription(input.description);
      return store.write(async (w) => {
        if ((await w.getDatasetByName(name)) !== undefined) {
          throw alreadyExists('data.dataset_exists', `Dataset '${name}' already exists.`);
        }
        const now = clock.now();
        const id = `ds-${newOpaqueId()}`;
        await w.insertDataset({
          id,
          name,
          description,
          createdAt: now,
          updatedAt: now,
          createdBy: ctx.actor,
        });
        await w.appendEvent(
          datasetEvent(ctx, DatasetEvents.DATASET_CREATED, id, now, { name, description }),
        );
        return mustExist(await w.getDatasetById(id), id);
      });
    },

    getDataset: (_ctx, name) => store.read((r) => requireDataset(r, name)),

    listDatasets: (ctx, options) =>
      pageOf(options, (page) =>
        store.read((r) =>
          r.listDatasets({
            page,
            ...(options.namePrefix === undefined || options.namePrefix === ''
              ? {}
              : { namePrefix: options.namePrefix }),
            ...(ctx.access === undefined ? {} : { readableBy: ctx.access }),
          }),
        ),
      ),

    async updateDataset(ctx, name, patch) {
      if (patch.description === undefined) return store.read((r) => requireDataset(r, name));
      const description = checkDescription(patch.description);
      return store.write(async (w) => {
        const dataset = await requireDataset(w, name);
        const now = clock.now();
        await w.updateDataset(dataset.id, { description, updatedAt: now });
        await w.appendEvent(
          datasetEvent(ctx, DatasetEvents.DATASET_UPDATED, dataset.id, now, { name, description }),
        );
        return mustExist(await w.getDatasetById(dataset.id), dataset.id);
      });
    },

    addVersion: (ctx, name, input) =>
      addDatasetVersion({ store, objects, analyzer: deps.analyzer, clock }, ctx, name, input),

    getVersion: (_ctx, name, ref) =>
      store.read(async (r) => requireVersion(r, await requireDataset(r, name), ref)),

    async listVersions(_ctx, name, options) {
      const dataset = await store.read((r) => requireDataset(r, name));
      return pageOf(options, (page) => store.read((r) => r.listVersions(dataset.id, page)));
    },

    async updateVersion(ctx, name, ref, patch) {
      const description = checkDescription(patch.description);
      return store.write(async (w) => {
        const dataset = await requireDataset(w, name);
        const version = await requireVersion(w, dataset, ref);
        await w.updateVersion(dataset.id, version.version, { description });
        await w.appendEvent(
          datasetEvent(ctx, DatasetEvents.VERSION_UPDATED, dataset.id, clock.now(), {
            name,
            version: version.version,
            description,
          }),
        );
        return { ...version, description };
      });
    },

    async getManifest(_ctx, name, ref) {
      const version = await store.read(async (r) =>
        requireVersion(r, await requireDataset(r, name), ref),
      );
      return manifestOf(version);
    },

    async setTag(ctx, name, tag, ref) {
      validateTagName(tag);
      return store.write(async (w) => {
        const dataset = await requireDataset(w, name);
        const version = await requireVersion(w, dataset, ref);
        const previous = dataset.tags[tag];
        if (previous === version.version) return version;
        const now = clock.now();
        await w.setTag(dataset.id, tag, version.version, now);
        await w.appendEvent(
          datasetEvent(ctx, DatasetEvents.TAG_SET, dataset.id, now, {
            name,
            tag,
            version: version.version,
            ...(previous === undefined ? {} : { previousVersion: previous }),
          }),
        );
        return (await w.getVersion(dataset.id, version.version)) as DatasetVersion;
      });
    },

    async deleteTag(ctx, name, tag) {
      validateTagName(tag);
      await store.write(async (w) => {
        const dataset = await requireDataset(w, name);
        const version = dataset.tags[tag];
        if (version === undefined || !(await w.deleteTag(dataset.id, tag))) {
          throw notFound('data.tag_not_found', `Dataset '${name}' has no tag '${tag}'.`);
        }
        await w.appendEvent(
          datasetEvent(ctx, DatasetEvents.TAG_DELETED, dataset.id, clock.now(), {
            name,
            tag,
            version,
          }),
        );
      });
    },

    ...quality,
  };
}
