/**
 * The first draft of a card, filled from what Cairn already knows about the version: the
 * registry's details, the source run's params, metrics, input datasets and code version,
 * and the logged model's type, params and metrics. People write the rest.
 */
import { codeVersionOf } from '../lineage/index.ts';
import type { ModelVersion, RegisteredModel } from '../registry/index.ts';
import type { DatasetInput, LoggedModel, Metric, Param, Run } from '../tracking/index.ts';
import {
  DatasetRole,
  emptyModelCardContent,
  type ModelCardContent,
  type ModelCardDataset,
} from './model-card.ts';

const ROLE_ORDER: Record<DatasetRole, number> = { training: 0, evaluation: 1, other: 2 };
const TRAINING_CONTEXTS = new Set(['train', 'training']);
const EVALUATION_CONTEXTS = new Set(['eval', 'evaluation', 'test', 'testing', 'validation']);

function roleOf(input: DatasetInput): DatasetRole {
  const context = (input.tags.find((t) => t.key === 'mlflow.data.context')?.value ?? '')
    .trim()
    .toLowerCase();
  if (TRAINING_CONTEXTS.has(context)) return DatasetRole.TRAINING;
  if (EVALUATION_CONTEXTS.has(context)) return DatasetRole.EVALUATION;
  return DatasetRole.OTHER;
}

function datasetOf(input: DatasetInput): ModelCardDataset {
  const { dataset } = input;
  return {
    name: dataset.name,
    link: dataset.source,
    description: `${dataset.sourceType} dataset, digest ${dataset.digest}`,
    role: roleOf(input),
    digest: dataset.digest,
    sensitive: { sensitive_data: [] },
  };
}

/** Logged-model values first (they describe the model itself), then the run's for other keys. */
function mergeByKey<T extends { key: string }>(first: T[], second: T[]): T[] {
  const seen = new Set(first.map((item) => item.key));
  return [...first, ...second.filter((item) => !seen.has(item.key))].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
}

export interface PrefillSources {
  registeredModel: RegisteredModel;
  version: ModelVersion;
  run?: Run | undefined;
  loggedModel?: LoggedModel | undefined;
}

/** A draft card for a version that has none yet. */
export function prefillModelCard(sources: PrefillSources): ModelCardContent {
  const { registeredModel, version, run, loggedModel } = sources;
  const card = emptyModelCardContent();
  card.model_details.name = registeredModel.name;
  card.model_details.overview = version.description || registeredModel.description;
  card.model_details.version = {
    name: String(version.version),
    date: new Date(version.creationTimestamp).toISOString(),
    diff: '',
  };
  card.model_parameters.model_architecture = loggedModel?.modelType ?? '';

  const params: Param[] = mergeByKey(loggedModel?.params ?? [], run?.data.params ?? []);
  card.model_parameters.parameters = params.map((p) => ({ name: p.key, value: p.value }));
  const metrics: Metric[] = mergeByKey(loggedModel?.metrics ?? [], run?.data.metrics ?? []);
  card.quantitative_analysis.performance_metrics = metrics.map((m) => ({
    type: m.key,
    value: String(m.value),
    slice: m.datasetName ?? '',
  }));

  const seen = new Set<string>();
  card.model_parameters.data = (run?.inputs.datasetInputs ?? [])
    .filter((input) => {
      const key = `${input.dataset.name}@${input.dataset.digest}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(datasetOf)
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.name < b.name ? -1 : 1));

  const code = run === undefined ? undefined : codeVersionOf(run);
  card.code_version =
    code === undefined
      ? null
      : {
          commit: code.attributes.commit ?? '',
          source_name: code.attributes.sourceName ?? '',
          repo_url: code.attributes.repoUrl ?? '',
        };
  return card;
}
