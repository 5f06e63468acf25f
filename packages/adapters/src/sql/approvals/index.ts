export { createApprovalStore } from './approval-store.ts';
export type { ApprovalTables } from './approvals-schema.ts';
