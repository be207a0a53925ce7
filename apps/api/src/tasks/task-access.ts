import { Principal } from '@app/auth';

/** Leads see every task of their district (all of them when city-wide), whatever its role: to watch and reassign. */
export function isLead(principal: Principal): boolean {
  return principal.roles.includes('director') || principal.roles.includes('administrator');
}

/**
 * The tasks a caller may see: their role is the candidate role (a lead — director or administrator — sees
 * every role's), the task's district is theirs (or they work city-wide), and the enterprise is not one of
 * their declared conflicts. Seeing is not deciding: `decisionBar` says who may claim and decide. Returns SQL on
 * aliases t (task) and a (application), with parameters numbered from `first`.
 */
export function taskScope(principal: Principal, first: number): { sql: string; params: unknown[] } {
  return {
    sql: `(t.candidate_role = ANY($${first}::text[]) OR $${first + 3}::boolean)
      AND ($${first + 1}::varchar IS NULL OR t.region_code IS NULL OR t.region_code = $${first + 1})
      AND NOT (a.enterprise_id = ANY($${first + 2}::uuid[]))`,
    params: [principal.roles, principal.regionCode, principal.conflictEnterpriseIds ?? [], isLead(principal)],
  };
}
