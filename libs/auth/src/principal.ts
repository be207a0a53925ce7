import { Role } from '@app/persistence';

/** Who is calling, as the verified token and the account row say. */
export interface Principal {
  accountId: string;
  username: string;
  roles: Role[];
  enterpriseId: string | null;
  regionCode: string | null;
  conflictEnterpriseIds: string[];
  /** Steps the account must take first; until then only its own security endpoints answer (403 otherwise). */
  pending?: PendingStep[];
}

export type PendingStep = 'password-change' | 'totp-enrolment';

export function isEnterprise(principal: Principal): boolean {
  return principal.roles.includes('enterprise');
}

export function primaryRole(principal: Principal): Role {
  return principal.roles[0];
}
