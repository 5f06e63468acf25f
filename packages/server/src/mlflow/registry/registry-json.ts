/**
 * Registry entities → MLflow's wire JSON (`mlflow/protos/model_registry.proto`). As in
 * `entity-json.ts`: snake_case keys in field-number order, unset optional fields and empty
 * repeated fields left out. Versions travel as decimal strings (proto `string version`),
 * including the version an alias points to.
 */
import type { ModelVersion, RegisteredModel } from '@cairn/core';
import { putList } from '../entity-json.ts';
import type { JsonObject } from '../entity-json.ts';

export function modelVersionJson(version: ModelVersion): JsonObject {
  const json: JsonObject = {
    name: version.name,
    version: String(version.version),
    creation_timestamp: version.creationTimestamp,
    last_updated_timestamp: version.lastUpdatedTimestamp,
    user_id: version.userId,
    current_stage: version.currentStage,
    description: version.description,
    source: version.source,
  };
  if (version.runId !== null) json.run_id = version.runId;
  json.status = version.status;
  if (version.statusMessage !== null) json.status_message = version.statusMessage;
  putList(
    json,
    'tags',
    version.tags.map((tag) => ({ key: tag.key, value: tag.value })),
  );
  if (version.runLink !== null) json.run_link = version.runLink;
  putList(json, 'aliases', version.aliases);
  if (version.modelId !== null) json.model_id = version.modelId;
  return json;
}

export function registeredModelJson(model: RegisteredModel): JsonObject {
  const json: JsonObject = {
    name: model.name,
    creation_timestamp: model.creationTimestamp,
    last_updated_timestamp: model.lastUpdatedTimestamp,
    user_id: model.userId,
    description: model.description,
  };
  putList(json, 'latest_versions', model.latestVersions.map(modelVersionJson));
  putList(
    json,
    'tags',
    model.tags.map((tag) => ({ key: tag.key, value: tag.value })),
  );
  putList(
    json,
    'aliases',
    model.aliases.map((alias) => ({ alias: alias.alias, version: String(alias.version) })),
  );
  return json;
}
