import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { JwtService } from '@nestjs/jwt';
import { appendAudit, AccountEntity, TimeSource, updateReturning } from '@app/persistence';
import { verify as verifyJwt } from 'jsonwebtoken';
import { KeyObject } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccountCache } from './account-cache';
import { Language } from './language';
import {
  clearLoginFailures,
  loginWait,
  recordLoginFailure,
  throttleKeys,
  TooManyAttempts,
} from './login-throttle';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { PendingStep, Principal } from './principal';
import { checkTotp, needsTotp, recoveryCodeHash } from './second-factor';

export const JWT_VERIFY_KEY = Symbol('JWT_VERIFY_KEY');

interface TokenClaims {
  sub: string;
  tv: number;
}

export interface LoginOptions {
  /** The current code of the account's authenticator app (required once TOTP is enabled). */
  totp?: string;
  /** Instead of a code: one of the account's unused recovery codes. */
  recoveryCode?: string;
  /** The client address (per-address delays). */
  address?: string | null;
  language?: Language;
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  roles: string[];
  /** Steps the account must take before anything else is allowed (password change, TOTP enrolment). */
  pending: PendingStep[];
}

// Domain errors, not HTTP exceptions: the edge maps them (a 401 each, by the error-code catalogue).
const invalidCredentials = () => DomainError.because('invalid-credentials', 'Wrong username or password');
const invalidToken = () => DomainError.because('invalid-token', 'Invalid or expired token');

/** What an account must still do before it may use anything but its own security settings. */
export function pendingSteps(
  account: Pick<AccountEntity, 'mustChangePassword' | 'roles' | 'totpEnabledAt'>,
): PendingStep[] {
  const steps: PendingStep[] = [];
  if (account.mustChangePassword) steps.push('password-change');
  if (needsTotp(account.roles) && !account.totpEnabledAt) steps.push('totp-enrolment');
  return steps;
}

/**
 * Login, logout and token checks. Unknown and wrong answer alike (same status, body and delays: failures are
 * counted per username whether or not it exists, and per client address). Once TOTP is enabled, a password
 * alone is not enough.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly time: TimeSource,
    @Inject(JWT_VERIFY_KEY) private readonly verifyKey: KeyObject,
    private readonly accounts: AccountCache,
  ) {}

  async login(username: string, password: string, options: LoginOptions = {}): Promise<LoginResult> {
    const manager = this.dataSource.manager;
    const now = this.time.now();
    const keys = throttleKeys(username, options.address);
    const waitMs = await loginWait(manager, keys, now);
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ username });
    if (waitMs > 0) {
      if (account) await this.audit(account.id, 'login.delayed', { waitMs });
      throw new TooManyAttempts(Math.ceil(waitMs / 1000), options.language ?? 'zh-CN');
    }
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok) {
      await recordLoginFailure(manager, keys, now);
      if (account) await this.audit(account.id, 'login.failed', {});
      throw invalidCredentials();
    }
    if (account.totpEnabledAt && account.totpSecret) await this.secondFactor(account, options, keys, now);
    await clearLoginFailures(manager, keys);
    const accessToken = await this.jwt.signAsync({
      sub: account.id,
      tv: account.tokenVersion,
    } satisfies TokenClaims);
    const decoded = this.jwt.decode<{ exp: number; iat: number }>(accessToken);
    return {
      accessToken,
      expiresIn: decoded.exp - decoded.iat,
      roles: account.roles,
      pending: pendingSteps(account),
    };
  }

  /** The code of the authenticator app, or one recovery code (used up here). Each outcome is audited. */
  private async secondFactor(
    account: AccountEntity,
    options: LoginOptions,
    keys: ReturnType<typeof throttleKeys>,
    now: Date,
  ): Promise<void> {
    if (!options.totp && !options.recoveryCode) {
      throw DomainError.because('totp-required', 'Enter the code of your authenticator app (or a recovery code)');
    }
    let passed: boolean;
    let method: 'totp' | 'recovery-code';
    if (options.recoveryCode) {
      method = 'recovery-code';
      const used = await updateReturning(
        this.dataSource,
        `UPDATE account_recovery_codes SET used_at = now() WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
        [account.id, recoveryCodeHash(options.recoveryCode)],
      );
      passed = used.length === 1;
    } else {
      method = 'totp';
      passed = checkTotp(account.totpSecret as string, options.totp as string);
    }
    if (!passed) {
      await recordLoginFailure(this.dataSource.manager, keys, now);
      await this.audit(account.id, 'login.second-factor-failed', { method });
      throw DomainError.because('invalid-second-factor', 'Wrong or used code');
    }
    await this.audit(account.id, 'login.second-factor-passed', { method });
  }

  /** Ends every token of the account issued so far. */
  async logout(principal: Principal): Promise<void> {
    await this.dataSource.query('UPDATE accounts SET token_version = token_version + 1 WHERE id = $1', [
      principal.accountId,
    ]);
    this.accounts.evict(principal.accountId);
  }

  async verify(token: string): Promise<Principal> {
    let claims: TokenClaims;
    try {
      // Synchronous and with the key object built once: HMAC of a few hundred bytes, no key set-up per request.
      claims = verifyJwt(token, this.verifyKey, { algorithms: ['HS256'] }) as unknown as TokenClaims;
      if (typeof claims !== 'object' || typeof claims.sub !== 'string') throw new Error('no subject');
    } catch {
      throw invalidToken();
    }
    // Cached for a few seconds at most, forgotten as soon as the row changes (account-cache.ts).
    const account = await this.accounts.get(claims.sub);
    if (!account || account.tokenVersion !== claims.tv) {
      throw invalidToken();
    }
    return {
      accountId: account.id,
      username: account.username,
      roles: account.roles,
      enterpriseId: account.enterpriseId,
      regionCode: account.regionCode,
      conflictEnterpriseIds: account.conflictEnterpriseIds,
      pending: pendingSteps(account),
    };
  }

  private async audit(
    accountId: string,
    action: string,
    data: Record<string, unknown>,
    manager?: EntityManager,
  ): Promise<void> {
    const write = (m: EntityManager) =>
      appendAudit(m, {
        stream: `account:${accountId}`,
        actor: { accountId: null, role: 'anonymous' },
        action,
        data,
        at: this.time.now(),
      });
    await (manager ? write(manager) : this.dataSource.transaction(write));
  }
}
