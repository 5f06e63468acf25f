export { canonicalJson } from './canonical-json.ts';
export {
  consistencyProof,
  createCompactRange,
  emptyRoot,
  hashChildren,
  hashLeaf,
  hashesEqual,
  inclusionProof,
  largestPowerOfTwoBelow,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree.ts';
export type { CompactRange, Hash } from './merkle-tree.ts';
export { eventLeafBytes, eventLeafHash } from './audit-leaf.ts';
export {
  AUDIT_CHECKPOINT_ORIGIN,
  auditKeyId,
  checkpointText,
  createEd25519Signer,
  signCheckpoint,
  verifyCheckpointSignature,
} from './checkpoint.ts';
export type { AuditPublicKey, CheckpointSigner, SignedCheckpoint } from './checkpoint.ts';
export { AuditFailure, verifyAuditLog } from './audit-verifier.ts';
export type { AuditRow, AuditVerification, VerifyAuditLogInput } from './audit-verifier.ts';
export { AuditLogOrder } from './ports.ts';
export type { AuditLogCursor, AuditLogFilter, AuditStore, StoredLeaf } from './ports.ts';
export { AUDIT_LOG_DEFAULT_PAGE, AUDIT_LOG_MAX_PAGE, createAuditService } from './audit-service.ts';
export type {
  AuditApi,
  AuditServiceDeps,
  ConsistencyProofAnswer,
  InclusionProofAnswer,
} from './audit-service.ts';
