import { EntityManager } from 'typeorm';

/**
 * A task nobody may take waits silently unless someone is told: when no account holds the task's role in its
 * district (or city-wide) without a declared conflict with the enterprise, every administrator gets an in-app
 * alarm naming the case, the district and the role, once per task (the notification is unique per source).
 * Returns how many administrators were told. Staff accounts only (no enterprise): the index on enterprise_id
 * answers both reads, however many enterprises have accounts.
 */
export async function alarmIfUnstaffed(
  manager: EntityManager,
  task: { id: string; applicationId: string; enterpriseId: string; stage: string; candidateRole: string; regionCode: string | null },
): Promise<number> {
  const staffed: unknown[] = await manager.query(
    `SELECT 1 FROM accounts WHERE enterprise_id IS NULL AND $1 = ANY(roles) AND ($2::varchar IS NULL OR region_code IS NULL OR region_code = $2)
        AND NOT ($3::uuid = ANY(conflict_enterprise_ids)) LIMIT 1`,
    [task.candidateRole, task.regionCode, task.enterpriseId],
  );
  if (staffed.length) return 0;
  const told: unknown[] = await manager.query(
    `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
     SELECT acc.id, 'unstaffed-' || $1::text, $2::uuid, 'routing.unstaffed',
            '无人可办：案件 ' || $6::text || ' 的' || $3::text || '任务在' ||
            COALESCE((SELECT r.name_zh || '（' || r.code || '）' FROM regions r WHERE r.code = $4::varchar), $4::varchar, '全市') ||
            '没有可承办的' || $5::text || '，请指派人员或调整区划。'
       FROM accounts acc WHERE acc.enterprise_id IS NULL AND 'administrator' = ANY(acc.roles)
     ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
    [task.id, task.applicationId, task.stage, task.regionCode, task.candidateRole, task.applicationId],
  );
  return told.length;
}
