import { EntityManager } from 'typeorm';

/**
 * A task nobody may take waits silently unless someone is told: when no account holds the task's role in its
 * district (or city-wide) without a declared conflict with the enterprise (the caller's statement that made the
 * task says so), every administrator gets an in-app alarm naming the case, the district and the role, once per
 * task (the notification is unique per source). Returns how many administrators were told.
 */
export async function alarmUnstaffed(
  manager: EntityManager,
  task: { id: string; applicationId: string; stage: string; candidateRole: string; regionCode: string | null },
): Promise<number> {
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
