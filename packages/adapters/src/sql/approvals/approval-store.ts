/**
 * The approvals ports over the shared SQL transaction runner. Its writer is a registry
 * writer too, so an approval moves the alias in the transaction that records the decision.
 */
import { sql } from 'kysely';
import type { ApprovalReader, ApprovalRequest, ApprovalStore, ApprovalWriter } from '@cairn/core';
import type { PolicyGates } from '@cairn/core';
import { createPruneState } from '../idempotency-repository.ts';
import type { PruneState } from '../idempotency-repository.ts';
import { accessCondition } from '../identity/access-condition.ts';
import { createRegistryReader, createRegistryWriter } from '../registry/registry-store.ts';
import type { SqlScope, TransactionRunner, WriteScope } from '../transaction-runner.ts';
import type { ApprovalRequestTable, ProtectedAliasTable } from './approvals-schema.ts';

function toRequest(row: ApprovalRequestTable): ApprovalRequest {
  return {
    id: row.id,
    registeredModelId: row.registered_model_id,
    alias: row.alias,
    version: Number(row.version),
    baseVersion: row.base_version === null ? null : Number(row.base_version),
    justification: row.justification,
    state: row.state as ApprovalRequest['state'],
    requestedBy: row.requested_by,
    requestedByUserId: row.requested_by_user_id,
    createdAt: Number(row.created_at),
    decidedBy: row.decided_by,
    decidedByUserId: row.decided_by_user_id,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
    decisionReason: row.decision_reason,
    gateResults:
      row.gate_results === null
        ? null
        : (JSON.parse(row.gate_results) as ApprovalRequest['gateResults']),
  };
}

function toRule(row: ProtectedAliasTable) {
  return {
    registeredModelId: row.registered_model_id,
    alias: row.alias,
    gates: JSON.parse(row.gates) as PolicyGates,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  };
}

function createApprovalReader(scope: SqlScope): ApprovalReader {
  const { db } = scope;
  return {
    ...createRegistryReader(scope),
    async getProtectedAlias(registeredModelId, alias) {
      const row = await db
        .selectFrom('protected_aliases')
        .selectAll()
        .where('registered_model_id', '=', registeredModelId)
        .where('alias', '=', alias)
        .executeTakeFirst();
      return row === undefined ? undefined : toRule(row);
    },
    async listProtectedAliasRules(registeredModelId) {
      const rows = await db
        .selectFrom('protected_aliases')
        .selectAll()
        .where('registered_model_id', '=', registeredModelId)
        .orderBy('alias')
        .execute();
      return rows.map(toRule);
    },
    async getApprovalRequest(id) {
      const row = await db
        .selectFrom('approval_requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toRequest(row);
    },
    async listApprovalRequests(query) {
      let q = db.selectFrom('approval_requests').selectAll();
      if (query.registeredModelId !== undefined) {
        q = q.where('registered_model_id', '=', query.registeredModelId);
      }
      if (query.state !== undefined) q = q.where('state', '=', query.state);
      if (query.afterId !== undefined) q = q.where('id', '<', query.afterId);
      const { access } = query;
      if (access !== undefined) {
        q = q.where(() =>
          accessCondition(access, 'registered_model', sql`approval_requests.registered_model_id`),
        );
      }
      const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toRequest);
    },
  };
}

function createApprovalWriter(scope: WriteScope, pruneState: PruneState): ApprovalWriter {
  const { db } = scope;
  return {
    ...createRegistryWriter(scope, pruneState),
    ...createApprovalReader(scope),
    async putProtectedAlias(rule) {
      const values = {
        registered_model_id: rule.registeredModelId,
        alias: rule.alias,
        gates: JSON.stringify(rule.gates),
        created_by: rule.createdBy,
        created_at: rule.createdAt,
      };
      await db
        .insertInto('protected_aliases')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['registered_model_id', 'alias']).doUpdateSet({
            gates: values.gates,
            created_by: values.created_by,
            created_at: values.created_at,
          }),
        )
        .execute();
    },
    async deleteProtectedAlias(registeredModelId, alias) {
      await db
        .deleteFrom('protected_aliases')
        .where('registered_model_id', '=', registeredModelId)
        .where('alias', '=', alias)
        .execute();
    },
    async insertApprovalRequest(r) {
      await db
        .insertInto('approval_requests')
        .values({
          id: r.id,
          registered_model_id: r.registeredModelId,
          alias: r.alias,
          version: r.version,
          base_version: r.baseVersion,
          justification: r.justification,
          state: r.state,
          requested_by: r.requestedBy,
          requested_by_user_id: r.requestedByUserId,
          created_at: r.createdAt,
          decided_by: r.decidedBy,
          decided_by_user_id: r.decidedByUserId,
          decided_at: r.decidedAt,
          decision_reason: r.decisionReason,
          gate_results: r.gateResults === null ? null : JSON.stringify(r.gateResults),
        })
        .execute();
    },
    async decideApprovalRequest(id, d) {
      const result = await db
        .updateTable('approval_requests')
        .set({
          state: d.state,
          decided_by: d.decidedBy,
          decided_by_user_id: d.decidedByUserId,
          decided_at: d.decidedAt,
          decision_reason: d.decisionReason,
          gate_results: d.gateResults === null ? null : JSON.stringify(d.gateResults),
        })
        .where('id', '=', id)
        .where('state', '=', 'PENDING')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

/** Creates the approvals store. */
export function createApprovalStore(runner: TransactionRunner): ApprovalStore {
  const pruneState = createPruneState();
  return {
    read: (fn) => runner.read((scope) => fn(createApprovalReader(scope))),
    write: (fn) => runner.write((scope) => fn(createApprovalWriter(scope, pruneState))),
  };
}
