/**
 * `GET /model-versions/get-artifact?name=&version=&path=`: one file of a model version,
 * as MLflow's UI downloads it (outside the API prefix, like `/get-artifact`). The path is
 * checked on its own before it is joined to the version's storage location, so it can
 * never climb out of that version's files.
 */
import type { Hono } from 'hono';
import { artifactPathFromUri, normalizeArtifactPath } from '@cairn/core';
import type { ArtifactsApi, RegistryApi } from '@cairn/core';
import { downloadResponse } from '../../http/artifact-transfer.ts';
import { queryFields } from '../request-parsing.ts';
import { requiredString } from '../request-fields.ts';
import { actorOf, errorResponse } from '../route-kit.ts';
import type { ErrorLogger, MlflowEnv } from '../route-kit.ts';
import { requiredVersion } from './registry-fields.ts';

export const MODEL_VERSION_ARTIFACT_PATH = '/model-versions/get-artifact';

export function registerModelVersionArtifactRoute(
  app: Hono<MlflowEnv>,
  registry: RegistryApi,
  artifacts: ArtifactsApi,
  log: ErrorLogger,
): void {
  app.get(MODEL_VERSION_ARTIFACT_PATH, async (c) => {
    try {
      const fields = queryFields(c.req.queries(), new Set());
      const name = requiredString(fields, 'name');
      const version = requiredVersion(fields);
      const relative = normalizeArtifactPath(requiredString(fields, 'path'));
      const ctx = { actor: actorOf(c) };
      const root = artifactPathFromUri(await registry.getDownloadUri(ctx, name, version));
      const path = root === '' ? relative : `${root}/${relative}`;
      const { entry, body } = await artifacts.download(ctx, path);
      return await downloadResponse(c.req.method, entry, body);
    } catch (error) {
      return errorResponse(c, error, log);
    }
  });
}
