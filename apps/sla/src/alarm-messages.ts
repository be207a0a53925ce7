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
 * Candidates come from the staff (accounts without an enterprise, by index), read once per burst batch: the
 * population of enterprise accounts is never scanned.
 */
export async function tellAlarms(manager: EntityManager, alarms: RecordedAlarm[]): Promise<number> {
  if (alarms.length === 0) return 0;
  const written: unknown[] = await manager.query(
    `WITH al AS (
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[]) AS t(id, application_id, clock, level)),
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
     leads AS (
       SELECT al.id AS alarm_id, acc.id AS account_id FROM al JOIN staff acc ON 'director' = ANY(acc.roles)
        WHERE al.level <> 'yellow')
     INSERT INTO notifications (account_id, source_id, application_id, kind, message)
     SELECT DISTINCT r.account_id, 'sla-' || al.id, al.application_id, 'sla.' || al.level,
            'SLA ' || al.level || ' on the ' || al.clock || ' clock of a case: ' ||
            CASE al.level WHEN 'yellow' THEN 'due soon' WHEN 'red' THEN 'overdue' ELSE 'overdue, escalated' END
       FROM (SELECT * FROM holders UNION SELECT * FROM leads) r JOIN al ON al.id = r.alarm_id
     ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
    [alarms.map((a) => a.id), alarms.map((a) => a.application_id), alarms.map((a) => a.clock), alarms.map((a) => a.level)],
  );
  return written.length;
}
