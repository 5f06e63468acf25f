/**
 * What the registry domain needs from a metadata store. Implemented by `@cairn/adapters`
 * (SQLite and PostgreSQL, one schema) and verified by one contract suite run against both.
 * Business rules (name and alias validation, source checks, version numbering rules,
 * idempotency) live in the service; a store only stores and queries.
 */
import type { EventAppender, UnitOfWork } from '../kernel/index.ts';
import type { Tag } from '../tracking/index.ts';
import type { ModelStage, ModelVersion, RegisteredModel } from './entities.ts';
import type { ModelVersionSearchQuery, RegisteredModelSearchQuery } from './search-query.ts';

/** The columns of a registered model row (tags, aliases and latest versions are joined in). */
export interface RegisteredModelRow {
  id: string;
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string;
  description: string;
}

/** The columns of a model version row (`name`, tags and aliases are joined in). */
export type ModelVersionRow = Omit<ModelVersion, 'name' | 'tags' | 'aliases'>;

export interface RegistryReader {
  /** The model with its tags, aliases and latest version per stage. */
  getRegisteredModel(name: string): Promise<RegisteredModel | undefined>;
  getRegisteredModelById(id: string): Promise<RegisteredModel | undefined>;
  /** The immutable id for a current name: the cheap look-up access checks need. */
  getRegisteredModelId(name: string): Promise<string | undefined>;
  /** Filtered, ordered and paged in the store. */
  searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<RegisteredModel[]>;

  getModelVersion(registeredModelId: string, version: number): Promise<ModelVersion | undefined>;
  /** Filtered, ordered and paged in the store. */
  searchModelVersions(query: ModelVersionSearchQuery): Promise<ModelVersion[]>;
  /** The version an alias points to, if the alias exists. */
  getAliasVersion(registeredModelId: string, alias: string): Promise<number | undefined>;
  /** The model's protected aliases (set or not): only an approved request may move them. */
  listProtectedAliases(registeredModelId: string): Promise<string[]>;

  /** The result remembered for a retried request (see `rememberResult`), if any. */
  findRememberedResult(idempotencyKey: string): Promise<string | undefined>;
}

export interface RegistryWriter extends RegistryReader, EventAppender {
  /** Fails with `ALREADY_EXISTS` (code `registry.model_exists`) on a duplicate name. */
  insertRegisteredModel(model: RegisteredModelRow, tags: Tag[]): Promise<void>;
  /** Fails with `ALREADY_EXISTS` (code `registry.model_exists`) when `name` is taken. */
  updateRegisteredModel(
    id: string,
    patch: { name?: string; description?: string; lastUpdatedTimestamp: number },
  ): Promise<void>;
  /** Removes the model with its versions, tags and aliases. */
  deleteRegisteredModel(id: string): Promise<void>;
  /** Upserts (last value wins). */
  setRegisteredModelTag(id: string, tag: Tag): Promise<void>;
  deleteRegisteredModelTag(id: string, key: string): Promise<void>;

  /**
   * The next version number of a model (1, 2, …), allocated without races and never
   * handed out twice, even after the highest version is deleted.
   */
  allocateVersion(registeredModelId: string): Promise<number>;
  insertModelVersion(version: ModelVersionRow, tags: Tag[]): Promise<void>;
  updateModelVersion(
    registeredModelId: string,
    version: number,
    patch: { description?: string; currentStage?: ModelStage; lastUpdatedTimestamp: number },
  ): Promise<void>;
  /** Removes the version with its tags and the aliases pointing to it. */
  deleteModelVersion(registeredModelId: string, version: number): Promise<void>;
  /** Upserts (last value wins). */
  setModelVersionTag(registeredModelId: string, version: number, tag: Tag): Promise<void>;
  deleteModelVersionTag(registeredModelId: string, version: number, key: string): Promise<void>;

  /** Creates or moves an alias. */
  setAlias(registeredModelId: string, alias: string, version: number): Promise<void>;
  deleteAlias(registeredModelId: string, alias: string): Promise<void>;

  /** Remembers the result of a non-idempotent create, keyed by a request hash. */
  rememberResult(idempotencyKey: string, result: string, time: number): Promise<void>;
}

export type RegistryStore = UnitOfWork<RegistryReader, RegistryWriter>;
