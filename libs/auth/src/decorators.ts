import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '@app/persistence';
import { Principal } from './principal';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** An endpoint anyone may call without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** An endpoint only these roles may call (any one of them). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export const ALLOW_PENDING = 'auth:allow-pending';

/** An endpoint an account with pending steps (password change, TOTP enrolment) may still call. */
export const AllowPending = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOW_PENDING, true);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest().principal,
);
