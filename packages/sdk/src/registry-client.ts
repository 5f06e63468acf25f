/**
 * The model registry (`/registered-models`, `/model-versions`), model cards
 * (`…/versions/{version}/model-card`) and lineage (`/lineage`).
 */
import { segment, type Transport } from './http-transport.ts';
import type { Page } from './wire-types.ts';

export interface RegistryTag {
  key: string;
  value: string;
}

export interface ModelVersion {
  registeredModelId: string;
  name: string;
  version: number;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string;
  currentStage: 'None' | 'Staging' | 'Production' | 'Archived';
  description: string;
  source: string;
  storageLocation: string;
  runId: string | null;
  runLink: string | null;
  modelId: string | null;
  status: 'READY';
  statusMessage: string | null;
  tags: RegistryTag[];
  aliases: string[];
}

export interface RegisteredModel {
  id: string;
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string;
  description: string;
  tags: RegistryTag[];
  aliases: { alias: string; version: number }[];
  latestVersions: ModelVersion[];
}

export interface RegistrySearchOptions {
  /** MLflow's registry filter, e.g. `name LIKE 'fraud%'`. */
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

/** The card document (Model Card Toolkit v0.0.2 sections plus Cairn's extensions). */
export type ModelCardContent = Record<string, unknown> & { schema_version: string };

export interface ModelCard {
  registeredModelId: string;
  name: string;
  version: number;
  /** 0 for the unsaved draft. */
  revision: number;
  content: ModelCardContent;
  author: string;
  createdAt: number;
}

export interface ModelCardView {
  card: ModelCard;
  saved: boolean;
  completeness: { complete: boolean; missing: { section: string; description: string }[] };
}

export type ModelCardFormat = 'markdown' | 'html' | 'json';

/** `dataset` is an MLflow dataset input that matches no Cairn dataset version. */
export type LineageNodeKind =
  'dataset' | 'run' | 'logged_model' | 'model_version' | 'code_version' | 'dataset_version';

/**
 * dataset or dataset_version→run `input`, run→logged_model `produced`,
 * logged_model→model_version `registered`, run→model_version `source`, code_version→run
 * `code`, run→dataset_version `output`.
 */
export type LineageRelation = 'input' | 'produced' | 'registered' | 'source' | 'code' | 'output';

export interface LineageGraph {
  root: string;
  nodes: { kind: LineageNodeKind; id: string; label: string; attributes: Record<string, string> }[];
  edges: { from: string; to: string; relation: LineageRelation }[];
  hidden: number;
  truncated: boolean;
}

export interface LineageQuery {
  direction?: 'upstream' | 'downstream' | 'both';
  depth?: number;
}

export interface RegistryClient {
  searchModels(options?: RegistrySearchOptions): Promise<Page<RegisteredModel>>;
  getModel(name: string): Promise<RegisteredModel>;
  /** One model's versions (newest change first unless ordered otherwise). */
  listVersions(name: string, options?: RegistrySearchOptions): Promise<Page<ModelVersion>>;
  getVersion(name: string, version: number): Promise<ModelVersion>;
  setAlias(name: string, alias: string, version: number): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
  /**
   * Moves a version to a legacy stage; with `archiveExistingVersions` (Staging or Production
   * only) the versions already in that stage move to Archived.
   */
  transitionStage(
    name: string,
    version: number,
    stage: ModelVersion['currentStage'],
    archiveExistingVersions?: boolean,
  ): Promise<ModelVersion>;
  /** The newest revision, or the pre-filled draft (revision 0). */
  getModelCard(name: string, version: number): Promise<ModelCardView>;
  saveModelCard(
    name: string,
    version: number,
    content: Record<string, unknown>,
    baseRevision?: number,
  ): Promise<ModelCardView>;
  listModelCardRevisions(
    name: string,
    version: number,
    options?: { maxResults?: number; pageToken?: string },
  ): Promise<Page<ModelCard>>;
  exportModelCard(name: string, version: number, format: ModelCardFormat): Promise<string>;
  /** `entity` is `<kind>:<id>`, e.g. `model_version:churn/3` or `run:<run id>`. */
  lineage(entity: string, query?: LineageQuery): Promise<LineageGraph>;
}

const versionPath = (name: string, version: number) =>
  `/registered-models/${segment(name)}/versions/${segment(String(version))}`;

export function createRegistryClient(transport: Transport): RegistryClient {
  const search = (options: RegistrySearchOptions) => ({
    filter: options.filter,
    orderBy: options.orderBy,
    maxResults: options.maxResults,
    pageToken: options.pageToken,
  });
  return {
    searchModels: (options = {}) =>
      transport.json({ method: 'GET', path: '/registered-models', query: search(options) }),
    getModel: (name) =>
      transport.json({ method: 'GET', path: `/registered-models/${segment(name)}` }),
    listVersions: (name, options = {}) =>
      transport.json({
        method: 'GET',
        path: `/registered-models/${segment(name)}/versions`,
        query: search(options),
      }),
    getVersion: (name, version) =>
      transport.json({ method: 'GET', path: versionPath(name, version) }),
    setAlias: (name, alias, version) =>
      transport.json({
        method: 'PUT',
        path: `/registered-models/${segment(name)}/aliases/${segment(alias)}`,
        json: { version },
      }),
    deleteAlias: (name, alias) =>
      transport.json({
        method: 'DELETE',
        path: `/registered-models/${segment(name)}/aliases/${segment(alias)}`,
      }),
    transitionStage: (name, version, stage, archiveExistingVersions = false) =>
      transport.json({
        method: 'POST',
        path: `${versionPath(name, version)}/stage`,
        json: { stage, archiveExistingVersions },
      }),
    getModelCard: (name, version) =>
      transport.json({ method: 'GET', path: `${versionPath(name, version)}/model-card` }),
    saveModelCard: (name, version, content, baseRevision) =>
      transport.json({
        method: 'PUT',
        path: `${versionPath(name, version)}/model-card`,
        json: { content, ...(baseRevision === undefined ? {} : { baseRevision }) },
      }),
    listModelCardRevisions: (name, version, options = {}) =>
      transport.json({
        method: 'GET',
        path: `${versionPath(name, version)}/model-card/revisions`,
        query: { maxResults: options.maxResults, pageToken: options.pageToken },
      }),
    async exportModelCard(name, version, format) {
      const response = await transport.send({
        method: 'GET',
        path: `${versionPath(name, version)}/model-card/export`,
        query: { format },
      });
      return response.text();
    },
    lineage: (entity, query = {}) =>
      transport.json({
        method: 'GET',
        path: '/lineage',
        query: { entity, direction: query.direction, depth: query.depth },
      }),
  };
}
