import { Principal, isEnterprise } from './principal';

/**
 * The one rule of what a caller may see of cases: an enterprise only its own, staff all but the enterprises
 * they declared a conflict with. Returns a SQL condition on the given alias and its parameters, numbered
 * from `firstParam`. Anything outside the scope looks exactly like something that does not exist (404).
 */
export function caseScope(principal: Principal, alias: string, firstParam: number): { sql: string; params: unknown[] } {
  if (isEnterprise(principal)) {
    return { sql: `${alias}.enterprise_id = $${firstParam}`, params: [principal.enterpriseId] };
  }
  return {
    sql: `NOT (${alias}.enterprise_id = ANY($${firstParam}::uuid[]))`,
    params: [principal.conflictEnterpriseIds ?? []],
  };
}
