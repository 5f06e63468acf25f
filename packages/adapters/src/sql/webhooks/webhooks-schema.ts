/** Tables of webhooks and comments (migration `0005_webhooks_comments`). */

export interface WebhookTable {
  id: string;
  name: string;
  description: string;
  url: string;
  /** JSON array of subscribed event names. */
  events: string;
  /** The HMAC key deliveries are signed with; null for unsigned deliveries. */
  secret: string | null;
  status: string;
  created_by: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

/** The dispatcher's position in the event log (one row, `name = 'webhooks'`). */
export interface WebhookDispatchCursorTable {
  name: string;
  last_seq: number;
}

export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event_seq: number;
  event_type: string;
  matched_event: string;
  payload: string;
  status: string;
  attempt_count: number;
  /** Due time of the next attempt, or the end of the current lease; null when finished. */
  next_attempt_at: number | null;
  created_at: number;
}

export interface WebhookDeliveryAttemptTable {
  delivery_id: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

/** A comment on a run or a model version; deleted comments keep their row (soft delete). */
export interface CommentTable {
  id: string;
  target_type: string;
  /** The run id, or `<registeredModelId>/<version>`. */
  target_id: string;
  author: string;
  body: string;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  deleted_by: string | null;
}

/** Earlier bodies of an edited comment, oldest first. */
export interface CommentRevisionTable {
  comment_id: string;
  revision: number;
  body: string;
  /** When this body was written (creation or an edit). */
  written_at: number;
  replaced_at: number;
  replaced_by: string;
}

export interface WebhookCommentTables {
  webhooks: WebhookTable;
  webhook_dispatch_cursor: WebhookDispatchCursorTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptTable;
  comments: CommentTable;
  comment_revisions: CommentRevisionTable;
}
