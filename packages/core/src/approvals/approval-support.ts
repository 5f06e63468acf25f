/** What the approvals service's parts share: input checks, look-ups, events, staleness. */
import {
  CairnError,
  ErrorCategory,
  failedPrecondition,
  invalidArgument,
  notFound,
} from '../kernel/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import type { RegisteredModel } from '../registry/index.ts';
import { APPROVAL_REQUEST_ENTITY } from './approval-events.ts';
import { ApprovalState } from './entities.ts';
import type { ApprovalRequest } from './entities.ts';
import type { ApprovalReader, ApprovalWriter } from './ports.ts';

const MAX_JUSTIFICATION = 5000;
export const DEFAULT_PAGE = 100;

export function requestNotFound(id: string) {
  return notFound('approvals.request_not_found', `Approval request '${id}' not found.`, {
    details: { id },
  });
}

export function denied(code: string, message: string) {
  return new CairnError(ErrorCategory.PERMISSION_DENIED, code, message);
}

export function reasonText(value: unknown, field: string, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw invalidArgument('approvals.reason_required', `A ${field} is required.`);
    return null;
  }
  if (typeof value !== 'string' || value.length > MAX_JUSTIFICATION) {
    throw invalidArgument(
      'approvals.invalid_reason',
      `The ${field} is a string of at most ${MAX_JUSTIFICATION} characters.`,
    );
  }
  return value;
}

/** Time-ordered, so listing newest first is ordering by id. */
export function newRequestId(now: number): string {
  const random = Math.floor(Math.random() * 0xffffff)
    .toString(16)
    .padStart(6, '0');
  return `ar-${String(now).padStart(13, '0')}-${random}`;
}

export async function requireModel(reader: ApprovalReader, name: string): Promise<RegisteredModel> {
  const model = await reader.getRegisteredModel(name);
  if (model === undefined) {
    throw notFound('registry.model_not_found', `Registered Model with name=${name} not found`, {
      details: { name },
    });
  }
  return model;
}

export function appendRequestEvent(
  writer: ApprovalWriter,
  ctx: RequestContext,
  type: string,
  request: ApprovalRequest,
  name: string | null,
  time: number,
  extra: Record<string, unknown> = {},
) {
  return writer.appendEvent({
    type,
    entityType: APPROVAL_REQUEST_ENTITY,
    entityId: request.id,
    actor: ctx.actor,
    time,
    payload: {
      requestId: request.id,
      registeredModelId: request.registeredModelId,
      name,
      alias: request.alias,
      version: request.version,
      state: request.state,
      ...extra,
    },
  });
}

/** The request, checked PENDING (FAILED_PRECONDITION otherwise). */
export async function pendingRequest(reader: ApprovalReader, id: string): Promise<ApprovalRequest> {
  const request = await reader.getApprovalRequest(id);
  if (request === undefined) throw requestNotFound(id);
  if (request.state !== ApprovalState.PENDING) {
    throw failedPrecondition(
      'approvals.not_pending',
      `Approval request '${id}' is ${request.state}, not PENDING; it can no longer change.`,
      { details: { id, state: request.state } },
    );
  }
  return request;
}

/** Why a pending request no longer applies, or null when it still does. */
export async function staleness(reader: ApprovalReader, request: ApprovalRequest) {
  const model = await reader.getRegisteredModelById(request.registeredModelId);
  if (model === undefined) return 'the registered model was deleted';
  if ((await reader.getProtectedAlias(model.id, request.alias)) === undefined) {
    return `alias '${request.alias}' is no longer protected`;
  }
  if ((await reader.getModelVersion(model.id, request.version)) === undefined) {
    return `version ${request.version} was deleted`;
  }
  const current = (await reader.getAliasVersion(model.id, request.alias)) ?? null;
  if (current !== request.baseVersion) {
    return `alias '${request.alias}' moved from ${request.baseVersion ?? 'unset'} to ${current ?? 'unset'} since the request`;
  }
  return null;
}

export function lostRace(id: string) {
  return failedPrecondition(
    'approvals.not_pending',
    `Approval request '${id}' was decided concurrently; it is no longer PENDING.`,
    { details: { id } },
  );
}
