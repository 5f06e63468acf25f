/**
 * Registry entities, in Cairn's own (camelCase) shape mirroring MLflow's `RegisteredModel`
 * and `ModelVersion` (reference/mlflow.md §1.3). The MLflow layer translates to the wire.
 */
import type { Tag } from '../tracking/index.ts';

/** MLflow's legacy stages, spelled as MLflow answers them. */
export const ModelStage = {
  NONE: 'None',
  STAGING: 'Staging',
  PRODUCTION: 'Production',
  ARCHIVED: 'Archived',
} as const;
export type ModelStage = (typeof ModelStage)[keyof typeof ModelStage];

/** Versions are created from artifacts this server already holds, so they are ready at once. */
export const ModelVersionStatus = { READY: 'READY' } as const;
export type ModelVersionStatus = (typeof ModelVersionStatus)[keyof typeof ModelVersionStatus];

export interface RegisteredModelAlias {
  alias: string;
  version: number;
}

export interface ModelVersion {
  /** The immutable id of the registered model this version belongs to. */
  registeredModelId: string;
  name: string;
  /** 1, 2, … per registered model; never reused after a delete. */
  version: number;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string;
  currentStage: ModelStage;
  description: string;
  /** The source as the client sent it (`runs:/…`, `models:/m-…`, `mlflow-artifacts:/…`). */
  source: string;
  /** The resolved `mlflow-artifacts:/…` location of the version's files. */
  storageLocation: string;
  runId: string | null;
  runLink: string | null;
  modelId: string | null;
  status: ModelVersionStatus;
  statusMessage: string | null;
  tags: Tag[];
  aliases: string[];
}

export interface RegisteredModel {
  /** Immutable and opaque; permissions, comments, approvals and webhooks key on it. */
  id: string;
  /** Unique and mutable (rename). */
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string;
  description: string;
  tags: Tag[];
  aliases: RegisteredModelAlias[];
  /** The highest version in each stage that has one. */
  latestVersions: ModelVersion[];
}
