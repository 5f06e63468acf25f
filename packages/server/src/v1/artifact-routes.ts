import { z } from 'zod';
import { artifactPathFromUri, normalizeArtifactPath } from '@cairn/core';
import type { RequestContext } from '@cairn/core';
import {
  bytesResponse,
  defineRoute,
  jsonResponse,
  type AnyApiRoute,
  type V1Deps,
} from './api-route.ts';
import { downloadResponse, requestBodyChunks } from '../http/artifact-transfer.ts';
import { artifactFileSchema, artifactUploadSchema } from './entity-schemas.ts';
import { idSchema, limits } from './input-schemas.ts';

const tag = 'Artifacts';
const runParams = z.object({ runId: idSchema });
const artifactPathSchema = z.string().max(limits.artifactPath);

/** The store path of a run's artifact root, e.g. `1/<runId>/artifacts` (404 if no such run). */
async function artifactRoot(deps: V1Deps, ctx: RequestContext, runId: string): Promise<string> {
  const run = await deps.tracking.getRun(ctx, runId);
  return artifactPathFromUri(run.info.artifactUri);
}

/**
 * Joins a client path below the run's root. The relative part is normalized on its own
 * first, so `..` or an absolute path is refused rather than resolved into another run.
 */
function storePath(root: string, relative: string, kind: 'file' | 'directory'): string {
  const normalized = normalizeArtifactPath(relative, { directory: kind === 'directory' });
  return normalized === '' ? root : `${root}/${normalized}`;
}

function relativePath(root: string, path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

export const artifactRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/runs/{runId}/artifacts',
    operationId: 'listArtifacts',
    tag,
    summary: 'List one directory of a run’s artifacts',
    params: runParams,
    query: z.object({
      path: artifactPathSchema
        .default('')
        .describe("A directory relative to the run's artifact root; empty for the root."),
    }),
    response: jsonResponse(
      z.object({ items: z.array(artifactFileSchema) }),
      'The immediate children of the directory, sorted by path.',
    ),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx }) => {
      const root = await artifactRoot(deps, ctx, params.runId);
      const listing = await deps.artifacts.list(ctx, storePath(root, query.path, 'directory'));
      return {
        items: listing.map((item) => ({
          path: relativePath(root, item.path),
          isDir: item.isDir,
          ...(item.size === undefined ? {} : { size: item.size }),
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/runs/{runId}/artifacts/content',
    operationId: 'downloadArtifact',
    tag,
    summary: 'Download one artifact file',
    params: runParams,
    query: z.object({
      path: artifactPathSchema.min(1).describe("The file, relative to the run's artifact root."),
    }),
    response: bytesResponse(
      'The file’s bytes, with Content-Length, a guessed Content-Type and `Content-Disposition: attachment`.',
    ),
    errors: [404],
    handle: async ({ params, query }, { deps, ctx, request }) => {
      const root = await artifactRoot(deps, ctx, params.runId);
      const { entry, body } = await deps.artifacts.download(
        ctx,
        storePath(root, query.path, 'file'),
      );
      return downloadResponse(request.method, entry, body);
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/runs/{runId}/artifacts/content',
    operationId: 'uploadArtifact',
    tag,
    summary: 'Upload one artifact file',
    description:
      'The body is the raw file content (any Content-Type). An existing file at the path is replaced.',
    params: runParams,
    query: z.object({
      path: artifactPathSchema.min(1).describe("The file, relative to the run's artifact root."),
    }),
    rawBody: 'The file content, streamed to the blob store.',
    response: jsonResponse(artifactUploadSchema, 'The stored file.', 201),
    errors: [404, 413],
    handle: async ({ params, query }, { deps, ctx, request }) => {
      const root = await artifactRoot(deps, ctx, params.runId);
      const entry = await deps.artifacts.upload(
        ctx,
        storePath(root, query.path, 'file'),
        requestBodyChunks(request),
        { maxBytes: deps.artifactMaxBytes },
      );
      return { path: relativePath(root, entry.path), digest: entry.digest, size: entry.size };
    },
  }),
];
