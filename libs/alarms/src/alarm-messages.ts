import { messagesIn } from '@app/domain';
import { loadCaseRefs } from '@app/persistence';
import { EntityManager } from 'typeorm';

export interface RecordedAlarm {
  id: string;
  application_id: string;
  clock: string;
  level: string;
}

/**
 * Tells people of the SLA alarms just recorded, in the same transaction (one message per person and alarm).
 * Every alarm reaches whoever holds the work: the task's assignee, or, while unclaimed, everyone it waits for
 * (its role and district, minus declared conflicts). A breach (red, level 1) and each escalation (level N) also
 * go up the program's escalation chain: to whoever holds that level's post (section head → deputy director →
 * director, `escalation_holders`), or to the directors while nobody does.
 * Candidates come from the staff (accounts without an enterprise, by index), read once per burst batch: the
 * population of enterprise accounts is never scanned.
 */
export async function tellAlarms(manager: EntityManager, alarms: RecordedAlarm[]): Promise<number> {
  if (alarms.length === 0) return 0;
  // Each message names its case and says what to do, in the reader's language.
  const refs = await loadCaseRefs(
    manager,
    alarms.map((a) => a.application_id),
  );
  const zh = alarms.map((a) => messagesIn('zh-CN').slaAlarm(refs.get(a.application_id)!, a.clock, a.level));
  const en = alarms.map((a) => messagesIn('en').slaAlarm(refs.get(a.application_id)!, a.clock, a.level));
  const written: unknown[] = await manager.query(
    `WITH al AS (
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, application_id, clock, level, zh, en)),
     work AS (
       SELECT al.id AS alarm_id, a.enterprise_id, t.assignee_id, t.candidate_role, t.region_code FROM al
         JOIN applications a ON a.id = al.application_id
         JOIN review_tasks t ON t.application_id = al.application_id AND t.status IN ('open', 'claimed')
              AND (al.clock = 'case' OR t.stage = al.clock)),
     staff AS MATERIALIZED (
       SELECT id, roles, region_code, conflict_enterprise_ids FROM accounts WHERE enterprise_id IS NULL),
     holders AS (
       SELECT w.alarm_id, w.assignee_id AS account_id FROM work w WHERE w.assignee_id IS NOT NULL
       UNION
       SELECT w.alarm_id, acc.id FROM work w JOIN staff acc ON w.assignee_id IS NULL AND w.candidate_role = ANY(acc.roles)
                  AND (w.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = w.region_code)
                  AND NOT (w.enterprise_id = ANY(acc.conflict_enterprise_ids))),
     lvl AS (
       SELECT al.id AS alarm_id, a.program_code,
              CASE WHEN al.level = 'red' THEN 1 ELSE substring(al.level FROM '^escalation-([0-9]+)$')::int END AS level
         FROM al JOIN applications a ON a.id = al.application_id WHERE al.level <> 'yellow'),
     leads AS (
       -- The holders of the level's post in the program's escalation chain; the directors while nobody holds it.
       SELECT lvl.alarm_id, h.account_id FROM lvl
         JOIN escalation_holders h ON h.program_code = lvl.program_code AND h.level = lvl.level
       UNION
       SELECT lvl.alarm_id, acc.id FROM lvl JOIN staff acc ON 'director' = ANY(acc.roles)
        WHERE NOT EXISTS (SELECT 1 FROM escalation_holders h WHERE h.program_code = lvl.program_code AND h.level = lvl.level))
     INSERT INTO notifications (account_id, source_id, application_id, kind, message)
     SELECT DISTINCT r.account_id, 'sla-' || al.id, al.application_id, 'sla.' || al.level,
            CASE acc.language WHEN 'en' THEN al.en ELSE al.zh END
       FROM (SELECT * FROM holders UNION SELECT * FROM leads) r JOIN al ON al.id = r.alarm_id JOIN accounts acc ON acc.id = r.account_id
     ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
    [
      alarms.map((a) => a.id),
      alarms.map((a) => a.application_id),
      alarms.map((a) => a.clock),
      alarms.map((a) => a.level),
      zh,
      en,
    ],
  );
  return written.length;
}
