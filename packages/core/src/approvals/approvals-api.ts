/** The approvals API: protected aliases and the requests that move them (four-eyes rule). */
import type { RequestContext } from '../kernel/index.ts';
import type { Paged } from '../tracking/index.ts';
import type { ApprovalRequest, ApprovalState, PolicyGates, ProtectedAlias } from './entities.ts';

/** A request as answered: with the model's current name (null once the model is deleted). */
export interface ApprovalRequestView extends ApprovalRequest {
  name: string | null;
}

export interface ProtectedAliasView extends ProtectedAlias {
  name: string;
  /** The version the alias points to now, if it is set. */
  version: number | null;
}

export interface ApprovalListOptions {
  name?: string | undefined;
  state?: ApprovalState | undefined;
  maxResults?: number | undefined;
  pageToken?: string | undefined;
}

export interface ApprovalsApi {
  /** Protects an alias (or replaces its gates). The caller needs MANAGE (route policy). */
  protectAlias(
    ctx: RequestContext,
    name: string,
    alias: string,
    gates?: Partial<PolicyGates>,
  ): Promise<ProtectedAliasView>;
  /** Lifts the protection; pending requests on the alias become STALE when acted on. */
  unprotectAlias(ctx: RequestContext, name: string, alias: string): Promise<void>;
  listProtectedAliases(ctx: RequestContext, name: string): Promise<ProtectedAliasView[]>;

  /** Asks for a protected alias to point to `version`. Needs EDIT on the model. */
  createRequest(
    ctx: RequestContext,
    input: { name: string; alias: string; version: number | string; justification: string },
  ): Promise<ApprovalRequestView>;
  getRequest(ctx: RequestContext, id: string): Promise<ApprovalRequestView>;
  /** Newest first; limited to models the caller may read. */
  listRequests(
    ctx: RequestContext,
    options: ApprovalListOptions,
  ): Promise<Paged<ApprovalRequestView>>;
  /**
   * Evaluates the gates, records them with the decision and moves the alias, all in one
   * transaction. Only an authenticated user other than the requester with MANAGE.
   */
  approve(ctx: RequestContext, id: string, reason?: string): Promise<ApprovalRequestView>;
  /** Same rights as `approve`; a reason is required. */
  reject(ctx: RequestContext, id: string, reason: string): Promise<ApprovalRequestView>;
  /** The requester only. */
  cancel(ctx: RequestContext, id: string, reason?: string): Promise<ApprovalRequestView>;
}
