/** Tables of the tamper-evident audit trail (migration `0004_audit`). */

/** One Merkle leaf per event, written in the event's transaction; never updated. */
export interface AuditLeafTable {
  seq: number;
  /** Lower-case hex of SHA-256(0x00 ‖ canonical event). */
  leaf_hash: string;
}

/** Signed tree heads; the key that signs them lives outside the database. */
export interface AuditCheckpointTable {
  tree_size: number;
  key_id: string;
  root_hash: string;
  time: number;
  /** Base64 Ed25519 signature over the checkpoint text. */
  signature: string;
  /** Base64 raw public key, for auditors; a verifier trusts only keys it holds itself. */
  public_key: string;
}

export interface AuditTables {
  audit_leaves: AuditLeafTable;
  audit_checkpoints: AuditCheckpointTable;
}
