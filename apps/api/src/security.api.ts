import { AccountSecurity } from '@app/auth';
import { AccountSecurityController } from './auth/account-security.controller';

/** The security features' controllers and providers, listed once for the API module. */
export const SECURITY_CONTROLLERS = [AccountSecurityController];
export const SECURITY_PROVIDERS = [AccountSecurity];
