/**
 * What the registry service's parts share: dependencies, event rows, and the look-ups
 * that turn "missing" into the registry's NOT_FOUND errors.
 */
import { failedPrecondition, notFound } from '../kernel/index.ts';
import type { AccessFilter, Clock, RequestContext } from '../kernel/index.ts';
import type { TrackingApi } from '../tracking/index.ts';
import { decodePageToken, resolvePageSize, toPage } from '../tracking/index.ts';
import type { ModelVersion, RegisteredModel } from './entities.ts';
import type { RegistryReader, RegistryStore, RegistryWriter } from './ports.ts';
import { RegistryEntityTypes, modelVersionEntityId } from './registry-events.ts';
import type { RegistryEventType } from './registry-events.ts';

export interface RegistryServiceDeps {
  store: RegistryStore;
  /** Resolves `runs:/` and `models:/` sources against runs and logged models. */
  tracking: TrackingApi;
  clock: Clock;
}

export async function requireModel(reader: RegistryReader, name: string): Promise<RegisteredModel> {
  const model = await reader.getRegisteredModel(name);
  if (model === undefined) {
    throw notFound('registry.model_not_found', `Registered Model with name=${name} not found`, {
      details: { name },
    });
  }
  return model;
}

export async function requireVersion(
  reader: RegistryReader,
  model: RegisteredModel,
  version: number,
): Promise<ModelVersion> {
  const found = await reader.getModelVersion(model.id, version);
  if (found === undefined) {
    throw notFound(
      'registry.version_not_found',
      `Model Version (name=${model.name}, version=${version}) not found`,
      { details: { name: model.name, version } },
    );
  }
  return found;
}

/**
 * Appends one registry event. The entity is the model version when `entity` is
 * `'version'` (the payload's `version`), otherwise the registered model; aliases belong
 * to the registered model even though their payload names a version.
 */
export function appendRegistryEvent(
  writer: RegistryWriter,
  ctx: RequestContext,
  time: number,
  type: RegistryEventType,
  model: { id: string; name: string },
  payload: Record<string, unknown> & { version?: number } = {},
  entity: 'model' | 'version' = payload.version === undefined ? 'model' : 'version',
): Promise<void> {
  const onVersion = entity === 'version' && payload.version !== undefined;
  return writer.appendEvent({
    type,
    entityType: onVersion ? RegistryEntityTypes.modelVersion : RegistryEntityTypes.registeredModel,
    entityId:
      onVersion && payload.version !== undefined
        ? modelVersionEntityId(model.id, payload.version)
        : model.id,
    actor: ctx.actor,
    time,
    payload: { registeredModelId: model.id, name: model.name, ...payload },
  });
}

/**
 * Refuses to move or remove any of `aliases` that is protected: a protected alias changes
 * only through an approved approval request, which writes the alias itself.
 */
export async function assertAliasesUnprotected(
  reader: RegistryReader,
  model: { id: string; name: string },
  aliases: readonly string[],
): Promise<void> {
  if (aliases.length === 0) return;
  const protectedAliases = await reader.listProtectedAliases(model.id);
  const hit = aliases.find((alias) => protectedAliases.includes(alias));
  if (hit !== undefined) {
    throw failedPrecondition(
      'registry.alias_protected',
      `Alias '${hit}' of registered model '${model.name}' is protected: moving or deleting it requires an approval request (cairn models request-alias), approved by another user with MANAGE.`,
      { details: { name: model.name, alias: hit } },
    );
  }
}

/**
 * The paging both registry searches share: a page size within the search's limits, one
 * extra row fetched so a full last page gets no token, and the caller's access filter
 * (applied in the store, so pages are never short).
 */
export async function searchPage<T>(
  ctx: RequestContext,
  options: { maxResults?: number | undefined; pageToken?: string | undefined },
  sizes: { fallback: number; max: number },
  search: (frame: { offset: number; limit: number; access?: AccessFilter }) => Promise<T[]>,
): Promise<{ items: T[]; nextPageToken?: string }> {
  const limit = resolvePageSize(options.maxResults, sizes.fallback, sizes.max);
  const offset = decodePageToken(options.pageToken);
  const rows = await search({
    offset,
    limit: limit + 1,
    ...(ctx.access === undefined ? {} : { access: ctx.access }),
  });
  return toPage(rows, offset, limit);
}
