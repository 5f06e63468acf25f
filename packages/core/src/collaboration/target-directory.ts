/** `CommentTargetDirectory` over the tracking and registry stores (existence only, no rights). */
import type { RegistryStore } from '../registry/index.ts';
import type { TrackingStore } from '../tracking/index.ts';
import type { CommentTargetDirectory } from './ports.ts';

export function createCommentTargetDirectory(stores: {
  tracking: TrackingStore;
  registry: RegistryStore;
}): CommentTargetDirectory {
  return {
    runExists: async (runId) =>
      (await stores.tracking.read((reader) => reader.getRunInfo(runId))) !== undefined,
    modelVersionExists: async (registeredModelId, version) =>
      (await stores.registry.read((reader) =>
        reader.getModelVersion(registeredModelId, version),
      )) !== undefined,
    registeredModelId: (name) =>
      stores.registry.read((reader) => reader.getRegisteredModelId(name)),
  };
}
