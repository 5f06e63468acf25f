/** Protected aliases and approval requests: the four-eyes promotion of model versions. */
import type { Transport } from './http-transport.ts';
import type { Page } from './wire-types.ts';

export type ApprovalState = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'STALE';

export interface MetricGate {
  key: string;
  op: '>=' | '>' | '<=' | '<' | '==';
  threshold: number;
}

export interface PolicyGates {
  metrics: MetricGate[];
  tags: { key: string; value: string }[];
  modelCardComplete: boolean;
}

export interface ProtectedAlias {
  registeredModelId: string;
  name: string;
  alias: string;
  /** Where the alias points now (null: unset). */
  version: number | null;
  gates: PolicyGates;
  createdBy: string;
  createdAt: number;
}

/** One gate as evaluated at approval time: the recorded evidence. */
export interface GateResult {
  gate: 'metric' | 'tag' | 'model_card';
  requirement: string;
  passed: boolean;
  observed: string | null;
}

export interface ApprovalRequest {
  id: string;
  registeredModelId: string;
  /** The model's current name (null once deleted). */
  name: string | null;
  alias: string;
  version: number;
  baseVersion: number | null;
  justification: string;
  state: ApprovalState;
  requestedBy: string;
  requestedByUserId: string | null;
  createdAt: number;
  decidedBy: string | null;
  decidedByUserId: string | null;
  decidedAt: number | null;
  decisionReason: string | null;
  gateResults: GateResult[] | null;
}

export interface ApprovalListOptions {
  name?: string;
  state?: ApprovalState;
  maxResults?: number;
  pageToken?: string;
}

export interface ApprovalsClient {
  /** Protects an alias (MANAGE on the model), or replaces its gates. */
  protectAlias(name: string, alias: string, gates?: Partial<PolicyGates>): Promise<ProtectedAlias>;
  unprotectAlias(name: string, alias: string): Promise<void>;
  listProtectedAliases(name: string): Promise<ProtectedAlias[]>;
  /** Asks for a protected alias to point to `version` (EDIT on the model). */
  request(input: {
    name: string;
    alias: string;
    version: number;
    justification: string;
  }): Promise<ApprovalRequest>;
  get(id: string): Promise<ApprovalRequest>;
  /** Newest first, only requests on models the caller may read. */
  list(options?: ApprovalListOptions): Promise<Page<ApprovalRequest>>;
  /** Another user than the requester, with MANAGE; gates are evaluated and recorded. */
  approve(id: string, reason?: string): Promise<ApprovalRequest>;
  reject(id: string, reason: string): Promise<ApprovalRequest>;
  /** The requester only. */
  cancel(id: string, reason?: string): Promise<ApprovalRequest>;
}

export function createApprovalsClient(transport: Transport): ApprovalsClient {
  const model = (name: string) => `/registered-models/${encodeURIComponent(name)}`;
  const one = (id: string) => `/approvals/${encodeURIComponent(id)}`;
  const withReason = (reason: string | undefined) => (reason === undefined ? {} : { reason });
  return {
    protectAlias: (name, alias, gates = {}) =>
      transport.json({
        method: 'PUT',
        path: `${model(name)}/protected-aliases/${encodeURIComponent(alias)}`,
        json: gates,
      }),
    async unprotectAlias(name, alias) {
      await transport.json({
        method: 'DELETE',
        path: `${model(name)}/protected-aliases/${encodeURIComponent(alias)}`,
      });
    },
    async listProtectedAliases(name) {
      const body = await transport.json<{ protectedAliases: ProtectedAlias[] }>({
        method: 'GET',
        path: `${model(name)}/protected-aliases`,
      });
      return body.protectedAliases;
    },
    request: (input) => transport.json({ method: 'POST', path: '/approvals', json: input }),
    get: (id) => transport.json({ method: 'GET', path: one(id) }),
    list: (options = {}) =>
      transport.json({ method: 'GET', path: '/approvals', query: { ...options } }),
    approve: (id, reason) =>
      transport.json({ method: 'POST', path: `${one(id)}/approve`, json: withReason(reason) }),
    reject: (id, reason) =>
      transport.json({ method: 'POST', path: `${one(id)}/reject`, json: { reason } }),
    cancel: (id, reason) =>
      transport.json({ method: 'POST', path: `${one(id)}/cancel`, json: withReason(reason) }),
  };
}
