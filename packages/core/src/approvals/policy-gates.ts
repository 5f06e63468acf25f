/**
 * Policy gates: validation of a protected alias's gate configuration, and their evaluation
 * against a model version. Evaluation is pure over the evidence gathered by the service,
 * so each result records exactly what was looked at.
 */
import { invalidArgument } from '../kernel/index.ts';
import type { ModelCardCompleteness } from '../model-cards/index.ts';
import type { Metric, Tag } from '../tracking/index.ts';
import { METRIC_OPERATORS } from './entities.ts';
import type { GateResult, MetricGate, MetricOperator, PolicyGates } from './entities.ts';

/** The evidence the gates are evaluated on. */
export interface GateEvidence {
  /** The latest metrics of the version's source run; null when the version has no run. */
  runMetrics: Metric[] | null;
  versionTags: Tag[];
  /** Null when no model-card source is configured on this server. */
  modelCard: ModelCardCompleteness | null;
}

const MAX_GATES = 50;
const isOperator = (op: unknown): op is MetricOperator =>
  typeof op === 'string' && (METRIC_OPERATORS as readonly string[]).includes(op);

function bad(message: string) {
  return invalidArgument('approvals.invalid_gates', message);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 250) {
    throw bad(`${field} must be a non-empty string of at most 250 characters.`);
  }
  return value;
}

/** Checks and normalises a gate configuration (missing parts mean "no such gate"). */
export function validatePolicyGates(input: Partial<PolicyGates> | undefined): PolicyGates {
  const metrics = input?.metrics ?? [];
  const tags = input?.tags ?? [];
  if (!Array.isArray(metrics) || !Array.isArray(tags)) throw bad('metrics and tags are lists.');
  if (metrics.length + tags.length > MAX_GATES) throw bad(`At most ${MAX_GATES} gates.`);
  return {
    metrics: metrics.map((m: MetricGate): MetricGate => {
      if (!isOperator(m.op))
        throw bad(`A metric gate's op is one of ${METRIC_OPERATORS.join(' ')}.`);
      if (typeof m.threshold !== 'number' || !Number.isFinite(m.threshold)) {
        throw bad('A metric gate needs a finite numeric threshold.');
      }
      return { key: text(m.key, 'metric key'), op: m.op, threshold: m.threshold };
    }),
    tags: tags.map((t: { key: string; value: string }) => ({
      key: text(t.key, 'tag key'),
      value: text(t.value, 'tag value'),
    })),
    modelCardComplete: input?.modelCardComplete === true,
  };
}

/** Parses `accuracy>=0.9` (the CLI's and the route's compact spelling of a metric gate). */
export function parseMetricGate(spec: string): MetricGate {
  const match = /^\s*([^<>=\s]+)\s*(>=|<=|==|>|<)\s*(\S+)\s*$/.exec(spec);
  const threshold = match === null ? Number.NaN : Number(match[3]);
  if (match === null || !Number.isFinite(threshold)) {
    throw bad(`'${spec}' is not a metric gate like 'accuracy>=0.9'.`);
  }
  return { key: match[1] ?? '', op: match[2] as MetricOperator, threshold };
}

function compare(value: number, op: MetricOperator, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
  }
}

/** Evaluates every configured gate; each result says what it required and what it found. */
export function evaluateGates(gates: PolicyGates, evidence: GateEvidence): GateResult[] {
  const results: GateResult[] = [];
  for (const gate of gates.metrics) {
    const requirement = `${gate.key} ${gate.op} ${gate.threshold}`;
    const metric = evidence.runMetrics?.find((m) => m.key === gate.key);
    results.push({
      gate: 'metric',
      requirement,
      passed: metric !== undefined && compare(metric.value, gate.op, gate.threshold),
      observed:
        evidence.runMetrics === null
          ? 'the version has no source run'
          : metric === undefined
            ? null
            : String(metric.value),
    });
  }
  for (const gate of gates.tags) {
    const tag = evidence.versionTags.find((t) => t.key === gate.key);
    results.push({
      gate: 'tag',
      requirement: `${gate.key} = ${gate.value}`,
      passed: tag?.value === gate.value,
      observed: tag?.value ?? null,
    });
  }
  if (gates.modelCardComplete) {
    const card = evidence.modelCard;
    results.push({
      gate: 'model_card',
      requirement: 'model card complete',
      passed: card?.complete === true,
      observed:
        card === null
          ? 'no model-card source is configured on this server'
          : card.complete
            ? 'complete'
            : `missing: ${card.missing.map((m) => m.section).join(', ')}`,
    });
  }
  return results;
}
