import { Module } from '@nestjs/common';
import { AccountSecurity } from '@app/auth';
import { AuthController } from './auth.controller';
import { AccountSecurityController } from './account-security.controller';

/** Login, sessions and an account's own security (password, TOTP); the guard and the service are `@app/auth`'s. */
@Module({
  controllers: [AuthController, AccountSecurityController],
  providers: [AccountSecurity],
})
export class AuthEndpointsModule {}
