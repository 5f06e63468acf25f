/**
 * The audit trail over HTTP: the event log with filters, the latest signed checkpoint,
 * inclusion and consistency proofs for auditors, and a full verification (admin).
 * Policies for the access helper's coverage test: `POST /audit/verify` admin only; the
 * other audit routes any authenticated user (the log is governance data, READ for all).
 */
import { z } from 'zod';
import { CairnError, ErrorCategory, notFound } from '@cairn/core';
import type { AuditApi } from '@cairn/core';
import { defineRoute, jsonResponse, type AnyApiRoute, type V1Deps } from './api-route.ts';
import { pageOf, storedEventSchema } from './entity-schemas.ts';
import { component } from './component-registry.ts';
import {
  boundedInt,
  emptyBodySchema,
  idSchema,
  keySchema,
  pageTokenSchema,
} from './input-schemas.ts';

const tag = 'Audit';
const hexHash = z.string().regex(/^[0-9a-f]{64}$/);
const size = boundedInt(0, Number.MAX_SAFE_INTEGER);

const checkpointSchema = component(
  'AuditCheckpoint',
  z.object({
    treeSize: z.number().int(),
    rootHash: hexHash,
    time: z.number().int(),
    keyId: z.string(),
    signature: z.string().describe('Base64 Ed25519 signature over the checkpoint text.'),
  }),
  'A signed tree head: the Merkle root over the first `treeSize` events.',
);

const verificationSchema = component(
  'AuditVerification',
  z.object({
    ok: z.boolean(),
    treeSize: z.number().int(),
    checkedEntries: z.number().int(),
    checkpointSize: z.number().int(),
    firstBadSeq: z.number().int().optional(),
    lastSuspectSeq: z.number().int().optional(),
    reason: z.string().optional(),
    message: z.string().optional(),
  }),
  'The result of checking every event against its leaf and every signed checkpoint.',
);

const publicKeySchema = component(
  'AuditPublicKey',
  z.object({ keyId: z.string(), publicKey: z.string().describe('Base64 raw Ed25519 key.') }),
);

function auditOf(deps: V1Deps): AuditApi {
  if (deps.audit === undefined) {
    throw new CairnError(
      ErrorCategory.FAILED_PRECONDITION,
      'audit.not_configured',
      'This server has no audit signing key configured.',
    );
  }
  return deps.audit;
}

export const auditRoutes: readonly AnyApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/audit/log',
    operationId: 'listAuditLog',
    tag,
    summary: 'Read the audit log with filters',
    description:
      'Events oldest first, or newest first with `order=desc`; a page token continues in ' +
      'the order it was issued for. `since`/`until` are milliseconds since the epoch ' +
      '(inclusive); `entityId` needs `entityType`.',
    query: z.object({
      since: size.optional(),
      until: size.optional(),
      actor: keySchema.optional(),
      entityType: keySchema.optional(),
      entityId: idSchema.optional(),
      type: keySchema.optional(),
      maxResults: boundedInt(1, 1_000).default(100),
      pageToken: pageTokenSchema.optional(),
      order: z
        .enum(['asc', 'desc'])
        .default('asc')
        .describe('By sequence number: `asc` oldest first (the default), `desc` newest first.'),
    }),
    response: jsonResponse(pageOf(storedEventSchema), 'One page of the log.'),
    handle: ({ query }, { deps }) => {
      const { maxResults, pageToken, order, ...filter } = query;
      return auditOf(deps).searchLog(filter, { maxResults, pageToken, order });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/audit/verify',
    operationId: 'verifyAuditLog',
    tag,
    summary: 'Verify the whole audit log (admin)',
    description:
      'Recomputes every leaf from its event, compares it with the stored leaf, and rebuilds ' +
      'the Merkle root at every signed checkpoint. `firstBadSeq` names the first bad entry.',
    body: emptyBodySchema,
    response: jsonResponse(verificationSchema, 'The verification result (ok or not).'),
    handle: (_input, { deps }) => auditOf(deps).verify(),
  }),
  defineRoute({
    method: 'GET',
    path: '/audit/checkpoints/latest',
    operationId: 'getLatestAuditCheckpoint',
    tag,
    summary: 'The latest signed checkpoint',
    response: jsonResponse(checkpointSchema, 'The checkpoint.'),
    errors: [404],
    handle: async (_input, { deps }) => {
      const checkpoint = await auditOf(deps).latestCheckpoint();
      if (checkpoint === undefined) {
        throw notFound('audit.no_checkpoint', 'No checkpoint has been signed yet.');
      }
      return checkpoint;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/audit/key',
    operationId: 'getAuditPublicKey',
    tag,
    summary: 'The public key checkpoints are signed with',
    response: jsonResponse(publicKeySchema, 'The key and its id.'),
    handle: (_input, { deps }) => Promise.resolve(auditOf(deps).publicKey()),
  }),
  defineRoute({
    method: 'GET',
    path: '/audit/proof/{seq}',
    operationId: 'getAuditInclusionProof',
    tag,
    summary: 'Inclusion proof of one event in the latest checkpoint',
    params: z.object({ seq: boundedInt(1, Number.MAX_SAFE_INTEGER) }),
    response: jsonResponse(
      z.object({
        seq: z.number().int(),
        leafIndex: z.number().int(),
        treeSize: z.number().int(),
        leafHash: hexHash,
        proof: z.array(hexHash).describe('RFC 6962 audit path, leaf to root.'),
        checkpoint: checkpointSchema,
      }),
      'The proof and the checkpoint it leads to.',
    ),
    errors: [404],
    handle: ({ params }, { deps }) => auditOf(deps).inclusionProof(params.seq),
  }),
  defineRoute({
    method: 'GET',
    path: '/audit/consistency',
    operationId: 'getAuditConsistencyProof',
    tag,
    summary: 'Consistency proof between two tree sizes',
    description:
      'Shows the log of `from` entries is a prefix of the log of `to` entries (RFC 6962 §2.1.2).',
    query: z.object({ from: size, to: size }),
    response: jsonResponse(
      z.object({ fromSize: z.number().int(), toSize: z.number().int(), proof: z.array(hexHash) }),
      'The proof.',
    ),
    handle: ({ query }, { deps }) => auditOf(deps).consistencyProof(query.from, query.to),
  }),
];
