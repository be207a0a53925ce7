import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { appendAudit, TimeSource } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreatedWebhookDto, CreateWebhookDto } from './webhook.dto';
import { toWebhookDto, WebhookRow } from './webhook-reader';

/** An administrator registers a receiver; the server makes its secret and shows it this once. */
@Injectable()
export class RegisterWebhook {
  constructor(private readonly dataSource: DataSource, private readonly time: TimeSource) {}

  async execute(principal: Principal, body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const events = [...new Set(body.events)];
    return this.dataSource.transaction(async (manager) => {
      const [row]: WebhookRow[] = await manager.query(
        `INSERT INTO webhook_endpoints (url, events, secret, description, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, url, events, description, created_at, deleted_at`,
        [body.url, events, secret, body.description ?? null, principal.accountId],
      );
      // The audit names the endpoint, never its secret.
      await appendAudit(manager, {
        stream: `webhook:${row.id}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'webhook.register',
        data: { url: body.url, events },
        at: this.time.now(),
      });
      return { ...toWebhookDto(row), secret };
    });
  }
}
