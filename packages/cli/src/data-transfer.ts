/**
 * Moving dataset versions between the local store and a server: only objects the other
 * side lacks travel (existence checked in batches), a directory's manifest object goes
 * last so the server never holds a manifest naming bytes it lacks, and the version is
 * created only once every object is in place.
 */
import { Readable } from 'node:stream';
import type {
  AddVersionResult,
  DatasetsApi,
  DatasetVersion,
  ManifestEntry,
  NewVersionContent,
  RequestContext,
} from '@cairn/core';
import type { LocalDataStore } from './local-data-store.ts';

/** The largest `digests` list the server's existence check accepts. */
export const MISSING_BATCH_SIZE = 1000;
/** Objects moved at once. */
export const TRANSFER_CONCURRENCY = 4;

/** The object traffic of a server's dataset API, beside its use cases. */
export interface DatasetRemote {
  datasets: DatasetsApi;
  /** Which of `digests` (≤ 1000) the server lacks. */
  missingObjects(name: string, digests: string[]): Promise<string[]>;
  /** Streams one object up; the server refuses bytes that do not hash to `digest`. */
  uploadObject(name: string, digest: string, body: AsyncIterable<Uint8Array>): Promise<void>;
  /** Streams one file (or the manifest object) of a version down. */
  downloadObject(name: string, version: number, digest: string): Promise<AsyncIterable<Uint8Array>>;
  /** Where a pulled version came from: the version's URL on the server. */
  versionUrl(name: string, version: number): string;
}

export interface TransferProgress {
  /** Called once the bytes to move are known. */
  onStart?(totals: { totalFiles: number; totalBytes: number }): void;
  onObjectBytes?(bytes: number): void;
  onObjectDone?(): void;
}

export interface TransferResult {
  /** The version on the receiving side. */
  version: DatasetVersion;
  created: boolean;
  objects: number;
  bytes: number;
}

const REMOTE_CTX: RequestContext = { actor: 'remote' };

/** Runs `task` over `items`, at most `limit` at a time; the first failure stops new work. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Unique entries by digest (identical files travel once), in manifest order. */
function uniqueObjects(entries: readonly ManifestEntry[]): ManifestEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.digest) && seen.add(entry.digest));
}

function countBytes(
  source: AsyncIterable<Uint8Array>,
  progress: TransferProgress,
): AsyncIterable<Uint8Array> {
  return (async function* () {
    for await (const chunk of source) {
      progress.onObjectBytes?.(chunk.byteLength);
      yield chunk;
    }
  })();
}

function contentOf(version: DatasetVersion, entries: readonly ManifestEntry[]): NewVersionContent {
  if (version.kind === 'directory') return { kind: 'directory', manifestDigest: version.digest };
  const entry = entries[0];
  if (entry === undefined) throw new Error(`${version.datasetName}@${version.version} has no file`);
  return { kind: 'file', entry };
}

/** Pushes one local version to the server and creates it there (or finds it identical). */
export async function pushVersion(
  store: LocalDataStore,
  remote: DatasetRemote,
  ref: { name: string; ref: string },
  progress: TransferProgress = {},
): Promise<TransferResult> {
  const version = await store.datasets.getVersion(store.ctx, ref.name, ref.ref);
  const entries = await store.datasets.getManifest(store.ctx, ref.name, String(version.version));
  const objects = uniqueObjects(entries);
  const missing = new Set<string>();
  for (let start = 0; start < objects.length; start += MISSING_BATCH_SIZE) {
    const batch = objects.slice(start, start + MISSING_BATCH_SIZE).map((entry) => entry.digest);
    for (const digest of await remote.missingObjects(ref.name, batch)) missing.add(digest);
  }
  const toSend = objects.filter((entry) => missing.has(entry.digest));
  progress.onStart?.({
    totalFiles: toSend.length,
    totalBytes: toSend.reduce((sum, entry) => sum + entry.size, 0),
  });
  const upload = async (digest: string): Promise<void> => {
    const source = await store.objects.open(digest);
    if (source === undefined) {
      const { failedPrecondition } = await import('@cairn/core');
      throw failedPrecondition('data.objects_missing', `The local store lacks object ${digest}.`);
    }
    await remote.uploadObject(ref.name, digest, countBytes(source, progress));
    progress.onObjectDone?.();
  };
  await forEachLimited(toSend, TRANSFER_CONCURRENCY, (entry) => upload(entry.digest));
  let sentObjects = toSend.length;
  let sentBytes = toSend.reduce((sum, entry) => sum + entry.size, 0);
  if (version.kind === 'directory') {
    const [manifestMissing] = await remote.missingObjects(ref.name, [version.digest]);
    if (manifestMissing !== undefined) {
      const { canonicalManifestJson } = await import('@cairn/core');
      const size = Buffer.byteLength(canonicalManifestJson(entries), 'utf8');
      await upload(version.digest);
      sentObjects++;
      sentBytes += size;
    }
  }
  const result: AddVersionResult = await remote.datasets.addVersion(REMOTE_CTX, ref.name, {
    content: contentOf(version, entries),
    description: version.description,
    ...(version.sourceUri === null ? {} : { sourceUri: version.sourceUri }),
    ...(version.tags.length === 0 ? {} : { tags: version.tags }),
  });
  return {
    version: result.version,
    created: result.created,
    objects: sentObjects,
    bytes: sentBytes,
  };
}

/**
 * Pulls one server version into the local store. The manifest is validated before any
 * byte is fetched; each object is hashed as it streams in and a mismatch aborts the pull.
 */
export async function pullVersion(
  store: LocalDataStore,
  remote: DatasetRemote,
  ref: { name: string; ref: string },
  progress: TransferProgress = {},
): Promise<TransferResult> {
  const core = await import('@cairn/core');
  const version = await remote.datasets.getVersion(REMOTE_CTX, ref.name, ref.ref);
  const entries = core.validateManifestEntries(
    await remote.datasets.getManifest(REMOTE_CTX, ref.name, String(version.version)),
  );
  const objects = uniqueObjects(entries);
  const present = new Set<string>();
  await forEachLimited(objects, 32, async (entry) => {
    if (await store.objects.has(entry.digest)) present.add(entry.digest);
  });
  const toFetch = objects.filter((entry) => !present.has(entry.digest));
  progress.onStart?.({
    totalFiles: toFetch.length,
    totalBytes: toFetch.reduce((sum, entry) => sum + entry.size, 0),
  });
  const verify = (expected: string, actual: string, what: string): void => {
    if (actual !== expected) {
      throw core.failedPrecondition(
        'data.digest_mismatch',
        `${what} arrived with digest ${actual}, not ${expected}; the pull was stopped.`,
      );
    }
  };
  await forEachLimited(toFetch, TRANSFER_CONCURRENCY, async (entry) => {
    const source = await remote.downloadObject(ref.name, version.version, entry.digest);
    const stored = await store.objects.put(countBytes(source, progress));
    verify(entry.digest, stored.digest, entry.path);
    progress.onObjectDone?.();
  });
  if (version.kind === 'directory') {
    // Rebuilt here rather than downloaded: equal bytes must hash to the server's digest.
    const manifest = Buffer.from(core.canonicalManifestJson(entries), 'utf8');
    const stored = await store.objects.put(Readable.from([manifest]));
    verify(version.digest, stored.digest, 'The manifest');
  } else {
    verify(version.digest, entries[0]?.digest ?? '', 'The file');
  }
  const result = await store.datasets.addVersion(store.ctx, ref.name, {
    content: contentOf(version, entries),
    description: version.description,
    sourceUri: remote.versionUrl(ref.name, version.version),
    ...(version.tags.length === 0 ? {} : { tags: version.tags }),
  });
  return {
    version: result.version,
    created: result.created,
    objects: toFetch.length,
    bytes: toFetch.reduce((sum, entry) => sum + entry.size, 0),
  };
}
