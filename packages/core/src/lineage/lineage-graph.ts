/**
 * The lineage graph: which data, code and run a model version came from, and what a
 * dataset, run or logged model went on to produce. Edges always point the way data flows.
 */
import { invalidArgument } from '../kernel/index.ts';

export const LineageNodeKind = {
  DATASET: 'dataset',
  RUN: 'run',
  LOGGED_MODEL: 'logged_model',
  MODEL_VERSION: 'model_version',
  CODE_VERSION: 'code_version',
  DATASET_VERSION: 'dataset_version',
} as const;
export type LineageNodeKind = (typeof LineageNodeKind)[keyof typeof LineageNodeKind];

const KINDS: readonly string[] = Object.values(LineageNodeKind);

/** Every relation, for schemas that list them. */
export const LINEAGE_RELATIONS = [
  'input',
  'produced',
  'registered',
  'source',
  'code',
  'output',
] as const;

/**
 * dataset or dataset_version→run `input`, run→logged_model `produced`,
 * logged_model→model_version `registered`, run→model_version `source`, code_version→run
 * `code`, run→dataset_version `output`.
 */
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export type LineageDirection = 'upstream' | 'downstream' | 'both';

/**
 * A node. Ids: a run id, a logged model id, `<model name>/<version>`, `<dataset name>@<digest>`
 * (an MLflow dataset input), `<dataset name>@<version number>` (a Cairn dataset version),
 * and a git commit (or, without one, the run's `mlflow.source.name`).
 */
export interface LineageNode {
  kind: LineageNodeKind;
  id: string;
  label: string;
  /** Kind-specific facts (experiment id, registered model id, digest, repository URL…). */
  attributes: Record<string, string>;
}

export interface LineageEdge {
  /** `kind:id` of the node data flows from. */
  from: string;
  to: string;
  relation: LineageRelation;
}

export interface LineageGraph {
  /** `kind:id` of the node asked about. */
  root: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Nodes left out because the caller may not read them (their neighbours are not followed). */
  hidden: number;
  /** True when the node cap stopped the walk before `depth`. */
  truncated: boolean;
}

export interface LineageEntity {
  kind: LineageNodeKind;
  id: string;
}

export interface LineageOptions {
  direction?: LineageDirection;
  /** Edges followed from the root; default 5, at most 20. */
  depth?: number;
}

export const LINEAGE_DEFAULT_DEPTH = 5;
export const LINEAGE_MAX_DEPTH = 20;
/** A walk stops (and says `truncated`) past this many nodes. */
export const LINEAGE_MAX_NODES = 500;

export const nodeKey = (kind: LineageNodeKind, id: string) => `${kind}:${id}`;

/** Parses `<kind>:<id>` (e.g. `model_version:churn/3`, `run:abc…`). */
export function parseLineageEntity(text: string): LineageEntity {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon);
  const id = colon < 0 ? '' : text.slice(colon + 1);
  if (!KINDS.includes(kind) || id.length === 0 || id.length > 1000) {
    throw invalidArgument(
      'lineage.invalid_entity',
      `An entity is <kind>:<id> with kind one of ${KINDS.join(', ')}; got '${text.slice(0, 100)}'.`,
      { details: { field: 'entity' } },
    );
  }
  return { kind: kind as LineageNodeKind, id };
}

/** Splits `<name>/<version>` at the last slash (model names may contain slashes). */
export function parseModelVersionId(id: string): { name: string; version: number } {
  const slash = id.lastIndexOf('/');
  const version = Number(id.slice(slash + 1));
  if (slash <= 0 || !Number.isSafeInteger(version) || version < 1) {
    throw invalidArgument(
      'lineage.invalid_entity',
      `A model version is model_version:<name>/<version>; got '${id.slice(0, 100)}'.`,
      { details: { field: 'entity' } },
    );
  }
  return { name: id.slice(0, slash), version };
}

/** Splits `<name>@<digest>` at the last `@` (dataset names may contain one). */
export function parseDatasetId(id: string): { name: string; digest: string } {
  const at = id.lastIndexOf('@');
  if (at <= 0 || at === id.length - 1) {
    throw invalidArgument(
      'lineage.invalid_entity',
      `A dataset is dataset:<name>@<digest>; got '${id.slice(0, 100)}'.`,
      { details: { field: 'entity' } },
    );
  }
  return { name: id.slice(0, at), digest: id.slice(at + 1) };
}

/** Splits `<name>@<version>` (a Cairn dataset version; names never contain `@`). */
export function parseDatasetVersionId(id: string): { name: string; version: number } {
  const at = id.lastIndexOf('@');
  const digits = id.slice(at + 1);
  const version = Number(digits);
  if (at <= 0 || !/^[0-9]+$/.test(digits) || !Number.isSafeInteger(version) || version < 1) {
    throw invalidArgument(
      'lineage.invalid_entity',
      `A dataset version is dataset_version:<name>@<version>; got '${id.slice(0, 100)}'.`,
      { details: { field: 'entity' } },
    );
  }
  return { name: id.slice(0, at), version };
}
