import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { appendAudit, TimeSource, updateReturning } from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { AccountCache } from './account-cache';
import { hashPassword, verifyPassword } from './passwords';
import { Principal, primaryRole } from './principal';
import { checkTotp, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpUri } from './second-factor';

/** A person's own security settings: their password and their TOTP second factor. Every change is audited. */
@Injectable()
export class AccountSecurity {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly accounts: AccountCache,
  ) {}

  /** Replaces the password (the current one proves it is you); a one-time password stops being one. */
  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    if (current === next) throw DomainError.invalid([{ field: 'newPassword', message: 'must differ from the current password' }]);
    const [account]: { password_hash: string }[] = await this.dataSource.query('SELECT password_hash FROM accounts WHERE id = $1', [principal.accountId]);
    if (!account || !(await verifyPassword(current, account.password_hash))) {
      throw DomainError.invalid([{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    const hash = await hashPassword(next);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE accounts SET password_hash = $2, must_change_password = false WHERE id = $1', [principal.accountId, hash]);
      await this.audit(manager, principal, 'password.changed', {});
    });
    this.accounts.evict(principal.accountId);
  }

  /** Starts (or restarts) enrolment: a new secret and its otpauth:// URL, not in force until confirmed. */
  async startEnrolment(principal: Principal): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    return this.dataSource.transaction(async (manager) => {
      const rows = await updateReturning(
        manager,
        'UPDATE accounts SET totp_secret = $2 WHERE id = $1 AND totp_enabled_at IS NULL RETURNING id',
        [principal.accountId, secret],
      );
      if (!rows.length) throw DomainError.conflict('your authenticator app is set up already');
      await this.audit(manager, principal, 'totp.enrolment-started', {});
      return { secret, otpauthUrl: totpUri(principal.username, secret) };
    });
  }

  /** A first code from the app turns TOTP on; the recovery codes are shown this once (only hashes are kept). */
  async confirmEnrolment(principal: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const [account]: { totp_secret: string | null; totp_enabled_at: Date | null }[] = await manager.query(
        'SELECT totp_secret, totp_enabled_at FROM accounts WHERE id = $1 FOR UPDATE',
        [principal.accountId],
      );
      if (account?.totp_enabled_at) throw DomainError.conflict('your authenticator app is set up already');
      if (!account?.totp_secret) throw DomainError.conflict('start the enrolment first');
      if (!checkTotp(account.totp_secret, code)) return null;
      const recoveryCodes = await this.replaceRecoveryCodes(manager, principal.accountId);
      await manager.query('UPDATE accounts SET totp_enabled_at = now() WHERE id = $1', [principal.accountId]);
      await this.audit(manager, principal, 'totp.enabled', { recoveryCodes: recoveryCodes.length });
      return { recoveryCodes };
    });
    this.accounts.evict(principal.accountId);
    if (result) return result;
    await this.dataSource.transaction((manager) => this.audit(manager, principal, 'totp.confirmation-failed', {}));
    throw DomainError.invalid([{ field: 'code', message: 'is not the current code of your authenticator app' }]);
  }

  /** New recovery codes (the old ones stop working), proven by a current code. */
  async renewRecoveryCodes(principal: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const [account]: { totp_secret: string | null; totp_enabled_at: Date | null }[] = await manager.query(
        'SELECT totp_secret, totp_enabled_at FROM accounts WHERE id = $1 FOR UPDATE',
        [principal.accountId],
      );
      if (!account?.totp_enabled_at || !account.totp_secret) throw DomainError.conflict('set up your authenticator app first');
      if (!checkTotp(account.totp_secret, code)) {
        throw DomainError.invalid([{ field: 'code', message: 'is not the current code of your authenticator app' }]);
      }
      const recoveryCodes = await this.replaceRecoveryCodes(manager, principal.accountId);
      await this.audit(manager, principal, 'totp.recovery-codes-renewed', { recoveryCodes: recoveryCodes.length });
      return { recoveryCodes };
    });
  }

  private async replaceRecoveryCodes(manager: EntityManager, accountId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await manager.query('DELETE FROM account_recovery_codes WHERE account_id = $1', [accountId]);
    await manager.query(
      'INSERT INTO account_recovery_codes (account_id, code_hash) SELECT $1, unnest($2::char(64)[])',
      [accountId, codes.map(recoveryCodeHash)],
    );
    return codes;
  }

  private audit(manager: EntityManager, principal: Principal, action: string, data: Record<string, unknown>): Promise<void> {
    return appendAudit(manager, {
      stream: `account:${principal.accountId}`,
      actor: { accountId: principal.accountId, role: primaryRole(principal) },
      action,
      data,
      at: this.time.now(),
    });
  }
}
