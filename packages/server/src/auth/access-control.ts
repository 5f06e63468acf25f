/**
 * Builds identity, grants and (with `--auth`) the enforcement of both for a server, and
 * bootstraps the first admin: a server with authentication on and no user at all would
 * lock everyone out, so it refuses to start unless CAIRN_ADMIN_USERNAME/PASSWORD are set.
 */
import {
  createAccessService,
  createIdentityService,
  createScryptKdf,
  isCairnError,
} from '@cairn/core';
import type {
  AccessApi,
  AccessStore,
  Clock,
  DatasetsApi,
  IdentityApi,
  IdentityStore,
  PasswordKdf,
  Permission,
  RegistryApi,
  ResourceDirectory,
} from '@cairn/core';
import type { AuthMiddlewareDeps } from './auth-middleware.ts';
import type { ServerResourceDirectory } from './resource-resolver.ts';

/** The id behind a name, or undefined when `find` answers NOT_FOUND or INVALID_ARGUMENT. */
async function idOrUndefined(find: () => Promise<string>): Promise<string | undefined> {
  try {
    return await find();
  } catch (error) {
    if (
      isCairnError(error) &&
      (error.category === 'NOT_FOUND' || error.category === 'INVALID_ARGUMENT')
    ) {
      return undefined;
    }
    throw error;
  }
}

export interface AccessControlOptions {
  identityStore: IdentityStore;
  accessStore: AccessStore;
  /** The tracking half of the directory (from the metadata store). */
  resources: Omit<ResourceDirectory, 'registeredModelIdByName'>;
  registry: RegistryApi;
  /** Resolves a dataset's name to the id its grants key on. */
  datasets: Pick<DatasetsApi, 'getDataset'>;
  clock: Clock;
  /** Enforce authentication and authorization (`--auth`). */
  enabled: boolean;
  defaultPermission?: Permission;
  /** The first admin, created when there are no users yet. */
  admin?: { username: string; password: string };
  /** Defaults to scrypt with OWASP's parameters. */
  kdf?: PasswordKdf;
}

export interface AccessControl {
  identity: IdentityApi;
  access: AccessApi;
  /** Present when enforcement is on: what `createApp` takes as `auth`. */
  auth?: AuthMiddlewareDeps;
  /** The admin created on this start, if any. */
  createdAdmin?: string;
}

export async function setUpAccessControl(options: AccessControlOptions): Promise<AccessControl> {
  const identity = createIdentityService({
    store: options.identityStore,
    clock: options.clock,
    kdf: options.kdf ?? createScryptKdf(),
  });
  const access = createAccessService({
    store: options.accessStore,
    clock: options.clock,
    ...(options.defaultPermission === undefined
      ? {}
      : { defaultPermission: options.defaultPermission }),
  });
  if (!options.enabled) return { identity, access };
  const { created } = await identity.bootstrapAdmin(options.admin);
  const { registry, datasets } = options;
  const system = { actor: 'system' };
  const resources: ServerResourceDirectory = {
    ...options.resources,
    async registeredModelIdByName(name) {
      try {
        return await registry.getRegisteredModelId(system, name);
      } catch (error) {
        if (isCairnError(error) && error.category === 'NOT_FOUND') return undefined;
        throw error;
      }
    },
    // An invalid name names nothing; the handler then refuses it with its own code.
    datasetIdByName: (name) =>
      idOrUndefined(async () => (await datasets.getDataset(system, name)).id),
  };
  return {
    identity,
    access,
    auth: { identity, access, resources },
    ...(created && options.admin !== undefined ? { createdAdmin: options.admin.username } : {}),
  };
}
