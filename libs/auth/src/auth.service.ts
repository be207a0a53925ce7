import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { appendAudit, AccountEntity } from '@app/persistence';
import { verify as verifyJwt } from 'jsonwebtoken';
import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { Principal } from './principal';

const MAX_FAILURES = 10;
const LOCK_MS = 15 * 60 * 1000;

export const JWT_VERIFY_KEY = Symbol('JWT_VERIFY_KEY');

interface TokenClaims {
  sub: string;
  tv: number;
}

/** Login, logout and token checks. Errors never say whether an account exists. */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(JWT_VERIFY_KEY) private readonly verifyKey: KeyObject,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; expiresIn: number; roles: string[] }> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ username });
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (account && account.lockedUntil && account.lockedUntil.getTime() > Date.now()) {
      await this.audit(account.id, 'login.locked');
      throw new HttpException({ error: 'too-many-attempts', message: 'Too many attempts; try again later' }, HttpStatus.TOO_MANY_REQUESTS);
    }
    if (!account || !ok) {
      if (account) {
        await this.dataSource.query(
          `UPDATE accounts SET failed_logins = failed_logins + 1,
             locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + ($3 || ' milliseconds')::interval ELSE locked_until END
           WHERE id = $1`,
          [account.id, MAX_FAILURES, String(LOCK_MS)],
        );
        await this.audit(account.id, 'login.failed');
      }
      throw new UnauthorizedException({ error: 'invalid-credentials', message: 'Wrong username or password' });
    }
    await this.dataSource.query('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1', [account.id]);
    const accessToken = await this.jwt.signAsync({ sub: account.id, tv: account.tokenVersion } satisfies TokenClaims);
    const decoded = this.jwt.decode<{ exp: number; iat: number }>(accessToken);
    return { accessToken, expiresIn: decoded.exp - decoded.iat, roles: account.roles };
  }

  /** Ends every token of the account issued so far. */
  async logout(principal: Principal): Promise<void> {
    await this.dataSource.query('UPDATE accounts SET token_version = token_version + 1 WHERE id = $1', [principal.accountId]);
  }

  async verify(token: string): Promise<Principal> {
    let claims: TokenClaims;
    try {
      // Synchronous and with the key object built once: HMAC of a few hundred bytes, no key set-up per request.
      claims = verifyJwt(token, this.verifyKey, { algorithms: ['HS256'] }) as unknown as TokenClaims;
      if (typeof claims !== 'object' || typeof claims.sub !== 'string') throw new Error('no subject');
    } catch {
      throw new UnauthorizedException({ error: 'invalid-token', message: 'Invalid or expired token' });
    }
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id: claims.sub });
    if (!account || account.tokenVersion !== claims.tv) {
      throw new UnauthorizedException({ error: 'invalid-token', message: 'Invalid or expired token' });
    }
    return {
      accountId: account.id,
      username: account.username,
      roles: account.roles,
      enterpriseId: account.enterpriseId,
      regionCode: account.regionCode,
      conflictEnterpriseIds: account.conflictEnterpriseIds,
    };
  }

  private async audit(accountId: string, action: string): Promise<void> {
    await this.dataSource.transaction((m) =>
      appendAudit(m, { stream: `account:${accountId}`, actor: { accountId: null, role: 'anonymous' }, action, data: {}, at: new Date() }),
    );
  }
}
