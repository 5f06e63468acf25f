/**
 * Which required sections a model card still lacks. The approvals gate "model card complete"
 * and the UI both read this, so the list of required sections lives in one place.
 */
import type { ModelCardContent } from './model-card.ts';

export interface MissingSection {
  /** The section's path in the card document, e.g. `considerations.limitations`. */
  section: string;
  description: string;
}

export interface ModelCardCompleteness {
  complete: boolean;
  missing: MissingSection[];
}

const hasText = (value: string) => value.trim().length > 0;
const hasEntries = (values: string[]) => values.some(hasText);

const REQUIRED: {
  section: string;
  description: string;
  present: (c: ModelCardContent) => boolean;
}[] = [
  {
    section: 'model_details.overview',
    description: 'an overview of what the model does',
    present: (c) => hasText(c.model_details.overview),
  },
  {
    section: 'model_details.owners',
    description: 'at least one owner',
    present: (c) => c.model_details.owners.some((o) => hasText(o.name)),
  },
  {
    section: 'considerations.users',
    description: 'the intended users',
    present: (c) => hasEntries(c.considerations.users),
  },
  {
    section: 'considerations.use_cases',
    description: 'the intended use cases',
    present: (c) => hasEntries(c.considerations.use_cases),
  },
  {
    section: 'considerations.limitations',
    description: 'the known limitations',
    present: (c) => hasEntries(c.considerations.limitations),
  },
  {
    section: 'considerations.ethical_considerations',
    description: 'ethical considerations with their mitigation',
    present: (c) => c.considerations.ethical_considerations.some((e) => hasText(e.name)),
  },
  {
    section: 'model_parameters.data',
    description: 'the training or evaluation data',
    present: (c) => c.model_parameters.data.some((d) => hasText(d.name)),
  },
  {
    section: 'quantitative_analysis.performance_metrics',
    description: 'at least one performance metric',
    present: (c) => c.quantitative_analysis.performance_metrics.some((m) => hasText(m.type)),
  },
];

/** The required sections the card lacks (blank text counts as missing). */
export function modelCardCompleteness(content: ModelCardContent): ModelCardCompleteness {
  const missing = REQUIRED.filter((r) => !r.present(content)).map(({ section, description }) => ({
    section,
    description,
  }));
  return { complete: missing.length === 0, missing };
}

/** True when every required section is filled. */
export function isModelCardComplete(content: ModelCardContent): boolean {
  return modelCardCompleteness(content).complete;
}
