/**
 * Model-version use cases of the registry (MLflow's `model-versions/*` endpoints). A
 * version is created only from an artifact this server holds (`source-validation.ts`),
 * so it is READY at once; numbers count up per model and are never handed out twice.
 */
import { invalidArgument } from '../kernel/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import { ModelStage, ModelVersionStatus } from './entities.ts';
import type { ModelVersion, RegisteredModel } from './entities.ts';
import type { RegistryWriter } from './ports.ts';
import type { CreateModelVersionInput, RegistryApi } from './registry-api.ts';
import { RegistryEvents } from './registry-events.ts';
import { RegistryLimits } from './registry-limits.ts';
import {
  scopePrompts,
  parseModelVersionFilter,
  parseModelVersionOrderBy,
} from './registry-search-parser.ts';
import {
  appendRegistryEvent,
  assertAliasesUnprotected,
  requireModel,
  requireVersion,
  searchPage,
} from './registry-support.ts';
import type { RegistryServiceDeps } from './registry-support.ts';
import {
  ACTIVE_STAGES,
  canonicalStage,
  parseVersion,
  validateDescription,
  validateModelName,
  validateRegistryTag,
  validateRegistryTagList,
  validateRegistryTagKey,
  validateRunLink,
} from './registry-validation.ts';
import { resolveSource } from './source-validation.ts';
import type { ResolvedSource } from './source-validation.ts';

type ModelVersionOperations = Pick<
  RegistryApi,
  | 'createModelVersion'
  | 'getModelVersion'
  | 'updateModelVersion'
  | 'deleteModelVersion'
  | 'transitionStage'
  | 'searchModelVersions'
  | 'getDownloadUri'
  | 'setModelVersionTag'
  | 'deleteModelVersionTag'
>;

const ID = /^[A-Za-z0-9][\w-]{0,255}$/;

function optionalId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !ID.test(value)) {
    throw invalidArgument('registry.invalid_value', `Invalid value for parameter '${field}'.`, {
      details: { field },
    });
  }
  return value;
}

/**
 * The run and logged model a version links to: those its source names, and those given
 * beside it, which must agree with the source and exist.
 */
async function resolveLinks(
  ctx: RequestContext,
  deps: RegistryServiceDeps,
  input: CreateModelVersionInput,
  resolved: ResolvedSource,
): Promise<{ runId: string | null; modelId: string | null }> {
  const runId = optionalId(input.runId, 'run_id');
  const modelId = optionalId(input.modelId, 'model_id');
  const mismatch = (field: string) =>
    invalidArgument(
      'registry.invalid_source',
      `The '${field}' given does not match the model version source '${resolved.source}'.`,
      { details: { field } },
    );
  if (runId !== undefined && resolved.runId !== undefined && runId !== resolved.runId) {
    throw mismatch('run_id');
  }
  if (modelId !== undefined && resolved.modelId !== undefined && modelId !== resolved.modelId) {
    throw mismatch('model_id');
  }
  // Links named only beside the source must exist too, so lineage never points nowhere.
  if (runId !== undefined && resolved.runId === undefined) await deps.tracking.getRun(ctx, runId);
  if (modelId !== undefined && resolved.modelId === undefined) {
    await deps.tracking.getLoggedModel(ctx, modelId);
  }
  return {
    runId: runId ?? resolved.runId ?? resolved.modelRunId ?? null,
    modelId: modelId ?? resolved.modelId ?? null,
  };
}

async function archiveOthers(
  writer: RegistryWriter,
  ctx: RequestContext,
  model: RegisteredModel,
  target: ModelVersion,
  stage: ModelStage,
  now: number,
): Promise<void> {
  for (let offset = 0; ;) {
    // The filter is on the name only, so the set and its order stay put while stages change.
    const page = await writer.searchModelVersions({
      filter: [{ kind: 'name', comparator: '=', value: model.name }],
      orderBy: [{ key: 'version_number', ascending: true }],
      excludePrompts: false,
      offset,
      limit: 500,
    });
    const others = page.filter((v) => v.currentStage === stage && v.version !== target.version);
    for (const other of others) {
      await writer.updateModelVersion(model.id, other.version, {
        currentStage: ModelStage.ARCHIVED,
        lastUpdatedTimestamp: now,
      });
      await appendRegistryEvent(
        writer,
        ctx,
        now,
        RegistryEvents.modelVersionStageTransitioned,
        model,
        {
          version: other.version,
          stage: ModelStage.ARCHIVED,
          fromStage: stage,
        },
      );
    }
    if (page.length < 500) return;
    offset += 500;
  }
}

export function createModelVersionOperations(deps: RegistryServiceDeps): ModelVersionOperations {
  const { store, clock } = deps;

  async function withVersion<T>(
    name: string,
    version: number | string,
    fn: (writer: RegistryWriter, model: RegisteredModel, found: ModelVersion) => Promise<T>,
  ): Promise<T> {
    const validName = validateModelName(name);
    const number = parseVersion(version);
    return store.write(async (writer) => {
      const model = await requireModel(writer, validName);
      return fn(writer, model, await requireVersion(writer, model, number));
    });
  }

  return {
    async createModelVersion(ctx, input, options) {
      const name = validateModelName(input.name);
      const description = validateDescription(input.description);
      const runLink = validateRunLink(input.runLink);
      const tags = validateRegistryTagList(input.tags);
      // Checked before anything is written and whatever the tags say: no tag skips it.
      const resolved = await resolveSource(ctx, deps.tracking, input.source);
      const links = await resolveLinks(ctx, deps, input, resolved);
      const key = options?.idempotencyKey;
      return store.write(async (writer) => {
        const model = await requireModel(writer, name);
        if (key !== undefined) {
          const remembered = await writer.findRememberedResult(key);
          const [modelId, number] = remembered?.split('/') ?? [];
          if (modelId === model.id && number !== undefined) {
            const previous = await writer.getModelVersion(model.id, Number(number));
            if (previous !== undefined) return previous;
          }
        }
        const version = await writer.allocateVersion(model.id);
        const now = clock.now();
        const row = {
          registeredModelId: model.id,
          version,
          creationTimestamp: now,
          lastUpdatedTimestamp: now,
          userId: ctx.actor,
          currentStage: ModelStage.NONE,
          description,
          source: resolved.source,
          storageLocation: resolved.storageLocation,
          runId: links.runId,
          runLink,
          modelId: links.modelId,
          status: ModelVersionStatus.READY,
          statusMessage: null,
        };
        await writer.insertModelVersion(row, tags);
        await writer.updateRegisteredModel(model.id, { lastUpdatedTimestamp: now });
        await appendRegistryEvent(writer, ctx, now, RegistryEvents.modelVersionCreated, model, {
          version,
          source: row.source,
          storageLocation: row.storageLocation,
          runId: row.runId,
          modelId: row.modelId,
          // Webhook receivers get MLflow's `model_version.created` data, which carries both.
          description: row.description,
          tags,
        });
        if (key !== undefined) await writer.rememberResult(key, `${model.id}/${version}`, now);
        return { ...row, name: model.name, tags, aliases: [] };
      });
    },

    async getModelVersion(_ctx, name, version) {
      const validName = validateModelName(name);
      const number = parseVersion(version);
      return store.read(async (reader) =>
        requireVersion(reader, await requireModel(reader, validName), number),
      );
    },

    async updateModelVersion(ctx, name, version, patch) {
      const description = validateDescription(patch.description);
      return withVersion(name, version, async (writer, model, found) => {
        const now = clock.now();
        await writer.updateModelVersion(model.id, found.version, {
          description,
          lastUpdatedTimestamp: now,
        });
        await appendRegistryEvent(writer, ctx, now, RegistryEvents.modelVersionUpdated, model, {
          version: found.version,
          description,
        });
        return { ...found, description, lastUpdatedTimestamp: now };
      });
    },

    async deleteModelVersion(ctx, name, version) {
      await withVersion(name, version, async (writer, model, found) => {
        await assertAliasesUnprotected(writer, model, found.aliases);
        const now = clock.now();
        await writer.deleteModelVersion(model.id, found.version);
        await writer.updateRegisteredModel(model.id, { lastUpdatedTimestamp: now });
        // The aliases went with the version; each is a change of its own to subscribers.
        for (const alias of found.aliases) {
          await appendRegistryEvent(
            writer,
            ctx,
            now,
            RegistryEvents.aliasDeleted,
            model,
            { alias, version: found.version },
            'model',
          );
        }
        await appendRegistryEvent(writer, ctx, now, RegistryEvents.modelVersionDeleted, model, {
          version: found.version,
        });
      });
    },

    async transitionStage(ctx, name, version, stage, archiveExistingVersions) {
      const target = canonicalStage(stage);
      if (typeof archiveExistingVersions !== 'boolean') {
        throw invalidArgument(
          'registry.invalid_value',
          "Parameter 'archive_existing_versions' must be a boolean.",
        );
      }
      if (archiveExistingVersions && !ACTIVE_STAGES.includes(target)) {
        throw invalidArgument(
          'registry.invalid_stage',
          `Model version transition cannot archive existing model versions because '${target}' is not an Active stage. Valid stages are ${ACTIVE_STAGES.join(', ')}`,
        );
      }
      return withVersion(name, version, async (writer, model, found) => {
        const now = clock.now();
        if (archiveExistingVersions) await archiveOthers(writer, ctx, model, found, target, now);
        await writer.updateModelVersion(model.id, found.version, {
          currentStage: target,
          lastUpdatedTimestamp: now,
        });
        await writer.updateRegisteredModel(model.id, { lastUpdatedTimestamp: now });
        await appendRegistryEvent(
          writer,
          ctx,
          now,
          RegistryEvents.modelVersionStageTransitioned,
          model,
          {
            version: found.version,
            stage: target,
            fromStage: found.currentStage,
            archiveExistingVersions,
          },
        );
        return { ...found, currentStage: target, lastUpdatedTimestamp: now };
      });
    },

    async searchModelVersions(ctx, options) {
      const filter = parseModelVersionFilter(options.filter);
      const orderBy = parseModelVersionOrderBy(options.orderBy);
      return searchPage(
        ctx,
        options,
        {
          fallback: RegistryLimits.searchModelVersionsDefault,
          max: RegistryLimits.searchModelVersionsMax,
        },
        (frame) =>
          store.read((reader) =>
            reader.searchModelVersions({ ...scopePrompts(filter), orderBy, ...frame }),
          ),
      );
    },

    async getDownloadUri(_ctx, name, version) {
      const validName = validateModelName(name);
      const number = parseVersion(version);
      const found = await store.read(async (reader) =>
        requireVersion(reader, await requireModel(reader, validName), number),
      );
      return found.storageLocation;
    },

    async setModelVersionTag(ctx, name, version, tag) {
      const checked = validateRegistryTag(tag);
      await withVersion(name, version, async (writer, model, found) => {
        await writer.setModelVersionTag(model.id, found.version, checked);
        await appendRegistryEvent(
          writer,
          ctx,
          clock.now(),
          RegistryEvents.modelVersionTagSet,
          model,
          {
            version: found.version,
            key: checked.key,
            value: checked.value,
          },
        );
      });
    },

    async deleteModelVersionTag(ctx, name, version, key) {
      const tagKey = validateRegistryTagKey(key);
      await withVersion(name, version, async (writer, model, found) => {
        if (!found.tags.some((t) => t.key === tagKey)) return;
        await writer.deleteModelVersionTag(model.id, found.version, tagKey);
        await appendRegistryEvent(
          writer,
          ctx,
          clock.now(),
          RegistryEvents.modelVersionTagDeleted,
          model,
          { version: found.version, key: tagKey },
        );
      });
    },
  };
}
