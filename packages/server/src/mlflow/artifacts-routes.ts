/**
 * MLflow's proxied artifact service (`mlflow/protos/mlflow_artifacts.proto`), served under
 * `/api/2.0/mlflow-artifacts`: streamed PUT and GET of single files, directory listing
 * and delete. Paths go to `ArtifactsApi` as received (decoded once by the router, as
 * Flask does); the service decodes until stable and rejects traversal, absolute paths,
 * `?#;`, NUL and backslashes. Multipart upload is declined so the client falls back to a
 * single PUT.
 */
import type { Context, Hono } from 'hono';
import { guessContentType } from '@cairn/core';
import type { ArtifactsApi } from '@cairn/core';
import { fileInfoJson, putList } from './entity-json.ts';
import type { JsonObject } from './entity-json.ts';
import { actorOf, errorResponse } from './route-kit.ts';
import type { ErrorLogger, MlflowEnv } from './route-kit.ts';

/** The message prefix `HttpArtifactRepository._try_multipart_upload` tests for. */
export const MULTIPART_UPLOAD_UNSUPPORTED =
  'Multipart upload is not supported for the current artifact repository';
const MULTIPART_DOWNLOAD_UNSUPPORTED =
  'Multipart download is not supported for the current artifact repository';

/** The request body as chunks; stopping early cancels the rest of the upload. */
async function* requestChunks(body: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (body === null) return;
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel();
  }
}

function responseStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Downloads are always attachments (MLflow does the same so an artifact can never render
 * as a page of this origin). Names outside plain ASCII go in the RFC 6266 `filename*` form.
 */
function contentDisposition(fileName: string): string {
  if (/^[\w.\- ]+$/.test(fileName)) return `attachment; filename="${fileName}"`;
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function notImplemented(c: Context, message: string): Response {
  return c.json({ error_code: 'NOT_IMPLEMENTED', message }, 501);
}

/** Registers the proxied artifact routes under `prefix` (e.g. `/api/2.0/mlflow-artifacts`). */
export function registerArtifactRoutes(
  app: Hono<MlflowEnv>,
  prefix: string,
  artifacts: ArtifactsApi,
  log: ErrorLogger,
): void {
  const filePath = `${prefix}/artifacts/:path{.+}`;

  app.put(filePath, async (c) => {
    try {
      const ctx = { actor: actorOf(c) };
      await artifacts.upload(ctx, c.req.param('path') ?? '', requestChunks(c.req.raw.body));
      return c.json({});
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });

  app.get(filePath, async (c) => {
    try {
      const ctx = { actor: actorOf(c) };
      const { entry, body } = await artifacts.download(ctx, c.req.param('path') ?? '');
      const name = baseName(entry.path);
      return new Response(responseStream(body), {
        status: 200,
        headers: {
          'content-type': guessContentType(name),
          'content-length': String(entry.size),
          'content-disposition': contentDisposition(name),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });

  app.delete(filePath, async (c) => {
    try {
      await artifacts.delete({ actor: actorOf(c) }, c.req.param('path') ?? '');
      return c.json({});
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });

  app.get(`${prefix}/artifacts`, async (c) => {
    try {
      const listing = await artifacts.list({ actor: actorOf(c) }, c.req.query('path') ?? '');
      // MLflow lists a directory's children by base name only; the client joins them.
      const files = listing.map((child) =>
        fileInfoJson(baseName(child.path), child.isDir, child.size),
      );
      const json: JsonObject = {};
      putList(json, 'files', files);
      return c.json(json);
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });

  app.post(`${prefix}/mpu/*`, (c) => notImplemented(c, MULTIPART_UPLOAD_UNSUPPORTED));
  app.get(`${prefix}/presigned/*`, (c) => notImplemented(c, MULTIPART_DOWNLOAD_UNSUPPORTED));
}
