/**
 * Lists the artifacts under an entity's artifact root (a run's `artifact_uri`, a logged
 * model's `artifact_location`) the way MLflow's `ListArtifacts` answers: `root_uri` plus
 * `files` whose paths are relative to that root. The client's sub-path is checked on its
 * own first, so it can never climb out of the root it is joined to.
 */
import { artifactPathFromUri, normalizeArtifactPath } from '@cairn/core';
import type { ArtifactsApi, RequestContext } from '@cairn/core';
import { fileInfoJson, putList } from './entity-json.ts';
import type { JsonObject } from './entity-json.ts';

export async function listArtifactsUnderRoot(
  artifacts: ArtifactsApi,
  ctx: RequestContext,
  rootUri: string,
  subPath: string | undefined,
): Promise<JsonObject> {
  const root = artifactPathFromUri(rootUri);
  const relative = subPath ? normalizeArtifactPath(subPath, { directory: true }) : '';
  const dir = relative === '' ? root : root === '' ? relative : `${root}/${relative}`;
  const listing = await artifacts.list(ctx, dir);
  const prefixLength = root === '' ? 0 : root.length + 1;
  const files = listing.map((entry) =>
    fileInfoJson(entry.path.slice(prefixLength), entry.isDir, entry.size),
  );
  const json: JsonObject = { root_uri: rootUri };
  putList(json, 'files', files);
  return json;
}
