/** Event types of the approvals domain; every state transition appends one. */
export const ApprovalEvents = {
  protectedAliasSet: 'approvals.protected_alias.set',
  protectedAliasDeleted: 'approvals.protected_alias.deleted',
  requestCreated: 'approvals.request.created',
  requestApproved: 'approvals.request.approved',
  requestRejected: 'approvals.request.rejected',
  requestCancelled: 'approvals.request.cancelled',
  requestStale: 'approvals.request.stale',
  /** Not a transition: an approval attempt refused by its gates, with the evidence. */
  approvalBlocked: 'approvals.request.approval_blocked',
} as const;

export const APPROVAL_REQUEST_ENTITY = 'approval_request';
