/**
 * The bytes of datasets: which objects the server lacks, uploading one (streamed into the
 * blob store and checked against the digest it is sent under), and downloading one file
 * of a version. Objects are the same content-addressed blobs artifacts use.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { invalidArgument, isCairnError, notFound } from '@cairn/core';
import type { DataObjectStore, DatasetsApi, RequestContext } from '@cairn/core';
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

/** Existence checks in flight at once: enough to hide latency, few enough for any disk. */
const HAS_CONCURRENCY = 32;

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

/** The distinct digests of `digests` the store lacks, in request order. */
async function missingObjects(objects: DataObjectStore, digests: string[]): Promise<string[]> {
  const unique = [...new Set(digests)];
  const present = new Array<boolean>(unique.length);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const index = next++;
      present[index] = await objects.has(unique[index] as string);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HAS_CONCURRENCY, unique.length) }, worker));
  return unique.filter((_, index) => present[index] !== true);
}

/**
 * The dataset's name is checked (and an existing dataset read, which the policy already
 * allowed) so objects are never sent under a name no dataset could have.
 */
async function checkDatasetName(api: DatasetsApi, ctx: RequestContext, name: string) {
  try {
    await api.getDataset(ctx, name);
  } catch (error) {
    if (isCairnError(error) && error.category === 'NOT_FOUND') return;
    throw error;
  }
}

/** The file name a version gives `digest` (its manifest object: `manifest.json`), or undefined. */
async function fileOfVersion(
  api: DatasetsApi,
  ctx: RequestContext,
  name: string,
  ref: string,
  digest: string,
): Promise<{ fileName: string; size?: number } | undefined> {
  const version = await api.getVersion(ctx, name, ref);
  if (version.kind === 'directory' && version.digest === digest) {
    return { fileName: 'manifest.json' };
  }
  const entries = await api.getManifest(ctx, name, ref);
  const entry = entries.find((candidate) => candidate.digest === digest);
  if (entry === undefined) return undefined;
  return { fileName: entry.path.slice(entry.path.lastIndexOf('/') + 1), size: entry.size };
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
    handle: async ({ params, body }, { deps, ctx }) => {
      await checkDatasetName(datasetsOf(deps), ctx, params.name);
      return { missing: await missingObjects(dataObjectsOf(deps), body.digests) };
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
    handle: async ({ params }, { deps, ctx, request }) => {
      await checkDatasetName(datasetsOf(deps), ctx, params.name);
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
