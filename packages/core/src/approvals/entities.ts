/**
 * Approval requests for protected aliases (the four-eyes rule). A protected alias moves only
 * when a request to move it is approved by a different user holding MANAGE on the model.
 */

/** Where a request is. PENDING is the only state that ever changes; the others are final. */
export const ApprovalState = {
  PENDING: 'PENDING',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
  /** The alias moved, the version went away, or the alias lost its protection meanwhile. */
  STALE: 'STALE',
} as const;
export type ApprovalState = (typeof ApprovalState)[keyof typeof ApprovalState];

export const METRIC_OPERATORS = ['>=', '>', '<=', '<', '=='] as const;
export type MetricOperator = (typeof METRIC_OPERATORS)[number];

/** A metric of the version's source run that must be present and satisfy `op threshold`. */
export interface MetricGate {
  key: string;
  op: MetricOperator;
  threshold: number;
}

/** What a version must show before a protected alias may point to it. */
export interface PolicyGates {
  metrics: MetricGate[];
  /** Tags the version must carry with exactly this value (e.g. `validation_status = passed`). */
  tags: { key: string; value: string }[];
  /** Whether the version's model card must have every required section filled in. */
  modelCardComplete: boolean;
}

export interface ProtectedAlias {
  registeredModelId: string;
  alias: string;
  gates: PolicyGates;
  createdBy: string;
  createdAt: number;
}

/** One gate as evaluated at decision time: the evidence the decision rests on. */
export interface GateResult {
  gate: 'metric' | 'tag' | 'model_card';
  /** Human-readable statement of the requirement, e.g. `accuracy >= 0.9`. */
  requirement: string;
  passed: boolean;
  /** What was found (the metric value, the tag value, the missing sections), or null. */
  observed: string | null;
}

export interface ApprovalRequest {
  id: string;
  registeredModelId: string;
  alias: string;
  version: number;
  /** The version the alias pointed to when the request was made (null: unset). */
  baseVersion: number | null;
  justification: string;
  state: ApprovalState;
  requestedBy: string;
  /** The requester's user id; null in single-user mode. */
  requestedByUserId: string | null;
  createdAt: number;
  decidedBy: string | null;
  decidedByUserId: string | null;
  decidedAt: number | null;
  decisionReason: string | null;
  /** Recorded with an approval (and with a refusal by gates, on the refused attempt's event). */
  gateResults: GateResult[] | null;
}
