/**
 * A model card: the sections of Google's Model Card Toolkit schema v0.0.2
 * (`model_details`, `model_parameters`, `quantitative_analysis`, `considerations`), spelled
 * as that schema spells them so the JSON export is readable by MCT tooling, plus Cairn's
 * extensions the toolkit has no slot for (evaluation `factors`, the source run's training
 * `parameters`, the `code_version`, and each dataset's `role`).
 */

export const MODEL_CARD_SCHEMA_VERSION = '0.0.2';

export interface ModelCardOwner {
  name: string;
  contact: string;
}

export interface ModelCardLicense {
  /** An SPDX identifier, or empty when `custom_text` carries the licence. */
  identifier: string;
  custom_text: string;
}

export interface ModelCardDetails {
  name: string;
  overview: string;
  documentation: string;
  owners: ModelCardOwner[];
  version: { name: string; date: string; diff: string };
  licenses: ModelCardLicense[];
  references: { reference: string }[];
  citations: { style: string; citation: string }[];
}

/** Which part a dataset played: Cairn's extension to MCT's `data` items. */
export const DatasetRole = {
  TRAINING: 'training',
  EVALUATION: 'evaluation',
  OTHER: 'other',
} as const;
export type DatasetRole = (typeof DatasetRole)[keyof typeof DatasetRole];

export interface ModelCardDataset {
  name: string;
  link: string;
  description: string;
  role: DatasetRole;
  /** The dataset's content digest, as logged with the run input. */
  digest: string;
  sensitive: { sensitive_data: string[] };
}

export interface ModelCardParameters {
  model_architecture: string;
  data: ModelCardDataset[];
  input_format: string;
  output_format: string;
  /** The source run's params (Cairn extension). */
  parameters: { name: string; value: string }[];
}

export interface PerformanceMetric {
  type: string;
  value: string;
  slice: string;
}

export interface ModelCardConsiderations {
  users: string[];
  use_cases: string[];
  limitations: string[];
  tradeoffs: string[];
  ethical_considerations: { name: string; mitigation_strategy: string }[];
}

export interface ModelCardCodeVersion {
  commit: string;
  source_name: string;
  repo_url: string;
}

/** The document stored in each card revision. */
export interface ModelCardContent {
  schema_version: typeof MODEL_CARD_SCHEMA_VERSION;
  model_details: ModelCardDetails;
  model_parameters: ModelCardParameters;
  quantitative_analysis: { performance_metrics: PerformanceMetric[] };
  considerations: ModelCardConsiderations;
  /** Factors the model's performance may vary with (Cairn extension, after Mitchell et al.). */
  factors: string[];
  code_version: ModelCardCodeVersion | null;
}

/** One saved revision of a model version's card. */
export interface ModelCard {
  registeredModelId: string;
  name: string;
  version: number;
  /** 1, 2, … per model version; every save makes a new one. */
  revision: number;
  content: ModelCardContent;
  author: string;
  createdAt: number;
}

/** An empty card: every section present, nothing filled. */
export function emptyModelCardContent(): ModelCardContent {
  return {
    schema_version: MODEL_CARD_SCHEMA_VERSION,
    model_details: {
      name: '',
      overview: '',
      documentation: '',
      owners: [],
      version: { name: '', date: '', diff: '' },
      licenses: [],
      references: [],
      citations: [],
    },
    model_parameters: {
      model_architecture: '',
      data: [],
      input_format: '',
      output_format: '',
      parameters: [],
    },
    quantitative_analysis: { performance_metrics: [] },
    considerations: {
      users: [],
      use_cases: [],
      limitations: [],
      tradeoffs: [],
      ethical_considerations: [],
    },
    factors: [],
    code_version: null,
  };
}
