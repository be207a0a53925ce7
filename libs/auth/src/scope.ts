import { appendAudit } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { Principal, isEnterprise } from './principal';

/**
 * The one rule of what a caller may see of cases (and so of their materials and history), by role:
 * an enterprise its own; a district reviewer the cases of enterprises registered in their district; city
 * reviewers, directors and administrators the city's; an expert only the cases of panels they sit on (not the
 * enterprise's other cases); an auditor none (the audit log is theirs). Staff never see the enterprises they
 * declared a conflict with. Several roles widen the view (OR). Returns a SQL condition on the case alias and its
 * parameters, numbered from `firstParam`. Anything outside looks exactly like something that does not exist (404).
 */
export function caseScope(principal: Principal, alias: string, firstParam: number): { sql: string; params: unknown[] } {
  if (isEnterprise(principal)) {
    return { sql: `${alias}.enterprise_id = $${firstParam}`, params: [principal.enterpriseId] };
  }
  const params: unknown[] = [];
  const param = (value: unknown) => `$${firstParam + params.push(value) - 1}`;
  const ways: string[] = [];
  const roles = principal.roles;
  if (roles.some((r) => r === 'city_reviewer' || r === 'director' || r === 'administrator')) ways.push('TRUE');
  if (roles.includes('district_reviewer')) {
    ways.push(
      principal.regionCode
        ? `EXISTS (SELECT 1 FROM enterprises se WHERE se.id = ${alias}.enterprise_id AND se.region_code = ${param(principal.regionCode)})`
        : 'TRUE',
    );
  }
  if (roles.includes('expert')) {
    ways.push(`EXISTS (SELECT 1 FROM expert_seats ss WHERE ss.application_id = ${alias}.id AND ss.expert_id = ${param(principal.accountId)})`);
  }
  if (!ways.length) return { sql: 'FALSE', params: [] };
  const conflicts = param(principal.conflictEnterpriseIds ?? []);
  return { sql: `((${ways.join(' OR ')}) AND NOT (${alias}.enterprise_id = ANY(${conflicts}::uuid[])))`, params };
}

/**
 * Records that a caller reached for an object outside their scope (it still answered 404), in the caller's
 * account stream. `exists` says whether there was anything to refuse: probing for ids that do not exist is not
 * recorded.
 */
export async function auditRefusedAccess(
  manager: EntityManager,
  principal: Principal,
  object: { kind: 'case' | 'material'; id: string },
  at: Date,
): Promise<void> {
  const table = object.kind === 'case' ? 'applications' : 'materials';
  const exists: unknown[] = await manager.query(`SELECT 1 FROM ${table} WHERE id = $1`, [object.id]);
  if (!exists.length) return;
  await manager.transaction((m) =>
    appendAudit(m, {
      stream: `account:${principal.accountId}`,
      actor: { accountId: principal.accountId, role: principal.roles[0] },
      action: `${object.kind}.read-denied`,
      data: object.kind === 'case' ? { applicationId: object.id } : { materialId: object.id },
      at,
    }),
  );
}
