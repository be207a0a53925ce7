import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { webhookSignature } from './webhook-signature';

export type SendResult = { ok: true; status: number } | { ok: false; error: string };

/**
 * One POST of a delivery: signed, with a time limit, redirects not followed (a 3xx is a failure: the
 * administrator registered this URL, not wherever it points). Any 2xx is success.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(delivery: { id: string; event: string; body: string }, endpoint: { url: string; secret: string }): Promise<SendResult> {
    const timeoutMs = this.config.webhooks.timeoutMs;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'subsidy-flow-webhooks/1',
          'X-Delivery-Id': delivery.id,
          'X-Event': delivery.event,
          'X-Signature': webhookSignature(endpoint.secret, delivery.body),
        },
        body: delivery.body,
      });
      // Drain the body so the connection is released; its content is the receiver's business.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, error: `HTTP ${response.status}` };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, error: `no answer within ${timeoutMs} ms` };
      return { ok: false, error: (e.cause?.code ?? e.cause?.message ?? e.message).slice(0, 500) };
    }
  }
}
