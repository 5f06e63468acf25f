/**
 * Turns registry rows into entities: a registered model with its tags, aliases and
 * latest version per stage; a model version with its name, tags and aliases. Each
 * related table is read once per batch of rows, never once per row.
 */
import type { ModelStage, ModelVersion, RegisteredModel, Tag } from '@cairn/core';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { chunkForParameters } from '../batching.ts';
import type { SqlScope } from '../transaction-runner.ts';
import type { ModelVersionTable, RegisteredModelTable } from './registry-schema.ts';

export type ModelVersionRecord = Selectable<ModelVersionTable> & { name: string };

function group<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list === undefined) map.set(key, [row]);
    else list.push(row);
  }
  return map;
}

const versionKey = (id: string, version: number) => `${id}\u0000${version}`;

/** Model versions with their tags and aliases, in the order given. */
export async function loadModelVersions(
  { db, dialect }: SqlScope,
  rows: readonly ModelVersionRecord[],
): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.registered_model_id))];
  const versions = [...new Set(rows.map((r) => r.version))];
  const tags: { registered_model_id: string; version: number; key: string; value: string }[] = [];
  const aliases: { registered_model_id: string; version: number; alias: string }[] = [];
  // Ids × versions is a superset of the rows' pairs; the maps below keep only real pairs.
  for (const idChunk of chunkForParameters(ids, 2, dialect)) {
    for (const versionChunk of chunkForParameters(versions, 2, dialect)) {
      tags.push(
        ...(await db
          .selectFrom('model_version_tags')
          .selectAll()
          .where('registered_model_id', 'in', idChunk)
          .where('version', 'in', versionChunk)
          .orderBy('key')
          .execute()),
      );
      aliases.push(
        ...(await db
          .selectFrom('registered_model_aliases')
          .selectAll()
          .where('registered_model_id', 'in', idChunk)
          .where('version', 'in', versionChunk)
          .orderBy('alias')
          .execute()),
      );
    }
  }
  const tagsOf = group(tags, (t) => versionKey(t.registered_model_id, t.version));
  const aliasesOf = group(aliases, (a) => versionKey(a.registered_model_id, a.version));
  return rows.map((row) => {
    const key = versionKey(row.registered_model_id, row.version);
    return {
      registeredModelId: row.registered_model_id,
      name: row.name,
      version: row.version,
      creationTimestamp: row.creation_time,
      lastUpdatedTimestamp: row.last_updated_time,
      userId: row.user_id,
      currentStage: row.current_stage as ModelStage,
      description: row.description,
      source: row.source,
      storageLocation: row.storage_location,
      runId: row.run_id,
      runLink: row.run_link,
      modelId: row.model_id,
      status: 'READY',
      statusMessage: row.status_message,
      tags: (tagsOf.get(key) ?? []).map((t): Tag => ({ key: t.key, value: t.value })),
      aliases: (aliasesOf.get(key) ?? []).map((a) => a.alias),
    };
  });
}

/** Registered models with their tags, aliases and latest version per stage, in the order given. */
export async function loadRegisteredModels(
  scope: SqlScope,
  rows: readonly Selectable<RegisteredModelTable>[],
): Promise<RegisteredModel[]> {
  if (rows.length === 0) return [];
  const { db, dialect } = scope;
  const tags: { registered_model_id: string; key: string; value: string }[] = [];
  const aliases: { registered_model_id: string; alias: string; version: number }[] = [];
  const latest: ModelVersionRecord[] = [];
  for (const chunk of chunkForParameters(rows, 1, dialect)) {
    const ids = chunk.map((r) => r.id);
    tags.push(
      ...(await db
        .selectFrom('registered_model_tags')
        .selectAll()
        .where('registered_model_id', 'in', ids)
        .orderBy('key')
        .execute()),
    );
    aliases.push(
      ...(await db
        .selectFrom('registered_model_aliases')
        .selectAll()
        .where('registered_model_id', 'in', ids)
        .orderBy('alias')
        .execute()),
    );
    // The highest version in each stage the model has versions in.
    latest.push(
      ...(await db
        .selectFrom('model_versions as mv')
        .innerJoin('registered_models as rm', 'rm.id', 'mv.registered_model_id')
        .selectAll('mv')
        .select('rm.name')
        .where('mv.registered_model_id', 'in', ids)
        .where((eb) =>
          eb(
            'mv.version',
            '=',
            eb
              .selectFrom('model_versions as m2')
              .select(({ fn }) => fn.max('m2.version').as('v'))
              .whereRef('m2.registered_model_id', '=', 'mv.registered_model_id')
              .whereRef('m2.current_stage', '=', 'mv.current_stage'),
          ),
        )
        // MLflow lists the stages in the order their first version came up.
        .orderBy(
          sql`(select min(m3.version) from model_versions m3
            where m3.registered_model_id = mv.registered_model_id
            and m3.current_stage = mv.current_stage)`,
        )
        .execute()),
    );
  }
  const latestVersions = group(await loadModelVersions(scope, latest), (v) => v.registeredModelId);
  const tagsOf = group(tags, (t) => t.registered_model_id);
  const aliasesOf = group(aliases, (a) => a.registered_model_id);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    creationTimestamp: row.creation_time,
    lastUpdatedTimestamp: row.last_updated_time,
    userId: row.user_id,
    description: row.description,
    tags: (tagsOf.get(row.id) ?? []).map((t) => ({ key: t.key, value: t.value })),
    aliases: (aliasesOf.get(row.id) ?? []).map((a) => ({ alias: a.alias, version: a.version })),
    latestVersions: latestVersions.get(row.id) ?? [],
  }));
}
