import { AccountSecurity } from '@app/auth';
import { AccountSecurityController } from './auth/account-security.controller';
import { AuditAnchors } from './audit/audit-anchors';

/** The security features' controllers and providers, listed once for the API module. */
export const SECURITY_CONTROLLERS = [AccountSecurityController];
export const SECURITY_PROVIDERS = [AccountSecurity, AuditAnchors];
