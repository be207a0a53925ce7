import { Principal } from '@app/auth';

/**
 * The tasks a reviewer may see: their role is the candidate role, the task's district is theirs (or they work
 * city-wide), and the enterprise is not one of their declared conflicts. Returns SQL on aliases t (task) and
 * a (application), with parameters numbered from `first`.
 */
export function taskScope(principal: Principal, first: number): { sql: string; params: unknown[] } {
  return {
    sql: `t.candidate_role = ANY($${first}::text[])
      AND ($${first + 1}::varchar IS NULL OR t.region_code IS NULL OR t.region_code = $${first + 1})
      AND NOT (a.enterprise_id = ANY($${first + 2}::uuid[]))`,
    params: [principal.roles, principal.regionCode, principal.conflictEnterpriseIds ?? []],
  };
}
