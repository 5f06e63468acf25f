/**
 * The CLI's local data store: a Cairn data directory (the one `cairn server` uses) opened
 * in-process, acting as the single local user. Modules are loaded on first use so that
 * commands which never open a store do not pay for SQLite, the server wiring or DuckDB
 * (the analyzer itself loads DuckDB only when a table is read).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DataObjectStore, DatasetsApi, RequestContext } from '@cairn/core';
import type { OptionSpec } from './command-spec.ts';

export const DEFAULT_STORE_DIR = './.cairn';

/** `--store <dir>` (env CAIRN_DATA_DIR), shared by every `cairn data` command. */
export const storeOption: OptionSpec = {
  type: 'string',
  valueName: 'dir',
  env: 'CAIRN_DATA_DIR',
  default: DEFAULT_STORE_DIR,
  description: 'The local data store (a Cairn data directory, as `cairn server --data-dir`)',
};

export interface LocalDataStore {
  /** Absolute path of the data directory. */
  dataDir: string;
  /** The blob store's root (`<dataDir>/blobs`). */
  blobRoot: string;
  /** The stat cache that lets `add` and `status` skip reading unchanged files. */
  statCachePath: string;
  datasets: DatasetsApi;
  objects: DataObjectStore;
  /** The single local user. */
  ctx: RequestContext;
  /** Closes the analyzer and the metadata store; safe to call twice. */
  close(): Promise<void>;
}

/** The local actor every change made through the CLI's store is recorded under. */
export const LOCAL_ACTOR = 'local';

/** Opens (creating when missing) the data directory `dir`. */
export async function openLocalDataStore(dir: string): Promise<LocalDataStore> {
  const dataDir = resolve(dir);
  await mkdir(dataDir, { recursive: true });
  const [{ openMetadataStore }, { createDataServices }, { systemClock }] = await Promise.all([
    import('@cairn/adapters/sql'),
    import('@cairn/server/data-services'),
    import('@cairn/core'),
  ]);
  const store = await openMetadataStore({ dataDir });
  let services: ReturnType<typeof createDataServices>;
  try {
    services = createDataServices({ store, dataDir, clock: systemClock });
  } catch (error) {
    await store.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    dataDir,
    blobRoot: services.blobRoot,
    statCachePath: join(dataDir, 'data-stat-cache.sqlite'),
    datasets: services.datasets,
    objects: services.objects,
    ctx: { actor: LOCAL_ACTOR },
    close: () =>
      (closing ??= (async () => {
        try {
          await services.close();
        } finally {
          await store.close();
        }
      })()),
  };
}

/** Opens the store, runs `fn` and closes the store whatever happens. */
export async function withLocalDataStore<T>(
  dir: string,
  fn: (store: LocalDataStore) => Promise<T>,
): Promise<T> {
  const store = await openLocalDataStore(dir);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
