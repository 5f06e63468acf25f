export {
  CairnError,
  ErrorCategory,
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  isCairnError,
  notFound,
  resourceExhausted,
} from './errors.ts';
export type { CairnErrorOptions } from './errors.ts';
export { newLoggedModelId, newOpaqueId, newRunId } from './ids.ts';
export { createManualClock, systemClock } from './clock.ts';
export type { Clock } from './clock.ts';
export type { EventAppender, EventReader, NewEvent, StoredEvent } from './events.ts';
export type { RequestContext, UnitOfWork } from './unit-of-work.ts';
export type { AccessFilter, CredentialScope, Principal } from './principal.ts';
