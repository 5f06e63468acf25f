/**
 * The one wiring of the data domain over a Cairn data directory: the dataset service on
 * the metadata store, the blob store shared with artifacts, and the DuckDB analyzer that
 * reads table files straight from their blob paths. `startServer` and the CLI's local
 * store both build it here, so the two always agree on where bytes live.
 */
import { join } from 'node:path';
// Subpaths, not the package index: the CLI loads this module and should not pay for the
// adapters it never uses (egress, audit keys).
import { createDuckDbTableAnalyzer } from '@cairn/adapters/analytics';
import { blobObjectPath, createLocalBlobStore } from '@cairn/adapters/blob';
import type { MetadataStore } from '@cairn/adapters/sql';
import { createDatasetService } from '@cairn/core';
import type { Clock, DataObjectStore, DatasetsApi } from '@cairn/core';

export interface DataServices {
  datasets: DatasetsApi;
  /** The blob store holding dataset files and manifests (`<dataDir>/blobs`). */
  objects: DataObjectStore;
  /** The blob store's root directory. */
  blobRoot: string;
  /** Releases the analyzer (DuckDB); the metadata store stays open (its owner closes it). */
  close(): Promise<void>;
}

export interface DataServicesDeps {
  store: Pick<MetadataStore, 'datasets'>;
  /** The Cairn data directory; blobs live in `<dataDir>/blobs`. */
  dataDir: string;
  clock: Clock;
}

/** Builds the dataset service over `dataDir`. */
export function createDataServices(deps: DataServicesDeps): DataServices {
  const blobRoot = join(deps.dataDir, 'blobs');
  const objects = createLocalBlobStore({ root: blobRoot });
  const analyzer = createDuckDbTableAnalyzer({
    resolvePath: (digest) => blobObjectPath(blobRoot, digest),
  });
  const datasets = createDatasetService({
    store: deps.store.datasets,
    objects,
    analyzer,
    clock: deps.clock,
  });
  return { datasets, objects, blobRoot, close: () => analyzer.close() };
}
