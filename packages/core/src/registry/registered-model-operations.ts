/**
 * Registered-model use cases of the registry (MLflow's `registered-models/*` endpoints,
 * aliases included). Each change runs in one `store.write` with its one event row.
 */
import { alreadyExists, invalidArgument, newRunId, notFound } from '../kernel/index.ts';
import { ModelStage } from './entities.ts';
import type { ModelStage as Stage } from './entities.ts';
import type { RegistryApi } from './registry-api.ts';
import { RegistryEvents } from './registry-events.ts';
import { RegistryLimits } from './registry-limits.ts';
import {
  scopePrompts,
  parseRegisteredModelFilter,
  parseRegisteredModelOrderBy,
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
  canonicalStage,
  parseVersion,
  validateAlias,
  validateDescription,
  validateModelName,
  validateRegistryTag,
  validateRegistryTagList,
  validateRegistryTagKey,
} from './registry-validation.ts';

type RegisteredModelOperations = Pick<
  RegistryApi,
  | 'createRegisteredModel'
  | 'getRegisteredModel'
  | 'getRegisteredModelId'
  | 'renameRegisteredModel'
  | 'updateRegisteredModel'
  | 'deleteRegisteredModel'
  | 'searchRegisteredModels'
  | 'getLatestVersions'
  | 'setRegisteredModelTag'
  | 'deleteRegisteredModelTag'
  | 'setAlias'
  | 'deleteAlias'
  | 'getVersionByAlias'
>;

/** The order `getLatestVersions` answers in when no stages are asked for (MLflow's ALL_STAGES). */
const ALL_STAGES: readonly Stage[] = [
  ModelStage.NONE,
  ModelStage.STAGING,
  ModelStage.PRODUCTION,
  ModelStage.ARCHIVED,
];

/** Registered-model ids are opaque and immutable: `rm-` and 32 hex characters. */
function newRegisteredModelId(): string {
  return `rm-${newRunId()}`;
}

function modelExists(name: string) {
  return alreadyExists('registry.model_exists', `Registered Model (name=${name}) already exists.`, {
    details: { name },
  });
}

export function createRegisteredModelOperations(
  deps: RegistryServiceDeps,
): RegisteredModelOperations {
  const { store, clock } = deps;
  return {
    async createRegisteredModel(ctx, input, options) {
      const name = validateModelName(input.name);
      const description = validateDescription(input.description);
      const tags = validateRegistryTagList(input.tags);
      const key = options?.idempotencyKey;
      return store.write(async (writer) => {
        if (key !== undefined) {
          const remembered = await writer.findRememberedResult(key);
          const previous =
            remembered === undefined ? undefined : await writer.getRegisteredModelById(remembered);
          // Only a true retry gets the first result: once renamed, the request is new.
          if (previous?.name === name) return previous;
        }
        if ((await writer.getRegisteredModelId(name)) !== undefined) throw modelExists(name);
        const now = clock.now();
        const id = newRegisteredModelId();
        const row = {
          id,
          name,
          creationTimestamp: now,
          lastUpdatedTimestamp: now,
          userId: ctx.actor,
          description,
        };
        await writer.insertRegisteredModel(row, tags);
        await appendRegistryEvent(writer, ctx, now, RegistryEvents.registeredModelCreated, row, {
          description,
          tags,
        });
        if (key !== undefined) await writer.rememberResult(key, id, now);
        return { ...row, tags, aliases: [], latestVersions: [] };
      });
    },

    async getRegisteredModel(_ctx, name) {
      const valid = validateModelName(name);
      return store.read((reader) => requireModel(reader, valid));
    },

    async getRegisteredModelId(_ctx, name) {
      const valid = validateModelName(name);
      const id = await store.read((reader) => reader.getRegisteredModelId(valid));
      if (id === undefined) {
        throw notFound(
          'registry.model_not_found',
          `Registered Model with name=${valid} not found`,
          {
            details: { name: valid },
          },
        );
      }
      return id;
    },

    async renameRegisteredModel(ctx, name, newName) {
      const from = validateModelName(name);
      const to = validateModelName(newName, 'new_name');
      return store.write(async (writer) => {
        const model = await requireModel(writer, from);
        if (to === from) return model;
        if ((await writer.getRegisteredModelId(to)) !== undefined) throw modelExists(to);
        const now = clock.now();
        await writer.updateRegisteredModel(model.id, { name: to, lastUpdatedTimestamp: now });
        await appendRegistryEvent(
          writer,
          ctx,
          now,
          RegistryEvents.registeredModelRenamed,
          { id: model.id, name: to },
          { previousName: from },
        );
        return requireModel(writer, to);
      });
    },

    async updateRegisteredModel(ctx, name, patch) {
      const valid = validateModelName(name);
      const description = validateDescription(patch.description);
      return store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        const now = clock.now();
        await writer.updateRegisteredModel(model.id, { description, lastUpdatedTimestamp: now });
        await appendRegistryEvent(writer, ctx, now, RegistryEvents.registeredModelUpdated, model, {
          description,
        });
        return { ...model, description, lastUpdatedTimestamp: now };
      });
    },

    async deleteRegisteredModel(ctx, name) {
      const valid = validateModelName(name);
      await store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        await assertAliasesUnprotected(
          writer,
          model,
          model.aliases.map((a) => a.alias),
        );
        await writer.deleteRegisteredModel(model.id);
        await appendRegistryEvent(
          writer,
          ctx,
          clock.now(),
          RegistryEvents.registeredModelDeleted,
          model,
        );
      });
    },

    async searchRegisteredModels(ctx, options) {
      const filter = parseRegisteredModelFilter(options.filter);
      const orderBy = parseRegisteredModelOrderBy(options.orderBy);
      return searchPage(
        ctx,
        options,
        {
          fallback: RegistryLimits.searchRegisteredModelsDefault,
          max: RegistryLimits.searchRegisteredModelsMax,
        },
        (frame) =>
          store.read((reader) =>
            reader.searchRegisteredModels({ ...scopePrompts(filter), orderBy, ...frame }),
          ),
      );
    },

    async getLatestVersions(_ctx, name, stages) {
      const valid = validateModelName(name);
      const raw: unknown = stages;
      if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
        throw invalidArgument('registry.invalid_value', "Parameter 'stages' must be a list.");
      }
      const wanted = new Set<Stage>(
        stages === undefined || stages.length === 0
          ? ALL_STAGES
          : stages.map((s, i) => canonicalStage(s, `stages[${i}]`)),
      );
      const model = await store.read((reader) => requireModel(reader, valid));
      // In the model's own order of latest versions, as MLflow answers.
      return model.latestVersions.filter((v) => wanted.has(v.currentStage));
    },

    async setRegisteredModelTag(ctx, name, tag) {
      const valid = validateModelName(name);
      const checked = validateRegistryTag(tag);
      await store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        await writer.setRegisteredModelTag(model.id, checked);
        await appendRegistryEvent(
          writer,
          ctx,
          clock.now(),
          RegistryEvents.registeredModelTagSet,
          model,
          {
            key: checked.key,
            value: checked.value,
          },
        );
      });
    },

    async deleteRegisteredModelTag(ctx, name, key) {
      const valid = validateModelName(name);
      const tagKey = validateRegistryTagKey(key);
      await store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        // Deleting a tag that is not there changes nothing (MLflow answers 200 too).
        if (!model.tags.some((t) => t.key === tagKey)) return;
        await writer.deleteRegisteredModelTag(model.id, tagKey);
        await appendRegistryEvent(
          writer,
          ctx,
          clock.now(),
          RegistryEvents.registeredModelTagDeleted,
          model,
          { key: tagKey },
        );
      });
    },

    async setAlias(ctx, name, alias, version) {
      const valid = validateModelName(name);
      const checked = validateAlias(alias);
      const number = parseVersion(version);
      await store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        await requireVersion(writer, model, number);
        const previous = await writer.getAliasVersion(model.id, checked);
        if (previous === number) return;
        await assertAliasesUnprotected(writer, model, [checked]);
        await writer.setAlias(model.id, checked, number);
        await appendRegistryEvent(
          writer,
          ctx,
          clock.now(),
          RegistryEvents.aliasSet,
          model,
          { alias: checked, version: number, previousVersion: previous ?? null },
          'model',
        );
      });
    },

    async deleteAlias(ctx, name, alias) {
      const valid = validateModelName(name);
      const checked = validateAlias(alias);
      await store.write(async (writer) => {
        const model = await requireModel(writer, valid);
        const version = await writer.getAliasVersion(model.id, checked);
        if (version === undefined) return;
        await assertAliasesUnprotected(writer, model, [checked]);
        await writer.deleteAlias(model.id, checked);
        await appendRegistryEvent(
          writer,
          ctx,
          clock.now(),
          RegistryEvents.aliasDeleted,
          model,
          { alias: checked, version },
          'model',
        );
      });
    },

    async getVersionByAlias(_ctx, name, alias) {
      const valid = validateModelName(name);
      const checked = validateAlias(alias);
      return store.read(async (reader) => {
        const model = await requireModel(reader, valid);
        const version = await reader.getAliasVersion(model.id, checked);
        if (version === undefined) {
          throw notFound(
            'registry.alias_not_found',
            `Registered model alias ${checked} not found.`,
            {
              details: { name: valid, alias: checked },
            },
          );
        }
        return requireVersion(reader, model, version);
      });
    },
  };
}
