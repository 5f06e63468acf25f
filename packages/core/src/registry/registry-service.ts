/**
 * The registry service: MLflow's model-registry semantics over the `RegistryStore` port.
 * Each state change runs in one `store.write` transaction together with its event rows.
 */
import { createModelVersionOperations } from './model-version-operations.ts';
import { createRegisteredModelOperations } from './registered-model-operations.ts';
import type { RegistryApi } from './registry-api.ts';
import type { RegistryServiceDeps } from './registry-support.ts';

/** Creates the registry service. `tracking` resolves `runs:/` and `models:/` sources. */
export function createRegistryService(deps: RegistryServiceDeps): RegistryApi {
  return {
    ...createRegisteredModelOperations(deps),
    ...createModelVersionOperations(deps),
  };
}

export type { RegistryServiceDeps };
