import { Inject, Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { appendAudit, refusedTarget, TimeSource } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreatedWebhookDto, CreateWebhookDto } from './webhook.dto';
import { toWebhookDto, WebhookRow } from './webhook-reader';

/** An administrator registers a receiver; the server makes its secret and shows it this once. */
@Injectable()
export class RegisterWebhook {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(principal: Principal, body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    // Loopback, link-local and private targets only for hosts the configuration allows (WEBHOOK_ALLOWED_HOSTS).
    const refused = await refusedTarget(body.url, this.config.webhookAllowedHosts);
    if (refused) throw DomainError.invalid([{ field: 'url', message: `${refused}; not allowed unless WEBHOOK_ALLOWED_HOSTS names the host` }]);
    // Standard Webhooks secret: whsec_ + base64 of 32 random bytes.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
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
