import { JobName } from '@app/contracts';
import { settleOwedStep } from '@app/persistence';
import { EntityManager } from 'typeorm';

/** A message in each language; the recipient's `language` picks one (zh-CN unless they prefer English). */
export interface Texts {
  zh: string;
  en: string;
}

/** Every in-app message one transition owes, with its texts. */
export interface TransitionMessages {
  transitionId: string;
  applicationId: string;
  enterpriseId: string;
  /** To every account of the enterprise: the case entered a state (or changed in place). */
  enterprise: Texts & { kind: string };
  /** A case approved or refused: to everyone who decided or scored a step of it, except the one who just did. */
  deciders: (Texts & { kind: string; except: string | null }) | null;
  /** A review stage entered: one message per task of the entry, to everyone who may take it. */
  tasks: (Texts & { id: string })[];
  /** The expert panel drawn: to each expert of the entry's seats. */
  experts: Texts | null;
  /** The job run writing them (null: another job's): its owed row is settled by the same statement. */
  settle: { outboxId: string | null } | null;
}

/** How many messages of each sort a write added (a retry adds only what is missing). */
export interface Written {
  enterprise: number;
  deciders: number;
  reviewers: number;
}

/**
 * Every message of a transition in one statement. A task reaches exactly the people who may decide it — that
 * role, that district or city-wide, no declared conflict with the enterprise, and not barred by four eyes (only
 * this case's own tasks count) — among staff accounts only (the index on enterprise_id), so the cost grows neither
 * with the enterprises nor with the history of every case. Unique per account and source (the transition; for a
 * task or an expert seat, its id), so a redelivered job writes nothing twice. The job's owed row (`owed_jobs`) goes
 * in the same statement: the messages are no longer owed exactly when they exist.
 */
const WRITE = `
  WITH settled AS (
    ${settleOwedStep('$17::text', '$1::text::uuid', '$18::bigint')} AND $16::boolean
    RETURNING 1),
  owed AS (
    SELECT acc.id AS account_id, $1::text AS source_id, $4::text AS kind, CASE acc.language WHEN 'en' THEN $6 ELSE $5 END AS message
      FROM accounts acc WHERE acc.enterprise_id = $3
    UNION ALL
    SELECT DISTINCT people.who, $1::text, $7::text, CASE acc.language WHEN 'en' THEN $9 ELSE $8 END
      FROM (SELECT decided_by AS who FROM review_tasks WHERE application_id = $2 AND decided_by IS NOT NULL
            UNION SELECT expert_id FROM expert_seats WHERE application_id = $2 AND submitted_at IS NOT NULL) people
      JOIN accounts acc ON acc.id = people.who
     WHERE $7::text IS NOT NULL AND people.who IS DISTINCT FROM $10::uuid
    UNION ALL
    SELECT acc.id, t.id::text, 'task.created', CASE acc.language WHEN 'en' THEN s.en ELSE s.zh END
      FROM unnest($11::uuid[], $12::text[], $13::text[]) AS s(task_id, zh, en)
      JOIN review_tasks t ON t.id = s.task_id
      JOIN applications a ON a.id = t.application_id
      JOIN accounts acc ON acc.enterprise_id IS NULL AND t.candidate_role = ANY(acc.roles)
           AND (t.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = t.region_code)
           AND NOT (a.enterprise_id = ANY(acc.conflict_enterprise_ids))
     WHERE NOT EXISTS (SELECT 1 FROM review_tasks d
                        WHERE d.application_id = t.application_id AND d.decided_by = acc.id AND d.id <> t.id
                          AND (d.stage <> t.stage OR d.entered_transition_id = t.entered_transition_id))
    UNION ALL
    SELECT s.expert_id, s.id::text, 'task.created', CASE acc.language WHEN 'en' THEN $15 ELSE $14 END
      FROM expert_seats s JOIN accounts acc ON acc.id = s.expert_id
     WHERE $14::text IS NOT NULL AND s.entered_transition_id = $1::text::uuid)
  INSERT INTO notifications (account_id, source_id, application_id, kind, message)
  SELECT account_id, source_id, $2, kind, message FROM owed
  ON CONFLICT (account_id, source_id) DO NOTHING RETURNING kind`;

export async function writeTransitionMessages(manager: EntityManager, m: TransitionMessages): Promise<Written> {
  const rows: { kind: string }[] = await manager.query(WRITE, [
    m.transitionId, m.applicationId, m.enterpriseId,
    m.enterprise.kind, m.enterprise.zh, m.enterprise.en,
    m.deciders?.kind ?? null, m.deciders?.zh ?? null, m.deciders?.en ?? null, m.deciders?.except ?? null,
    m.tasks.map((t) => t.id), m.tasks.map((t) => t.zh), m.tasks.map((t) => t.en),
    m.experts?.zh ?? null, m.experts?.en ?? null,
    m.settle !== null, JobName.NotifyTransition, m.settle?.outboxId ?? null,
  ]);
  const written: Written = { enterprise: 0, deciders: 0, reviewers: 0 };
  for (const { kind } of rows) {
    if (kind === m.enterprise.kind) written.enterprise++;
    else if (kind === m.deciders?.kind) written.deciders++;
    else written.reviewers++;
  }
  return written;
}
