/**
 * The SDK's datasets client in the shape of the core `DatasetsApi`, so each `cairn data`
 * command is written once and runs against the local store or (--remote) a server. The
 * server decides who the caller is from the token; the context argument is not sent.
 */
import type { DatasetSchema, DatasetsApi } from '@cairn/core';
import type { CairnClient } from '@cairn/sdk';
import type { DatasetRemote } from '../data-transfer.ts';

export function createRemoteDatasetsApi(client: CairnClient): DatasetsApi {
  const api = client.datasets;
  return {
    createDataset: (_ctx, input) => api.create(input),
    getDataset: (_ctx, name) => api.get(name),
    listDatasets: (_ctx, options) => api.list(options),
    updateDataset: (_ctx, name, patch) =>
      api.update(name, { description: patch.description ?? '' }),
    addVersion: (_ctx, name, input) => api.addVersion(name, input),
    getVersion: (_ctx, name, ref) => api.getVersion(name, ref),
    listVersions: (_ctx, name, options) => api.listVersions(name, options),
    updateVersion: (_ctx, name, ref, patch) => api.updateVersion(name, ref, patch),
    getManifest: (_ctx, name, ref) => api.getManifest(name, ref),
    setTag: (_ctx, name, tag, ref) => api.setTag(name, tag, ref),
    deleteTag: (_ctx, name, tag) => api.deleteTag(name, tag),
    getProfile: (_ctx, name, ref) => api.getProfile(name, ref),
    inferSchema: (_ctx, name, ref, options) => api.inferSchema(name, ref, options),
    // The server validates the document; the SDK's parameter type only names its shape.
    saveSchema: (_ctx, name, input) =>
      api.saveSchema(name, { ...input, schema: input.schema as DatasetSchema }),
    getSchema: (_ctx, name, revision) => api.getSchema(name, revision),
    listSchemaRevisions: (_ctx, name, options) => api.listSchemaRevisions(name, options),
    validateVersion: (_ctx, name, ref, options) => api.validate(name, ref, options),
    diffVersions: (_ctx, from, to) =>
      api.diff(from.name, from.ref, to.ref, to.name === from.name ? {} : { toDataset: to.name }),
  };
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // A consumer that stops early (a failed write) must not leave the download running.
    if (!finished) await reader.cancel();
    reader.releaseLock();
  }
}

/** The server side of `cairn data push|pull`. */
export function createDatasetRemote(client: CairnClient): DatasetRemote {
  const api = client.datasets;
  return {
    datasets: createRemoteDatasetsApi(client),
    missingObjects: (name, digests) => api.missingObjects(name, digests),
    async uploadObject(name, digest, body) {
      await api.uploadObject(name, digest, body);
    },
    async downloadObject(name, version, digest) {
      return chunksOf((await api.downloadFile(name, version, digest)).body);
    },
    versionUrl: (name, version) =>
      `${client.url.replace(/\/+$/, '')}/api/v1/datasets/${encodeURIComponent(name)}/versions/${version}`,
  };
}
