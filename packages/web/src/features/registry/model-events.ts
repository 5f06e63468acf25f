/** The live events of a model's pages: which types matter, and which are about one model. */
import type { StoredEvent } from '@cairn/sdk';

/** Registry and approval events that change what the model page shows. */
export const MODEL_PAGE_EVENTS = [
  'registry.registered_model.updated',
  'registry.registered_model.tag_set',
  'registry.registered_model.tag_deleted',
  'registry.model_version.created',
  'registry.model_version.updated',
  'registry.model_version.deleted',
  'registry.model_version.stage_transitioned',
  'registry.alias.set',
  'registry.alias.deleted',
  'approvals.protected_alias.set',
  'approvals.protected_alias.deleted',
  'approvals.request.created',
  'approvals.request.approved',
  'approvals.request.rejected',
  'approvals.request.cancelled',
  'approvals.request.stale',
] as const;

/** True when `event` is about the model named `name` (registry payloads carry the name). */
export function isAboutModel(event: StoredEvent, name: string): boolean {
  return event.payload['name'] === name;
}
