/**
 * The lineage steps that touch Cairn dataset versions: a run's inputs resolved to versions,
 * the versions a run produced, a version's producing run, and the runs that read a version.
 * Runs are not linked to versions in storage; a version's readers are found by searching
 * the runs' MLflow inputs for its digest (or a prefix of it), URL or source path in the
 * database, then keeping only the runs whose inputs resolve to it by the rules of
 * dataset-input-resolver.ts.
 */
import type { DatasetReader, DatasetVersion } from '../data/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import type { Run, RunFilterClause } from '../tracking/index.ts';
import {
  datasetVersionUrlPath,
  MIN_DIGEST_PREFIX,
  normalizeInputDigest,
  resolveDatasetInput,
  sourcePathForms,
} from './dataset-input-resolver.ts';
import { parseDatasetVersionId } from './lineage-graph.ts';
import {
  datasetVersionNeighbour,
  mlflowDatasetNeighbour,
  runNeighbour,
  type Neighbour,
} from './lineage-nodes.ts';

/** Read access to the dataset store (the `DatasetStore` unit of work satisfies it). */
export interface DatasetSource {
  read<T>(fn: (reader: DatasetReader) => Promise<T>): Promise<T>;
}

export interface DatasetVersionFinderDeps {
  datasets: DatasetSource;
  getRun: (runId: string) => Promise<Run | undefined>;
  /** Active runs matching every clause, limited to what the caller may read. */
  runsWhere: (ctx: RequestContext, filter: RunFilterClause[]) => Promise<Run[]>;
}

/** `text` as a LIKE pattern matching itself anywhere (`\` escapes, as the stores use it). */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** How a string appears inside MLflow's source JSON: as JSON writes it, and as Python's
 * json.dumps does by default (non-ASCII as `\uXXXX`). */
function jsonForms(text: string): string[] {
  const plain = JSON.stringify(text).slice(1, -1);
  const ascii = plain.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return ascii === plain ? [plain] : [plain, ascii];
}

/** The part of a version's source every recorded form of it contains. */
function sourceCore(sourceUri: string): string {
  let path = sourceUri.startsWith('file://') ? sourceUri.slice('file://'.length) : sourceUri;
  if (path.startsWith('localhost/')) path = path.slice('localhost'.length);
  return path.replace(/(?<=.)\/+$/, '');
}

const sameVersion = (a: DatasetVersion, b: DatasetVersion) =>
  a.datasetId === b.datasetId && a.version === b.version;

export function createDatasetVersionFinder(deps: DatasetVersionFinderDeps) {
  const { datasets, getRun, runsWhere } = deps;

  async function getVersion(id: string): Promise<DatasetVersion | undefined> {
    const { name, version } = parseDatasetVersionId(id);
    return datasets.read(async (r) => {
      const dataset = await r.getDatasetByName(name);
      return dataset === undefined ? undefined : r.getVersion(dataset.id, version);
    });
  }

  /** The run's dataset inputs: resolved ones as dataset versions, the rest as logged. */
  async function inputsOfRun(run: Run): Promise<Neighbour[]> {
    return datasets.read(async (r) => {
      const found: Neighbour[] = [];
      for (const input of run.inputs.datasetInputs) {
        const version = await resolveDatasetInput(r, input.dataset, run.info.startTime);
        found.push(
          version === undefined
            ? mlflowDatasetNeighbour(input)
            : datasetVersionNeighbour(version, 'input', true),
        );
      }
      return found;
    });
  }

  async function outputsOfRun(runId: string): Promise<Neighbour[]> {
    const versions = await datasets.read((r) => r.listVersionsProducedByRun(runId));
    return versions.map((v) => datasetVersionNeighbour(v, 'output', false));
  }

  async function upstreamOf(id: string): Promise<Neighbour[]> {
    const version = await getVersion(id);
    const run = version?.producedByRunId ? await getRun(version.producedByRunId) : undefined;
    return run === undefined ? [] : [runNeighbour(run, 'output', true)];
  }

  async function candidateRuns(ctx: RequestContext, version: DatasetVersion): Promise<Run[]> {
    const source = (pattern: string): RunFilterClause[] => [
      { kind: 'dataset', key: 'source', comparator: 'LIKE', value: containing(pattern) },
    ];
    const digest = (pattern: string): RunFilterClause[] => [
      { kind: 'dataset', key: 'digest', comparator: 'ILIKE', value: pattern },
    ];
    // The shortest prefix that resolves, so cut digests are found too; the resolver then
    // keeps only the runs whose digest really is a prefix of (or equals) this one.
    const shortest = version.digest.slice(0, MIN_DIGEST_PREFIX);
    const searches: RunFilterClause[][] = [
      digest(`${shortest}%`),
      digest(`sha256:${shortest}%`),
      source(datasetVersionUrlPath(version.datasetName, version.version)),
      ...(version.sourceUri === null ? [] : jsonForms(sourceCore(version.sourceUri)).map(source)),
    ];
    const runs = new Map<string, Run>();
    for (const filter of searches) {
      for (const run of await runsWhere(ctx, filter)) runs.set(run.info.runId, run);
    }
    return [...runs.values()];
  }

  /** The runs whose inputs resolve to this version. */
  async function downstreamOf(ctx: RequestContext, id: string): Promise<Neighbour[]> {
    const version = await getVersion(id);
    if (version === undefined) return [];
    const candidates = await candidateRuns(ctx, version);
    return datasets.read(async (r) => {
      const readers: Neighbour[] = [];
      for (const run of candidates) {
        for (const input of run.inputs.datasetInputs) {
          // Cheap pre-check: only inputs that could name this version are resolved.
          if (!mayName(input.dataset, version)) continue;
          const resolved = await resolveDatasetInput(r, input.dataset, run.info.startTime);
          if (resolved !== undefined && sameVersion(resolved, version)) {
            readers.push(runNeighbour(run, 'input', false));
            break;
          }
        }
      }
      return readers;
    });
  }

  async function resolve(id: string): Promise<Neighbour | undefined> {
    const version = await getVersion(id);
    return version && datasetVersionNeighbour(version, 'input', true);
  }

  return { inputsOfRun, outputsOfRun, upstreamOf, downstreamOf, resolve };
}

/** Whether an input's digest or source mentions the version at all (before resolving it). */
function mayName(input: { digest: string; source: string }, version: DatasetVersion): boolean {
  const digest = normalizeInputDigest(input.digest);
  if (digest !== undefined && version.digest.startsWith(digest)) return true;
  if (input.source.includes(datasetVersionUrlPath(version.datasetName, version.version))) {
    return true;
  }
  if (version.sourceUri === null) return false;
  const forms = sourcePathForms(input.source);
  const core = sourceCore(version.sourceUri);
  return forms.some((form) => sourceCore(form) === core);
}
