export * from './entities.ts';
export type * from './ports.ts';
export type * from './approvals-api.ts';
export { ApprovalEvents, APPROVAL_REQUEST_ENTITY } from './approval-events.ts';
export { createApprovalService } from './approval-service.ts';
export type { ApprovalServiceDeps } from './approval-service.ts';
export { evaluateGates, parseMetricGate, validatePolicyGates } from './policy-gates.ts';
export type { GateEvidence } from './policy-gates.ts';
