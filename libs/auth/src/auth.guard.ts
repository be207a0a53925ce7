import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/domain';
import { Role } from '@app/persistence';
import { AuthService } from './auth.service';
import { SESSION_COOKIE, tokenOf } from './browser-session';
import { PendingStep } from './principal';
import { ALLOW_PENDING, IS_PUBLIC, ROLES } from './decorators';

const PENDING_REFUSALS: Record<PendingStep, () => DomainError> = {
  'password-change': () =>
    DomainError.because('password-change-required', 'Change your one-time password first (POST /api/v1/auth/password)'),
  'totp-enrolment': () =>
    DomainError.because(
      'totp-enrolment-required',
      'Set up your authenticator app first (POST /api/v1/auth/totp/enrolment, then …/confirmation)',
    ),
};

/**
 * Global guard: every endpoint needs a valid bearer token (or the browser's session cookie) unless marked `@Public()`, and the roles named by
 * `@Roles()`. A token after logout, expired, tampered or with another algorithm is a 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const given = tokenOf(request);
    if (!given) throw DomainError.because('missing-token', 'A bearer token or a session cookie is required');
    try {
      request.principal = await this.auth.verify(given.token);
    } catch (error) {
      // A stale session cookie is dropped, so the browser stops sending it (and a public page works again).
      if (given.via === 'cookie') context.switchToHttp().getResponse().clearCookie?.(SESSION_COOKIE, { path: '/' });
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.some((r) => request.principal.roles.includes(r))) {
      throw DomainError.because('wrong-role', `This needs one of the roles: ${roles.join(', ')}`);
    }
    const pending = request.principal.pending ?? [];
    if (pending.length && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING, targets)) {
      throw PENDING_REFUSALS[pending[0] as PendingStep]();
    }
    return true;
  }
}
