/** The webhook domain's outbound port over the egress guard. */
import type { WebhookTransport } from '@cairn/core';
import type { EgressClient } from './egress-client.ts';

export function createEgressWebhookTransport(egress: EgressClient): WebhookTransport {
  return {
    checkUrl: (url) => egress.checkUrl(url),
    async post(url, headers, body) {
      const response = await egress.request({ url, method: 'POST', headers, body });
      return { status: response.status, body: new TextDecoder().decode(response.body) };
    },
  };
}
