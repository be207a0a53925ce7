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
 * (its role and district, minus declared conflicts). A breach (red) and each escalation also go up to the
 * directors — the section head → deputy → head chain is one role until the bureau's hierarchy is modelled.
 */
export async function tellAlarms(manager: EntityManager, alarms: RecordedAlarm[]): Promise<number> {
  if (alarms.length === 0) return 0;
  // Each message names its case and says what to do, in the reader's language.
  const refs = await loadCaseRefs(manager, alarms.map((a) => a.application_id));
  const zh = alarms.map((a) => messagesIn('zh-CN').slaAlarm(refs.get(a.application_id)!, a.clock, a.level));
  const en = alarms.map((a) => messagesIn('en').slaAlarm(refs.get(a.application_id)!, a.clock, a.level));
  const written: unknown[] = await manager.query(
    `WITH al AS (
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, application_id, clock, level, zh, en)),
     holders AS (
       SELECT al.id AS alarm_id, acc.id AS account_id FROM al
         JOIN applications a ON a.id = al.application_id
         JOIN review_tasks t ON t.application_id = al.application_id AND t.status IN ('open', 'claimed')
              AND (al.clock = 'case' OR t.stage = al.clock)
         JOIN accounts acc ON acc.id = t.assignee_id
              OR (t.assignee_id IS NULL AND t.candidate_role = ANY(acc.roles)
                  AND (t.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = t.region_code)
                  AND NOT (a.enterprise_id = ANY(acc.conflict_enterprise_ids)))),
     leads AS (
       SELECT al.id AS alarm_id, acc.id AS account_id FROM al JOIN accounts acc ON 'director' = ANY(acc.roles)
        WHERE al.level <> 'yellow')
     INSERT INTO notifications (account_id, source_id, application_id, kind, message)
     SELECT DISTINCT r.account_id, 'sla-' || al.id, al.application_id, 'sla.' || al.level,
            CASE acc.language WHEN 'en' THEN al.en ELSE al.zh END
       FROM (SELECT * FROM holders UNION SELECT * FROM leads) r JOIN al ON al.id = r.alarm_id JOIN accounts acc ON acc.id = r.account_id
     ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
    [alarms.map((a) => a.id), alarms.map((a) => a.application_id), alarms.map((a) => a.clock), alarms.map((a) => a.level), zh, en],
  );
  return written.length;
}
