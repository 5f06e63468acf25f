/**
 * Turns the value a request names (run id, experiment name, artifact path, model source…)
 * into the resource whose grants decide. `undefined` means "does not exist": the request
 * then goes on and its handler answers 404, which tells nothing about foreign resources.
 */
import type { ResourceDirectory } from '@cairn/core';
import type { Resolution } from './route-policy.ts';

/** The core directory plus what only the server resolves (datasets, through their service). */
export interface ServerResourceDirectory extends ResourceDirectory {
  /** The id of the dataset named `name`; undefined when there is none (or the name is invalid). */
  datasetIdByName(name: string): Promise<string | undefined>;
}

/** A path or URI whose owner cannot be determined: only admins may touch it. */
export const UNOWNED = Symbol('unowned');

export type Resolved = string | undefined | typeof UNOWNED;

function firstSegment(path: string): string {
  return path.replace(/^\/+/, '').split('/')[0] ?? '';
}

async function resolveArtifactPath(directory: ResourceDirectory, path: string): Promise<Resolved> {
  // Artifact locations default to `mlflow-artifacts:/<experiment id>/…`. A path under no
  // existing experiment (the root listing, a custom location) belongs to nobody, so that a
  // user cannot plant files where a future experiment's artifacts will appear.
  const segment = firstSegment(path);
  return (await directory.experimentExists(segment)) ? segment : UNOWNED;
}

async function resolveModelSource(directory: ResourceDirectory, source: string): Promise<Resolved> {
  const runs = /^runs:\/([^/]+)/.exec(source);
  if (runs) return directory.experimentIdOfRun(runs[1] as string);
  const models = /^models:\/(m-[0-9a-f]+)/.exec(source);
  if (models) return directory.experimentIdOfLoggedModel(models[1] as string);
  const artifacts = /^mlflow-artifacts:\/+(.*)$/.exec(source);
  if (artifacts) return resolveArtifactPath(directory, artifacts[1] as string);
  // Anything else is rejected by the registry's source allow-list.
  return undefined;
}

export function resolveResource(
  directory: ServerResourceDirectory,
  resolution: Resolution,
  value: string,
): Promise<Resolved> {
  switch (resolution) {
    case 'experiment':
    case 'registered-model':
      return Promise.resolve(value);
    case 'experiment-name':
      return directory.experimentIdByName(value);
    case 'run':
      return directory.experimentIdOfRun(value);
    case 'logged-model':
      return directory.experimentIdOfLoggedModel(value);
    case 'artifact-path':
      return resolveArtifactPath(directory, value);
    case 'registered-model-name':
      return directory.registeredModelIdByName(value);
    case 'model-source':
      return resolveModelSource(directory, value);
    case 'dataset-name':
      return directory.datasetIdByName(value);
  }
}
