/**
 * The nodes of a lineage graph as built from stored entities, each with the edge that led to
 * it and the resource whose READ permission decides whether the caller sees it.
 */
import type { DatasetVersion } from '../data/index.ts';
import type { ModelVersion } from '../registry/index.ts';
import type { DatasetInput, LoggedModel, Run } from '../tracking/index.ts';
import { LineageNodeKind, type LineageNode, type LineageRelation } from './lineage-graph.ts';

/** What READ is checked on: an experiment (runs, logged models), a registered model, a dataset. */
export type LineageResourceType = 'experiment' | 'registered_model' | 'dataset';

/** A neighbour with the edge to it; `resource` is what READ is checked on (none: follows its run). */
export interface Neighbour {
  node: LineageNode;
  relation: LineageRelation;
  /** Whether data flows from this neighbour to the node it was found from. */
  upstream: boolean;
  resource?: { type: LineageResourceType; id: string };
}

export const CodeTags = {
  COMMIT: 'mlflow.source.git.commit',
  SOURCE_NAME: 'mlflow.source.name',
  REPO_URL: 'mlflow.source.git.repoURL',
} as const;

function tagOf(tags: { key: string; value: string }[], key: string): string {
  return tags.find((t) => t.key === key)?.value ?? '';
}

export function runNeighbour(run: Run, relation: LineageRelation, upstream: boolean): Neighbour {
  return {
    node: {
      kind: LineageNodeKind.RUN,
      id: run.info.runId,
      label: run.info.runName || run.info.runId,
      attributes: {
        experimentId: run.info.experimentId,
        status: run.info.status,
        userId: run.info.userId,
      },
    },
    relation,
    upstream,
    resource: { type: 'experiment', id: run.info.experimentId },
  };
}

export function loggedModelNeighbour(
  model: LoggedModel,
  relation: LineageRelation,
  upstream: boolean,
): Neighbour {
  return {
    node: {
      kind: LineageNodeKind.LOGGED_MODEL,
      id: model.modelId,
      label: model.name || model.modelId,
      attributes: {
        experimentId: model.experimentId,
        status: model.status,
        ...(model.sourceRunId === null ? {} : { sourceRunId: model.sourceRunId }),
      },
    },
    relation,
    upstream,
    resource: { type: 'experiment', id: model.experimentId },
  };
}

export function modelVersionNeighbour(
  version: ModelVersion,
  relation: LineageRelation,
  upstream: boolean,
): Neighbour {
  return {
    node: {
      kind: LineageNodeKind.MODEL_VERSION,
      id: `${version.name}/${version.version}`,
      label: `${version.name} v${version.version}`,
      attributes: {
        registeredModelId: version.registeredModelId,
        stage: version.currentStage,
        source: version.source,
        ...(version.aliases.length === 0 ? {} : { aliases: version.aliases.join(',') }),
      },
    },
    relation,
    upstream,
    resource: { type: 'registered_model', id: version.registeredModelId },
  };
}

/** The code version a run ran, from MLflow's source tags; undefined when it recorded none. */
export function codeVersionOf(run: Run): LineageNode | undefined {
  const commit = tagOf(run.data.tags, CodeTags.COMMIT);
  const sourceName = tagOf(run.data.tags, CodeTags.SOURCE_NAME);
  const repoUrl = tagOf(run.data.tags, CodeTags.REPO_URL);
  const id = commit || sourceName;
  if (id === '') return undefined;
  return {
    kind: LineageNodeKind.CODE_VERSION,
    id,
    label: [repoUrl || sourceName, commit ? commit.slice(0, 12) : ''].filter(Boolean).join(' @ '),
    attributes: {
      ...(commit ? { commit } : {}),
      ...(sourceName ? { sourceName } : {}),
      ...(repoUrl ? { repoUrl } : {}),
    },
  };
}

/** An MLflow dataset input as logged (one not resolved to a Cairn dataset version). */
export function mlflowDatasetNeighbour({ dataset, tags }: DatasetInput): Neighbour {
  const context = tagOf(tags, 'mlflow.data.context');
  return {
    node: {
      kind: LineageNodeKind.DATASET,
      id: `${dataset.name}@${dataset.digest}`,
      label: dataset.name,
      attributes: {
        digest: dataset.digest,
        sourceType: dataset.sourceType,
        source: dataset.source,
        ...(context ? { context } : {}),
      },
    },
    relation: 'input',
    upstream: true,
  };
}

/** A Cairn dataset version; READ is checked on its dataset. */
export function datasetVersionNeighbour(
  version: DatasetVersion,
  relation: LineageRelation,
  upstream: boolean,
): Neighbour {
  return {
    node: {
      kind: LineageNodeKind.DATASET_VERSION,
      id: `${version.datasetName}@${version.version}`,
      label: `${version.datasetName}@${version.version}`,
      attributes: {
        datasetId: version.datasetId,
        digest: version.digest,
        fileCount: String(version.fileCount),
        totalBytes: String(version.totalBytes),
        ...(version.sourceUri === null ? {} : { sourceUri: version.sourceUri }),
      },
    },
    relation,
    upstream,
    resource: { type: 'dataset', id: version.datasetId },
  };
}
