import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, TimeSource, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';

/**
 * Removes a receiver: no new deliveries, and its pending ones are cancelled when their job comes. The row
 * stays for the history of its deliveries.
 */
@Injectable()
export class RemoveWebhook {
  constructor(private readonly dataSource: DataSource, private readonly time: TimeSource) {}

  async execute(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows = await updateReturning(
        manager,
        'UPDATE webhook_endpoints SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id',
        [id],
      );
      if (!rows.length) throw DomainError.notFound('webhook');
      await appendAudit(manager, {
        stream: `webhook:${id}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'webhook.remove',
        data: {},
        at: this.time.now(),
      });
    });
  }
}
