/** The registry ports (`RegistryStore`) over the shared SQL transaction runner. */
import { alreadyExists } from '@cairn/core';
import type { RegistryReader, RegistryStore, RegistryWriter } from '@cairn/core';
import {
  createIdempotencyReader,
  createIdempotencyWriter,
  createPruneState,
} from '../idempotency-repository.ts';
import type { PruneState } from '../idempotency-repository.ts';
import { isUniqueViolation } from '../sql-errors.ts';
import type { SqlScope, TransactionRunner, WriteScope } from '../transaction-runner.ts';
import { loadModelVersions, loadRegisteredModels } from './registry-loader.ts';
import {
  compileModelVersionSearch,
  compileRegisteredModelSearch,
} from './registry-search-compiler.ts';

const nameTaken = (name: string) =>
  alreadyExists('registry.model_exists', `Registered Model (name=${name}) already exists.`, {
    details: { name },
  });

/** Runs a statement that may hit the unique name; a hit is the registry's ALREADY_EXISTS. */
async function guardName<T>(name: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (name !== undefined && isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export function createRegistryReader(scope: SqlScope): RegistryReader {
  const { db, dialect } = scope;
  const modelsWhere = async (column: 'id' | 'name', value: string) => {
    const row = await db
      .selectFrom('registered_models')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return row === undefined ? undefined : (await loadRegisteredModels(scope, [row]))[0];
  };
  return {
    getRegisteredModel: (name) => modelsWhere('name', name),
    getRegisteredModelById: (id) => modelsWhere('id', id),
    async getRegisteredModelId(name) {
      const row = await db
        .selectFrom('registered_models')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirst();
      return row?.id;
    },
    async searchRegisteredModels(query) {
      if (query.limit <= 0) return [];
      const { rows } = await compileRegisteredModelSearch(query, dialect).execute(db);
      return loadRegisteredModels(scope, rows);
    },
    async getModelVersion(registeredModelId, version) {
      const row = await db
        .selectFrom('model_versions as mv')
        .innerJoin('registered_models as rm', 'rm.id', 'mv.registered_model_id')
        .selectAll('mv')
        .select('rm.name')
        .where('mv.registered_model_id', '=', registeredModelId)
        .where('mv.version', '=', version)
        .executeTakeFirst();
      return row === undefined ? undefined : (await loadModelVersions(scope, [row]))[0];
    },
    async searchModelVersions(query) {
      if (query.limit <= 0) return [];
      const { rows } = await compileModelVersionSearch(query, dialect).execute(db);
      return loadModelVersions(scope, rows);
    },
    async getAliasVersion(registeredModelId, alias) {
      const row = await db
        .selectFrom('registered_model_aliases')
        .select('version')
        .where('registered_model_id', '=', registeredModelId)
        .where('alias', '=', alias)
        .executeTakeFirst();
      return row?.version;
    },
    async listProtectedAliases(registeredModelId) {
      const rows = await db
        .selectFrom('protected_aliases')
        .select('alias')
        .where('registered_model_id', '=', registeredModelId)
        .execute();
      return rows.map((r) => r.alias);
    },
    ...createIdempotencyReader(scope),
  };
}

export function createRegistryWriter(scope: WriteScope, pruneState: PruneState): RegistryWriter {
  const { db } = scope;
  return {
    ...createRegistryReader(scope),
    ...createIdempotencyWriter(scope, pruneState),
    appendEvent: scope.appendEvent,

    async insertRegisteredModel(model, tags) {
      await guardName(model.name, () =>
        db
          .insertInto('registered_models')
          .values({
            id: model.id,
            name: model.name,
            creation_time: model.creationTimestamp,
            last_updated_time: model.lastUpdatedTimestamp,
            user_id: model.userId,
            description: model.description,
            last_version: 0,
          })
          .execute(),
      );
      if (tags.length > 0) {
        await db
          .insertInto('registered_model_tags')
          .values(tags.map((t) => ({ registered_model_id: model.id, key: t.key, value: t.value })))
          .execute();
      }
    },
    async updateRegisteredModel(id, patch) {
      await guardName(patch.name, () =>
        db
          .updateTable('registered_models')
          .set({
            last_updated_time: patch.lastUpdatedTimestamp,
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.description === undefined ? {} : { description: patch.description }),
          })
          .where('id', '=', id)
          .execute(),
      );
    },
    async deleteRegisteredModel(id) {
      // Children first: the foreign keys cascade too, but the order keeps each delete
      // valid on its own whatever the database's foreign-key settings.
      for (const table of [
        'registered_model_aliases',
        'model_version_tags',
        'model_versions',
        'registered_model_tags',
      ] as const) {
        await db.deleteFrom(table).where('registered_model_id', '=', id).execute();
      }
      await db.deleteFrom('registered_models').where('id', '=', id).execute();
    },
    async setRegisteredModelTag(id, tag) {
      await db
        .insertInto('registered_model_tags')
        .values({ registered_model_id: id, key: tag.key, value: tag.value })
        .onConflict((oc) =>
          oc.columns(['registered_model_id', 'key']).doUpdateSet({ value: tag.value }),
        )
        .execute();
    },
    async deleteRegisteredModelTag(id, key) {
      await db
        .deleteFrom('registered_model_tags')
        .where('registered_model_id', '=', id)
        .where('key', '=', key)
        .execute();
    },

    async allocateVersion(registeredModelId) {
      // The row lock serializes concurrent creates on PostgreSQL; SQLite has one writer.
      const { last_version } = await db
        .updateTable('registered_models')
        .set((eb) => ({ last_version: eb('last_version', '+', 1) }))
        .where('id', '=', registeredModelId)
        .returning('last_version')
        .executeTakeFirstOrThrow();
      return last_version;
    },
    async insertModelVersion(version, tags) {
      await db
        .insertInto('model_versions')
        .values({
          registered_model_id: version.registeredModelId,
          version: version.version,
          creation_time: version.creationTimestamp,
          last_updated_time: version.lastUpdatedTimestamp,
          user_id: version.userId,
          current_stage: version.currentStage,
          description: version.description,
          source: version.source,
          storage_location: version.storageLocation,
          run_id: version.runId,
          run_link: version.runLink,
          model_id: version.modelId,
          status: version.status,
          status_message: version.statusMessage,
        })
        .execute();
      if (tags.length > 0) {
        await db
          .insertInto('model_version_tags')
          .values(
            tags.map((t) => ({
              registered_model_id: version.registeredModelId,
              version: version.version,
              key: t.key,
              value: t.value,
            })),
          )
          .execute();
      }
    },
    async updateModelVersion(registeredModelId, version, patch) {
      await db
        .updateTable('model_versions')
        .set({
          last_updated_time: patch.lastUpdatedTimestamp,
          ...(patch.description === undefined ? {} : { description: patch.description }),
          ...(patch.currentStage === undefined ? {} : { current_stage: patch.currentStage }),
        })
        .where('registered_model_id', '=', registeredModelId)
        .where('version', '=', version)
        .execute();
    },
    async deleteModelVersion(registeredModelId, version) {
      for (const table of [
        'registered_model_aliases',
        'model_version_tags',
        'model_versions',
      ] as const) {
        await db
          .deleteFrom(table)
          .where('registered_model_id', '=', registeredModelId)
          .where('version', '=', version)
          .execute();
      }
    },
    async setModelVersionTag(registeredModelId, version, tag) {
      await db
        .insertInto('model_version_tags')
        .values({ registered_model_id: registeredModelId, version, key: tag.key, value: tag.value })
        .onConflict((oc) =>
          oc.columns(['registered_model_id', 'version', 'key']).doUpdateSet({ value: tag.value }),
        )
        .execute();
    },
    async deleteModelVersionTag(registeredModelId, version, key) {
      await db
        .deleteFrom('model_version_tags')
        .where('registered_model_id', '=', registeredModelId)
        .where('version', '=', version)
        .where('key', '=', key)
        .execute();
    },

    async setAlias(registeredModelId, alias, version) {
      await db
        .insertInto('registered_model_aliases')
        .values({ registered_model_id: registeredModelId, alias, version })
        .onConflict((oc) => oc.columns(['registered_model_id', 'alias']).doUpdateSet({ version }))
        .execute();
    },
    async deleteAlias(registeredModelId, alias) {
      await db
        .deleteFrom('registered_model_aliases')
        .where('registered_model_id', '=', registeredModelId)
        .where('alias', '=', alias)
        .execute();
    },
  };
}

/** The registry store; its idempotency entries share the table (and pruning) with tracking's. */
export function createRegistryStore(runner: TransactionRunner): RegistryStore {
  const pruneState = createPruneState();
  return {
    read: (fn) => runner.read((scope) => fn(createRegistryReader(scope))),
    write: (fn) => runner.write((scope) => fn(createRegistryWriter(scope, pruneState))),
  };
}
