/**
 * The bytes of datasets: which objects the server lacks, uploading one (streamed into the
 * blob store and checked against the digest it is sent under), and downloading one file
 * of a version. Objects are the same content-addressed blobs artifacts use.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { findMissingObjects, invalidArgument, notFound, validateDatasetName } from '@cairn/core';
import type { DatasetVersion, DatasetsApi, ManifestEntry, RequestContext } from '@cairn/core';
import { bytesResponse, defineRoute, jsonResponse, type AnyApiRoute } from './api-route.ts';
import { datasetTag, dataObjectsOf, datasetsOf } from './dataset-routes.ts';
import {
  MISSING_CHECK_MAX,
  datasetParams,
  digestSchema,
  versionParams,
} from './dataset-schemas.ts';
import {
  attachmentDisposition,
  requestBodyChunks,
  toReadableStream,
} from '../http/artifact-transfer.ts';

/**
 * Passes `source` through while hashing it, and fails at its end when the bytes are not
 * `digest`: the blob store then drops its temp file, so a corrupt upload leaves nothing.
 */
async function* verifiedChunks(
  source: AsyncIterable<Uint8Array>,
  digest: string,
): AsyncIterable<Uint8Array> {
  const hash = createHash('sha256');
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
  const actual = hash.digest('hex');
  if (actual !== digest) {
    throw invalidArgument(
      'data.digest_mismatch',
      `The uploaded bytes hash to ${actual}, not to ${digest}; nothing was stored.`,
      { details: { expected: digest, actual } },
    );
  }
}

interface FileOfVersion {
  fileName: string;
  size?: number;
}

/** Most manifest entries kept indexed per dataset service (about 100 MB at most). */
const INDEXED_ENTRIES_MAX = 500_000;

/**
 * Directory manifests indexed by digest, per dataset service, least recently used first.
 * A version's manifest never changes (it is named by its own digest), and a pull asks for
 * each of its files in turn: without this every download would re-read and re-parse the
 * whole manifest, quadratic in the file count.
 */
const manifestIndexes = new WeakMap<DatasetsApi, Map<string, Map<string, FileOfVersion>>>();

function indexOf(entries: readonly ManifestEntry[]): Map<string, FileOfVersion> {
  const index = new Map<string, FileOfVersion>();
  for (const entry of entries) {
    if (index.has(entry.digest)) continue;
    index.set(entry.digest, {
      fileName: entry.path.slice(entry.path.lastIndexOf('/') + 1),
      size: entry.size,
    });
  }
  return index;
}

async function manifestIndex(
  api: DatasetsApi,
  ctx: RequestContext,
  version: DatasetVersion,
): Promise<Map<string, FileOfVersion>> {
  let indexes = manifestIndexes.get(api);
  if (indexes === undefined) {
    indexes = new Map();
    manifestIndexes.set(api, indexes);
  }
  const cached = indexes.get(version.digest);
  if (cached !== undefined) {
    indexes.delete(version.digest);
    indexes.set(version.digest, cached);
    return cached;
  }
  const ref = String(version.version);
  const index = indexOf(await api.getManifest(ctx, version.datasetName, ref));
  if (version.kind !== 'directory' || index.size > INDEXED_ENTRIES_MAX) return index;
  indexes.set(version.digest, index);
  let total = 0;
  for (const kept of indexes.values()) total += kept.size;
  for (const [digest, kept] of indexes) {
    if (total <= INDEXED_ENTRIES_MAX) break;
    indexes.delete(digest);
    total -= kept.size;
  }
  return index;
}

/** What a version calls the object `digest` (its manifest object: `manifest.json`), if anything. */
async function fileOfVersion(
  api: DatasetsApi,
  ctx: RequestContext,
  name: string,
  ref: string,
  digest: string,
): Promise<FileOfVersion | undefined> {
  const version = await api.getVersion(ctx, name, ref);
  if (version.kind === 'directory' && version.digest === digest) {
    return { fileName: 'manifest.json' };
  }
  return (await manifestIndex(api, ctx, version)).get(digest);
}

function fileNotFound(name: string, ref: string, digest: string) {
  return notFound(
    'data.file_not_found',
    `Version ${name}@${ref} has no file with digest ${digest}.`,
  );
}

export const datasetObjectRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/datasets/{name}/objects/missing',
    operationId: 'findMissingDatasetObjects',
    tag: datasetTag,
    summary: 'Which of these objects the server does not have yet',
    description: `At most ${MISSING_CHECK_MAX} digests per request. Needs EDIT on the dataset, or the right to create it.`,
    params: datasetParams,
    body: z.strictObject({ digests: z.array(digestSchema).max(MISSING_CHECK_MAX) }),
    response: jsonResponse(
      z.object({ missing: z.array(z.string()) }),
      'The distinct digests absent from the store, in request order.',
    ),
    handle: async ({ params, body }, { deps }) => {
      // Never objects under a name no dataset could have.
      validateDatasetName(params.name);
      return { missing: await findMissingObjects(dataObjectsOf(deps), body.digests) };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/datasets/{name}/objects/{digest}',
    operationId: 'uploadDatasetObject',
    tag: datasetTag,
    summary: 'Upload one object (a file or a directory manifest) under its SHA-256',
    description:
      'The body is streamed into the blob store and hashed on the way; bytes that do not hash to the digest are refused (400 data.digest_mismatch) and nothing is kept. Same permission as objects/missing.',
    params: datasetParams.extend({ digest: digestSchema }),
    rawBody: 'The object’s bytes (application/octet-stream), streamed.',
    response: jsonResponse(
      z.object({ digest: z.string(), size: z.number().int().nonnegative() }),
      'The stored object.',
    ),
    errors: [413],
    handle: ({ params }, { deps, request }) => {
      // Never objects under a name no dataset could have.
      validateDatasetName(params.name);
      return dataObjectsOf(deps).put(verifiedChunks(requestBodyChunks(request), params.digest), {
        maxBytes: deps.artifactMaxBytes,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/datasets/{name}/versions/{ref}/files/{digest}',
    operationId: 'downloadDatasetFile',
    tag: datasetTag,
    summary: 'Download one file of a version by its digest',
    description:
      'Only a digest in the version’s manifest, or the version’s own manifest object, is served; any other is 404.',
    params: versionParams.extend({ digest: digestSchema }),
    response: bytesResponse('The file’s bytes as application/octet-stream.'),
    errors: [404],
    handle: async ({ params }, { deps, ctx, request }) => {
      const api = datasetsOf(deps);
      const file = await fileOfVersion(api, ctx, params.name, params.ref, params.digest);
      const body = file === undefined ? undefined : await dataObjectsOf(deps).open(params.digest);
      if (file === undefined || body === undefined) {
        throw fileNotFound(params.name, params.ref, params.digest);
      }
      let stream: ReadableStream<Uint8Array> | null = toReadableStream(body);
      if (request.method === 'HEAD') {
        // The router drops a HEAD body unread; release the blob now.
        await stream.cancel();
        stream = null;
      }
      return new Response(stream, {
        status: 200,
        headers: {
          'Content-Type': 'application/octet-stream',
          ...(file.size === undefined ? {} : { 'Content-Length': String(file.size) }),
          'Content-Disposition': attachmentDisposition(file.fileName),
          ETag: `"${params.digest}"`,
          // Stored bytes are untrusted: never sniffed, never run as a page of this origin.
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
        },
      });
    },
  }),
];
