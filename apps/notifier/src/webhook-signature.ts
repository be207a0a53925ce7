import { createHmac } from 'node:crypto';

/** The `X-Signature` header of a body: `sha256=` and the hex HMAC-SHA256 of the exact bytes sent. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
