/**
 * Storage of protected aliases and approval requests. The writer is also a registry writer,
 * so an approval moves the alias in the same transaction as the state change.
 */
import type { UnitOfWork } from '../kernel/index.ts';
import type { RegistryReader, RegistryWriter } from '../registry/index.ts';
import type { AccessFilter } from '../kernel/index.ts';
import type { ApprovalRequest, ApprovalState, ProtectedAlias } from './entities.ts';

export interface ApprovalQuery {
  registeredModelId?: string;
  state?: ApprovalState;
  /** Only requests on models this user may read (compiled into the query). */
  access?: AccessFilter;
  /** Newest first; resume after this request id. */
  afterId?: string;
  limit: number;
}

export interface ApprovalReader extends RegistryReader {
  getProtectedAlias(registeredModelId: string, alias: string): Promise<ProtectedAlias | undefined>;
  listProtectedAliasRules(registeredModelId: string): Promise<ProtectedAlias[]>;
  getApprovalRequest(id: string): Promise<ApprovalRequest | undefined>;
  listApprovalRequests(query: ApprovalQuery): Promise<ApprovalRequest[]>;
}

export interface ApprovalWriter extends ApprovalReader, RegistryWriter {
  /** Inserts or replaces the rule of one alias. */
  putProtectedAlias(rule: ProtectedAlias): Promise<void>;
  deleteProtectedAlias(registeredModelId: string, alias: string): Promise<void>;
  insertApprovalRequest(request: ApprovalRequest): Promise<void>;
  /**
   * Moves a request out of PENDING: a conditional update on the state, so of two
   * concurrent decisions exactly one sees `true`.
   */
  decideApprovalRequest(
    id: string,
    decision: Pick<
      ApprovalRequest,
      'state' | 'decidedBy' | 'decidedByUserId' | 'decidedAt' | 'decisionReason' | 'gateResults'
    >,
  ): Promise<boolean>;
}

export type ApprovalStore = UnitOfWork<ApprovalReader, ApprovalWriter>;
