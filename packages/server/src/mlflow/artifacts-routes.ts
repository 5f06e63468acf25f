/**
 * MLflow's proxied artifact service (`mlflow/protos/mlflow_artifacts.proto`), served under
 * `/api/2.0/mlflow-artifacts`: streamed PUT and GET of single files, directory listing
 * and delete. Paths go to `ArtifactsApi` as received (decoded once by the router, as
 * Flask does); the service decodes until stable and rejects traversal, absolute paths,
 * `?#;`, NUL and backslashes. Multipart upload is declined so the client falls back to a
 * single PUT.
 */
import type { Context, Hono } from 'hono';
import type { ArtifactsApi } from '@cairn/core';
import { downloadResponse, requestBodyChunks } from '../http/artifact-transfer.ts';
import { fileInfoJson, putList } from './entity-json.ts';
import type { JsonObject } from './entity-json.ts';
import { contextOf, errorResponse } from './route-kit.ts';
import type { ErrorLogger, MlflowEnv } from './route-kit.ts';

/** The message prefix `HttpArtifactRepository._try_multipart_upload` tests for. */
export const MULTIPART_UPLOAD_UNSUPPORTED =
  'Multipart upload is not supported for the current artifact repository';
const MULTIPART_DOWNLOAD_UNSUPPORTED =
  'Multipart download is not supported for the current artifact repository';

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
      const ctx = contextOf(c);
      await artifacts.upload(ctx, c.req.param('path') ?? '', requestBodyChunks(c.req.raw));
      return c.json({});
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });

  app.get(filePath, async (c) => {
    try {
      const ctx = contextOf(c);
      const { entry, body } = await artifacts.download(ctx, c.req.param('path') ?? '');
      return await downloadResponse(c.req.method, entry, body);
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });

  app.delete(filePath, async (c) => {
    try {
      await artifacts.delete(contextOf(c), c.req.param('path') ?? '');
      return c.json({});
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });

  app.get(`${prefix}/artifacts`, async (c) => {
    try {
      const listing = await artifacts.list(contextOf(c), c.req.query('path') ?? '');
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
