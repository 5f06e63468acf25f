/**
 * The registry use cases, as the server, CLI and MLflow layer call them. Inputs are
 * raw-ish and validated here, so every entry point gets the same rules and error codes.
 * Implemented by `createRegistryService`.
 */
import type { RequestContext } from '../kernel/index.ts';
import type { CreateOptions, Paged, Tag } from '../tracking/index.ts';
import type { ModelVersion, RegisteredModel } from './entities.ts';

export interface RegistrySearchOptions {
  /** MLflow's registry filter grammar, e.g. `name LIKE 'fraud%' and tags.team = 'risk'`. */
  filter?: string;
  /** e.g. `["name ASC", "last_updated_timestamp DESC"]`. */
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

export interface CreateModelVersionInput {
  name: string;
  /** `models:/<model_id>`, `runs:/<run_id>/<path>` or `mlflow-artifacts:/…`; anything else is refused. */
  source: string;
  runId?: string;
  tags?: Tag[];
  runLink?: string;
  description?: string;
  modelId?: string;
}

export interface RegistryApi {
  createRegisteredModel(
    ctx: RequestContext,
    input: { name: string; description?: string; tags?: Tag[] },
    options?: CreateOptions,
  ): Promise<RegisteredModel>;
  getRegisteredModel(ctx: RequestContext, name: string): Promise<RegisteredModel>;
  renameRegisteredModel(
    ctx: RequestContext,
    name: string,
    newName: string,
  ): Promise<RegisteredModel>;
  updateRegisteredModel(
    ctx: RequestContext,
    name: string,
    patch: { description?: string },
  ): Promise<RegisteredModel>;
  deleteRegisteredModel(ctx: RequestContext, name: string): Promise<void>;
  searchRegisteredModels(
    ctx: RequestContext,
    options: RegistrySearchOptions,
  ): Promise<Paged<RegisteredModel>>;
  /** The highest version per stage; all stages when `stages` is absent or empty. */
  getLatestVersions(ctx: RequestContext, name: string, stages?: string[]): Promise<ModelVersion[]>;
  setRegisteredModelTag(ctx: RequestContext, name: string, tag: Tag): Promise<void>;
  deleteRegisteredModelTag(ctx: RequestContext, name: string, key: string): Promise<void>;

  /** Points `alias` at `version`; setting an existing alias again moves it. */
  setAlias(
    ctx: RequestContext,
    name: string,
    alias: string,
    version: number | string,
  ): Promise<void>;
  deleteAlias(ctx: RequestContext, name: string, alias: string): Promise<void>;
  getVersionByAlias(ctx: RequestContext, name: string, alias: string): Promise<ModelVersion>;

  createModelVersion(
    ctx: RequestContext,
    input: CreateModelVersionInput,
    options?: CreateOptions,
  ): Promise<ModelVersion>;
  getModelVersion(
    ctx: RequestContext,
    name: string,
    version: number | string,
  ): Promise<ModelVersion>;
  updateModelVersion(
    ctx: RequestContext,
    name: string,
    version: number | string,
    patch: { description?: string },
  ): Promise<ModelVersion>;
  deleteModelVersion(ctx: RequestContext, name: string, version: number | string): Promise<void>;
  transitionStage(
    ctx: RequestContext,
    name: string,
    version: number | string,
    /** `None`, `Staging`, `Production` or `Archived`, in any case. */
    stage: string,
    archiveExistingVersions: boolean,
  ): Promise<ModelVersion>;
  searchModelVersions(
    ctx: RequestContext,
    options: RegistrySearchOptions,
  ): Promise<Paged<ModelVersion>>;
  /** The version's resolved storage location (`mlflow-artifacts:/…`). */
  getDownloadUri(ctx: RequestContext, name: string, version: number | string): Promise<string>;
  setModelVersionTag(
    ctx: RequestContext,
    name: string,
    version: number | string,
    tag: Tag,
  ): Promise<void>;
  deleteModelVersionTag(
    ctx: RequestContext,
    name: string,
    version: number | string,
    key: string,
  ): Promise<void>;

  /** The immutable id of a registered model by its current name (for access checks). */
  getRegisteredModelId(ctx: RequestContext, name: string): Promise<string>;
}
