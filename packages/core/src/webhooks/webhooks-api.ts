/** The webhook use cases, as the MLflow layer and the v1 API call them. */
import type { RequestContext } from '../kernel/index.ts';
import type { Paged } from '../tracking/index.ts';
import type {
  DeliveryStatus,
  Webhook,
  WebhookDelivery,
  WebhookStatus,
  WebhookTestResult,
} from './entities.ts';

export interface CreateWebhookInput {
  name: string;
  url: string;
  events: string[];
  description?: string;
  /** Signs deliveries. When absent: none if `generateSecret` is false, else a fresh random one. */
  secret?: string;
  /** Cairn's API generates a secret when none is given; MLflow's leaves deliveries unsigned. */
  generateSecret?: boolean;
  status?: WebhookStatus;
}

export interface UpdateWebhookInput {
  name?: string;
  description?: string;
  url?: string;
  events?: string[];
  /** A new secret; `null` removes signing. */
  secret?: string | null;
  status?: WebhookStatus;
}

export interface CreatedWebhook {
  webhook: Webhook;
  /** The signing secret, returned this once (null when deliveries are unsigned). */
  secret: string | null;
}

export interface WebhookPageRequest {
  maxResults?: number;
  pageToken?: string;
}

export interface WebhooksApi {
  createWebhook(ctx: RequestContext, input: CreateWebhookInput): Promise<CreatedWebhook>;
  getWebhook(ctx: RequestContext, webhookId: string): Promise<Webhook>;
  listWebhooks(ctx: RequestContext, page: WebhookPageRequest): Promise<Paged<Webhook>>;
  updateWebhook(
    ctx: RequestContext,
    webhookId: string,
    input: UpdateWebhookInput,
  ): Promise<Webhook>;
  deleteWebhook(ctx: RequestContext, webhookId: string): Promise<void>;
  /**
   * Sends one example delivery of `event` (default: the webhook's first event) now, signed
   * like real ones, and reports the receiver's answer. Not retried, not logged.
   */
  testWebhook(ctx: RequestContext, webhookId: string, event?: string): Promise<WebhookTestResult>;
  listDeliveries(
    ctx: RequestContext,
    webhookId: string,
    page: WebhookPageRequest & { status?: DeliveryStatus },
  ): Promise<Paged<WebhookDelivery>>;
  getDelivery(ctx: RequestContext, webhookId: string, deliveryId: string): Promise<WebhookDelivery>;
}
