import { Role } from '@app/persistence';

/** Who is calling, as the verified token and the account row say. */
export interface Principal {
  accountId: string;
  username: string;
  roles: Role[];
  enterpriseId: string | null;
  regionCode: string | null;
  conflictEnterpriseIds: string[];
}

export function isEnterprise(principal: Principal): boolean {
  return principal.roles.includes('enterprise');
}

export function primaryRole(principal: Principal): Role {
  return principal.roles[0];
}
