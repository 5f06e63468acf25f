/** Tables of protected aliases and approval requests (migration `0006_approvals`). */

export interface ProtectedAliasTable {
  registered_model_id: string;
  alias: string;
  /** The policy gates as JSON (`PolicyGates`). */
  gates: string;
  created_by: string;
  created_at: number;
}

export interface ApprovalRequestTable {
  id: string;
  /** Kept without a foreign key: the decision record outlives a deleted model. */
  registered_model_id: string;
  alias: string;
  version: number;
  base_version: number | null;
  justification: string;
  state: string;
  requested_by: string;
  requested_by_user_id: string | null;
  created_at: number;
  decided_by: string | null;
  decided_by_user_id: string | null;
  decided_at: number | null;
  decision_reason: string | null;
  /** The evaluated gates as JSON (`GateResult[]`), recorded with the decision. */
  gate_results: string | null;
}

export interface ApprovalTables {
  protected_aliases: ProtectedAliasTable;
  approval_requests: ApprovalRequestTable;
}
