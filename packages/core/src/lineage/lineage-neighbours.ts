/**
 * One step of a lineage walk: the nodes next to a node, upstream or downstream, read through
 * the tracking and registry stores (the searches run in the database, with the caller's
 * access filter, so foreign runs and models are not even loaded).
 */
import type { RequestContext } from '../kernel/index.ts';
import type { RegistryStore } from '../registry/index.ts';
import type { ModelVersion } from '../registry/index.ts';
import type { LoggedModel, Run, RunFilterClause, TrackingStore } from '../tracking/index.ts';
import { ViewType } from '../tracking/index.ts';
import {
  LineageNodeKind,
  parseDatasetId,
  parseModelVersionId,
  type LineageNode,
  type LineageRelation,
} from './lineage-graph.ts';

/** A neighbour with the edge to it; `resource` is what READ is checked on (none: follows its run). */
export interface Neighbour {
  node: LineageNode;
  relation: LineageRelation;
  /** Whether data flows from this neighbour to the node it was found from. */
  upstream: boolean;
  resource?: { type: 'experiment' | 'registered_model'; id: string };
}

export interface LineageSources {
  tracking: TrackingStore;
  registry: RegistryStore;
}

/** What a walk may load per look-up: more than the node cap, so truncation is reported. */
const FAN_OUT = 1000;

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

function datasetNodes(run: Run): Neighbour[] {
  return run.inputs.datasetInputs.map(({ dataset, tags }) => ({
    node: {
      kind: LineageNodeKind.DATASET,
      id: `${dataset.name}@${dataset.digest}`,
      label: dataset.name,
      attributes: {
        digest: dataset.digest,
        sourceType: dataset.sourceType,
        source: dataset.source,
        ...(tagOf(tags, 'mlflow.data.context')
          ? { context: tagOf(tags, 'mlflow.data.context') }
          : {}),
      },
    },
    relation: 'input' as const,
    upstream: true,
  }));
}

export function createNeighbourFinder(sources: LineageSources) {
  const { tracking, registry } = sources;
  const getRun = (runId: string) => tracking.read((r) => r.getRun(runId));
  const getLoggedModel = (id: string) => tracking.read((r) => r.getLoggedModel(id));

  async function getModelVersion(id: string): Promise<ModelVersion | undefined> {
    const { name, version } = parseModelVersionId(id);
    return registry.read(async (r) => {
      const modelId = await r.getRegisteredModelId(name);
      return modelId === undefined ? undefined : r.getModelVersion(modelId, version);
    });
  }

  async function allExperimentIds(ctx: RequestContext): Promise<string[]> {
    const experiments = await tracking.read((r) =>
      r.searchExperiments({
        filter: [],
        orderBy: [],
        viewType: ViewType.ALL,
        offset: 0,
        limit: FAN_OUT,
        ...(ctx.access === undefined ? {} : { access: ctx.access }),
      }),
    );
    return experiments.map((e) => e.experimentId);
  }

  async function runsWhere(ctx: RequestContext, filter: RunFilterClause[]): Promise<Run[]> {
    const experimentIds = await allExperimentIds(ctx);
    if (experimentIds.length === 0) return [];
    return tracking.read((r) =>
      r.searchRuns({
        experimentIds,
        filter,
        orderBy: [],
        viewType: ViewType.ACTIVE_ONLY,
        offset: 0,
        limit: FAN_OUT,
        ...(ctx.access === undefined ? {} : { access: ctx.access }),
      }),
    );
  }

  async function versionsOfRun(ctx: RequestContext, runId: string): Promise<ModelVersion[]> {
    return registry.read((r) =>
      r.searchModelVersions({
        filter: [{ kind: 'run_id', comparator: '=', value: runId }],
        orderBy: [],
        excludePrompts: false,
        offset: 0,
        limit: FAN_OUT,
        ...(ctx.access === undefined ? {} : { access: ctx.access }),
      }),
    );
  }

  async function versionsOfLoggedModel(ctx: RequestContext, model: LoggedModel) {
    const bySource = await registry.read((r) =>
      r.searchModelVersions({
        filter: [{ kind: 'source_path', comparator: '=', value: `models:/${model.modelId}` }],
        orderBy: [],
        excludePrompts: false,
        offset: 0,
        limit: FAN_OUT,
        ...(ctx.access === undefined ? {} : { access: ctx.access }),
      }),
    );
    const byRun = model.sourceRunId === null ? [] : await versionsOfRun(ctx, model.sourceRunId);
    const seen = new Set<string>();
    return [...bySource, ...byRun.filter((v) => v.modelId === model.modelId)].filter((v) => {
      const key = `${v.registeredModelId}/${v.version}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  async function upstreamOf(node: LineageNode): Promise<Neighbour[]> {
    switch (node.kind) {
      case LineageNodeKind.MODEL_VERSION: {
        const version = await getModelVersion(node.id);
        if (version === undefined) return [];
        const found: Neighbour[] = [];
        const model = version.modelId === null ? undefined : await getLoggedModel(version.modelId);
        if (model !== undefined) found.push(loggedModelNeighbour(model, 'registered', true));
        const run = version.runId === null ? undefined : await getRun(version.runId);
        if (run !== undefined) found.push(runNeighbour(run, 'source', true));
        return found;
      }
      case LineageNodeKind.LOGGED_MODEL: {
        const model = await getLoggedModel(node.id);
        const run = model?.sourceRunId ? await getRun(model.sourceRunId) : undefined;
        return run === undefined ? [] : [runNeighbour(run, 'produced', true)];
      }
      case LineageNodeKind.RUN: {
        const run = await getRun(node.id);
        if (run === undefined) return [];
        const code = codeVersionOf(run);
        return [
          ...datasetNodes(run),
          ...(code === undefined
            ? []
            : [{ node: code, relation: 'code' as const, upstream: true }]),
        ];
      }
      default:
        return [];
    }
  }

  async function downstreamOf(ctx: RequestContext, node: LineageNode): Promise<Neighbour[]> {
    switch (node.kind) {
      case LineageNodeKind.DATASET: {
        const { name, digest } = parseDatasetId(node.id);
        const runs = await runsWhere(ctx, [
          { kind: 'dataset', key: 'name', comparator: '=', value: name },
          { kind: 'dataset', key: 'digest', comparator: '=', value: digest },
        ]);
        return runs.map((run) => runNeighbour(run, 'input', false));
      }
      case LineageNodeKind.CODE_VERSION: {
        // The id is a commit, or the source name of runs that recorded none.
        const byTag = (key: string) =>
          runsWhere(ctx, [{ kind: 'tag', key, comparator: '=', value: node.id }]);
        const byCommit = await byTag(CodeTags.COMMIT);
        const runs = byCommit.length > 0 ? byCommit : await byTag(CodeTags.SOURCE_NAME);
        return runs
          .filter((run) => codeVersionOf(run)?.id === node.id)
          .map((run) => runNeighbour(run, 'code', false));
      }
      case LineageNodeKind.RUN:
        return runDownstream(ctx, node.id);
      case LineageNodeKind.LOGGED_MODEL: {
        const model = await getLoggedModel(node.id);
        if (model === undefined) return [];
        const versions = await versionsOfLoggedModel(ctx, model);
        return versions.map((v) => modelVersionNeighbour(v, 'registered', false));
      }
      default:
        return [];
    }
  }

  async function runDownstream(ctx: RequestContext, runId: string): Promise<Neighbour[]> {
    const run = await getRun(runId);
    if (run === undefined) return [];
    const produced = await tracking.read((r) =>
      r.searchLoggedModels({
        experimentIds: [run.info.experimentId],
        filter: [{ kind: 'attribute', key: 'source_run_id', comparator: '=', value: runId }],
        orderBy: [],
        offset: 0,
        limit: FAN_OUT,
      }),
    );
    const ids = new Set(produced.map((m) => m.modelId));
    for (const output of run.outputs.modelOutputs) {
      if (ids.has(output.modelId)) continue;
      const model = await getLoggedModel(output.modelId);
      if (model !== undefined) {
        produced.push(model);
        ids.add(model.modelId);
      }
    }
    const versions = await versionsOfRun(ctx, runId);
    return [
      ...produced.map((m) => loggedModelNeighbour(m, 'produced', false)),
      ...versions.map((v) => modelVersionNeighbour(v, 'source', false)),
    ];
  }

  /** The root node itself, or undefined when the entity does not exist. */
  async function resolve(kind: LineageNode['kind'], id: string): Promise<Neighbour | undefined> {
    switch (kind) {
      case LineageNodeKind.RUN: {
        const run = await getRun(id);
        return run && runNeighbour(run, 'input', false);
      }
      case LineageNodeKind.LOGGED_MODEL: {
        const model = await getLoggedModel(id);
        return model && loggedModelNeighbour(model, 'produced', false);
      }
      case LineageNodeKind.MODEL_VERSION: {
        const version = await getModelVersion(id);
        return version && modelVersionNeighbour(version, 'registered', false);
      }
      case LineageNodeKind.DATASET: {
        const { name, digest } = parseDatasetId(id);
        return {
          node: { kind, id, label: name, attributes: { digest } },
          relation: 'input',
          upstream: true,
        };
      }
      default: {
        const node: LineageNode = { kind, id, label: id, attributes: {} };
        return { node, relation: 'code', upstream: true };
      }
    }
  }

  return { upstreamOf, downstreamOf, resolve };
}
