export { createEgressClient } from './egress-client.ts';
export type {
  EgressClient,
  EgressOptions,
  EgressRequest,
  EgressResponse,
  HostResolver,
} from './egress-client.ts';
export { classifyAddress } from './address-policy.ts';
export type { BlockedReason } from './address-policy.ts';
export { createEgressWebhookTransport } from './webhook-transport.ts';
