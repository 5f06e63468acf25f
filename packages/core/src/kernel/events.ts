/**
 * Every state change is written with one event row in the same transaction (an outbox;
 * ARCHITECTURE §4). Reactions (audit, webhooks, triggers, live UI) read these rows.
 */
export interface NewEvent {
  /** Dotted, past tense, stable: `tracking.run.created`, `tracking.metrics.logged`. */
  type: string;
  /** The kind of entity changed: `experiment`, `run`, `logged_model`, `artifact`. */
  entityType: string;
  entityId: string;
  /** Who made the change: a user name, or `local` in single-user mode. */
  actor: string;
  /** Milliseconds since the epoch, from the domain's clock. */
  time: number;
  /** A small JSON summary of the change (never a whole batch of points). */
  payload: Record<string, unknown>;
}

export interface StoredEvent extends NewEvent {
  /** Monotonic position in the log, assigned by the store. */
  seq: number;
}

/** Appends events inside the caller's transaction. */
export interface EventAppender {
  appendEvent(event: NewEvent): Promise<void>;
}

/** Reads the event log in order (for reactors and tests). */
export interface EventReader {
  listEvents(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** The `seq` of the newest event, 0 when the log is empty (where a live reader starts). */
  lastSeq(): Promise<number>;
}
