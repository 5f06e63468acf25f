export { createAuditStore } from './audit-store.ts';
export { createAuditSchema } from './audit-migration.ts';
export { insertAuditLeaves } from './audit-leaves.ts';
export type { AuditTables } from './audit-schema.ts';
