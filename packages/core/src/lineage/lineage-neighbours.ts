/**
 * One step of a lineage walk: the nodes next to a node, upstream or downstream, read through
 * the tracking, registry and dataset stores (the searches run in the database, with the
 * caller's access filter, so foreign runs and models are not even loaded).
 */
import type { RequestContext } from '../kernel/index.ts';
import type { RegistryStore } from '../registry/index.ts';
import type { ModelVersion } from '../registry/index.ts';
import type { LoggedModel, Run, RunFilterClause, TrackingStore } from '../tracking/index.ts';
import { ViewType } from '../tracking/index.ts';
import { createDatasetVersionFinder, type DatasetSource } from './dataset-version-neighbours.ts';
import {
  LineageNodeKind,
  parseDatasetId,
  parseModelVersionId,
  type LineageNode,
} from './lineage-graph.ts';
import {
  codeVersionOf,
  CodeTags,
  loggedModelNeighbour,
  mlflowDatasetNeighbour,
  modelVersionNeighbour,
  runNeighbour,
  type Neighbour,
} from './lineage-nodes.ts';

export interface LineageSources {
  tracking: TrackingStore;
  registry: RegistryStore;
  /**
   * Cairn datasets. Absent: no dataset_version nodes; run inputs stay the MLflow datasets
   * they were logged as.
   */
  datasets?: DatasetSource;
}

/** What a walk may load per look-up: more than the node cap, so truncation is reported. */
const FAN_OUT = 1000;

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

  const datasetVersions =
    sources.datasets === undefined
      ? undefined
      : createDatasetVersionFinder({ datasets: sources.datasets, getRun, runsWhere });

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
        const inputs =
          datasetVersions === undefined
            ? run.inputs.datasetInputs.map(mlflowDatasetNeighbour)
            : await datasetVersions.inputsOfRun(run);
        return [
          ...inputs,
          ...(code === undefined
            ? []
            : [{ node: code, relation: 'code' as const, upstream: true }]),
        ];
      }
      case LineageNodeKind.DATASET_VERSION:
        return datasetVersions === undefined ? [] : datasetVersions.upstreamOf(node.id);
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
      case LineageNodeKind.DATASET_VERSION:
        return datasetVersions === undefined ? [] : datasetVersions.downstreamOf(ctx, node.id);
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
    const outputs = datasetVersions === undefined ? [] : await datasetVersions.outputsOfRun(runId);
    return [
      ...produced.map((m) => loggedModelNeighbour(m, 'produced', false)),
      ...versions.map((v) => modelVersionNeighbour(v, 'source', false)),
      ...outputs,
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
      case LineageNodeKind.DATASET_VERSION:
        return datasetVersions === undefined ? undefined : datasetVersions.resolve(id);
      default: {
        const node: LineageNode = { kind, id, label: id, attributes: {} };
        return { node, relation: 'code', upstream: true };
      }
    }
  }

  return { upstreamOf, downstreamOf, resolve };
}
