/**
 * The bytes-to-version pipeline of `cairn data add`: ingest the scanned files into the local
 * blob store, store a directory's canonical manifest, and add the version.
 */
import { Readable } from 'node:stream';
import type { AddVersionInput, AddVersionResult, NewVersionContent } from '@cairn/core';
import type { IngestResult, Progress, ScanResult } from '@cairn/adapters/workspace';
import type { LocalDataStore } from '../local-data-store.ts';
import { loadCore } from './data-shared.ts';

export interface AddPipelineOptions {
  name: string;
  fsync: boolean;
  onProgress: (progress: Progress) => void;
  /** The version's metadata besides its content. */
  version: Omit<AddVersionInput, 'content'>;
}

export async function addScannedFiles(
  store: LocalDataStore,
  scan: ScanResult,
  options: AddPipelineOptions,
): Promise<{ ingest: IngestResult; result: AddVersionResult }> {
  const core = await loadCore();
  const { openStatCache, ingestFiles } = await import('@cairn/adapters/workspace');

  const ingest = async (trustCachedObjects: boolean) => {
    const statCache = openStatCache(store.statCachePath);
    try {
      const result = await ingestFiles(scan, {
        blobRoot: store.blobRoot,
        statCache,
        fsync: options.fsync,
        onProgress: options.onProgress,
        trustCachedObjects,
      });
      statCache.flush();
      return result;
    } finally {
      statCache.close();
    }
  };

  const addOnce = async (trustCachedObjects: boolean) => {
    const ingested = await ingest(trustCachedObjects);
    let content: NewVersionContent;
    if (scan.kind === 'file') {
      const entry = ingested.entries[0];
      if (entry === undefined) throw new Error(`no file was read from ${scan.root}`);
      content = { kind: 'file', entry };
    } else {
      const manifest = Buffer.from(core.canonicalManifestJson(ingested.entries), 'utf8');
      const stored = await store.objects.put(Readable.from([manifest]));
      content = { kind: 'directory', manifestDigest: stored.digest };
    }
    const result = await store.datasets.addVersion(store.ctx, options.name, {
      ...options.version,
      content,
    });
    return { ingest: ingested, result };
  };

  // Files in the stat cache are trusted to be stored (Cairn never deletes objects); when some
  // were removed by hand the service refuses the version, and a second pass re-copies them.
  try {
    return await addOnce(true);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'data.objects_missing') throw error;
    return addOnce(false);
  }
}
