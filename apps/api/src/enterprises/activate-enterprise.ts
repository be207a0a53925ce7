import { Injectable } from '@nestjs/common';
import { hashPassword, Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { JobName } from '@app/contracts';
import { appendAudit, enqueue, TimeSource, updateReturning } from '@app/persistence';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** How long an activation code is good for. */
export const ACTIVATION_DAYS = 30;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * Accounts for enterprises the bureau already knows (a 免申即享 import creates them without one): an
 * administrator issues a one-time code, sent out of band, and the enterprise opens its account with it. A
 * credit code alone never opens an account: it is public.
 */
@Injectable()
export class ActivateEnterprise {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async issue(admin: Principal, enterpriseId: string): Promise<{ code: string; expiresAt: string }> {
    const code = Array.from(randomBytes(12), (b) => ALPHABET[b % ALPHABET.length]).join('');
    const expiresAt = new Date(this.time.now().getTime() + ACTIVATION_DAYS * 86_400_000);
    await this.dataSource.transaction(async (manager) => {
      const [row]: { has_account: boolean }[] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM accounts WHERE enterprise_id = e.id) AS has_account FROM enterprises e WHERE e.id = $1`,
        [enterpriseId],
      );
      if (!row) throw DomainError.notFound('enterprise');
      if (row.has_account) throw DomainError.conflict('this enterprise has an account already');
      await manager.query(
        `INSERT INTO enterprise_activations (enterprise_id, code_hash, expires_at, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (enterprise_id) DO UPDATE SET code_hash = $2, expires_at = $3, created_by = $4, used_at = NULL, created_at = now()`,
        [enterpriseId, hash(code), expiresAt, admin.accountId],
      );
      await appendAudit(manager, {
        stream: `enterprise:${enterpriseId}`,
        actor: { accountId: admin.accountId, role: primaryRole(admin) },
        action: 'activation.issued',
        data: { expiresAt: expiresAt.toISOString() },
        at: this.time.now(),
      });
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  async activate(creditCode: string, code: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const [row] = await updateReturning<{ enterprise_id: string; name: string }>(
        manager,
        `UPDATE enterprise_activations a SET used_at = now()
           FROM enterprises e
          WHERE e.id = a.enterprise_id AND e.credit_code = $1 AND a.code_hash = $2 AND a.used_at IS NULL AND a.expires_at > $3
        RETURNING a.enterprise_id, e.name`,
        [creditCode, hash(code.trim().toUpperCase()), this.time.now()],
      );
      // One answer for every failure: it must not tell which credit codes have a pending code.
      if (!row) throw DomainError.invalid([{ field: 'code', message: 'this activation code is not valid for this credit code' }]);
      const [account]: { id: string }[] = await manager.query(
        `INSERT INTO accounts (username, password_hash, display_name, roles, enterprise_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [creditCode, passwordHash, row.name, ['enterprise'], row.enterprise_id],
      );
      if (!account) throw DomainError.conflict('this enterprise has an account already');
      await appendAudit(manager, {
        stream: `enterprise:${row.enterprise_id}`,
        actor: { accountId: account.id, role: 'enterprise' },
        action: 'enterprise.activated',
        data: {},
        at: this.time.now(),
      });
      // Offers made before the account existed reached nobody: tell the new account of each open one now (the
      // notifier writes each message once per account and transition, with the confirmation deadline).
      const offers: { transition_id: string }[] = await manager.query(
        `SELECT (SELECT t.id FROM transitions t WHERE t.application_id = a.id AND t.to_status = a.status ORDER BY t.seq DESC LIMIT 1) AS transition_id
           FROM applications a WHERE a.enterprise_id = $1 AND a.status = 'awaiting_confirmation'`,
        [row.enterprise_id],
      );
      for (const offer of offers) {
        if (offer.transition_id) await enqueue(manager, { name: JobName.NotifyTransition, data: { transitionId: offer.transition_id } });
      }
    });
  }
}
