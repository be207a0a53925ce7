import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { hostOf, isAllowedHost, isBlockedAddress } from '@app/persistence';
import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type SendResult = { ok: true; status: number } | { ok: false; error: string };

/** Thrown by the lookup when the name resolves to an address a webhook may not reach. */
const BLOCKED_CODE = 'EWEBHOOKBLOCKED';

/**
 * A DNS lookup that refuses loopback, link-local and private addresses. The socket connects to the address this
 * lookup returned, so a name that changes its answer between a check and the connection (DNS rebinding) still
 * cannot reach an inside address.
 */
function guardedLookup(allowed: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return (callback as (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void)(error, []);
      const list = addresses as LookupAddress[];
      const usable = isAllowedHost(hostname, allowed) ? list : list.filter((a) => !isBlockedAddress(a.address));
      if (!usable.length) {
        const refused = Object.assign(new Error(`${hostname} resolves only to loopback, link-local or private addresses`), { code: BLOCKED_CODE });
        return (callback as (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void)(refused, []);
      }
      if ((options as { all?: boolean }).all) return (callback as (e: null, a: LookupAddress[]) => void)(null, usable);
      return (callback as (e: null, a: string, f: number) => void)(null, usable[0].address, usable[0].family);
    });
  };
}

/**
 * One POST of a delivery, signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature:
 * HMAC-SHA256 of `id.timestamp.body`, so a receiver can refuse replays), with a time limit; redirects are not
 * followed (a 3xx is a failure). The target's address is checked when connecting: loopback, link-local and
 * private ranges are refused unless WEBHOOK_ALLOWED_HOSTS names the host. Any 2xx is success.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(delivery: { id: string; event: string; body: string }, endpoint: { url: string; secret: string }): Promise<SendResult> {
    const timeoutMs = this.config.webhooks.timeoutMs;
    const allowed = this.config.webhookAllowedHosts;
    const url = new URL(endpoint.url);
    const host = hostOf(endpoint.url);
    // An IP literal is connected to without a lookup, so it is judged here; a name is judged by the lookup.
    if (!isAllowedHost(host, allowed) && isIP(host) && isBlockedAddress(host)) {
      return { ok: false, error: `${host} is a loopback, link-local or private address (not in WEBHOOK_ALLOWED_HOSTS)` };
    }
    const timestamp = new Date();
    // The secret is `whsec_` + base64 of 32 random bytes (Node's decoder also reads older base64url secrets).
    const key = Buffer.from(endpoint.secret.replace(/^whsec_/, ''), 'base64').toString('base64');
    const signature = new Webhook(key).sign(delivery.id, timestamp, delivery.body);
    const options: RequestOptions = {
      method: 'POST',
      lookup: guardedLookup(allowed),
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(delivery.body),
        'User-Agent': 'subsidy-flow-webhooks/1',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
        'X-Delivery-Id': delivery.id,
        'X-Event': delivery.event,
      },
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<SendResult>((done) => {
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_WEBHOOK' })), timeoutMs);
      const resolve = (result: SendResult) => {
        clearTimeout(timer);
        done(result);
      };
      const req = send(url, options, (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: `HTTP ${status}` });
        });
        res.on('error', (e) => resolve({ ok: false, error: e.message.slice(0, 500) }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ETIMEDOUT_WEBHOOK') return resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
        if (e.code === BLOCKED_CODE) return resolve({ ok: false, error: e.message.slice(0, 500) });
        resolve({ ok: false, error: (e.code ?? e.message).slice(0, 500) });
      });
      req.end(delivery.body);
    });
  }
}
