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

/** The tasks as rows: one task (a stage entry's usual) as scalars, so a generic plan sizes it as a custom one does. */
function tasksOf(tasks: TransitionMessages['tasks'], param: (value: unknown, type: string) => string): string {
  if (tasks.length === 1) {
    return `(SELECT ${param(tasks[0].id, 'uuid')} AS task_id, ${param(tasks[0].zh, 'text')} AS zh, ${param(tasks[0].en, 'text')} AS en) s`;
  }
  return `unnest(${param(tasks.map((t) => t.id), 'uuid[]')}, ${param(tasks.map((t) => t.zh), 'text[]')}, ${param(tasks.map((t) => t.en), 'text[]')})
         AS s(task_id, zh, en)`;
}

/**
 * Every message of a transition in one statement. A task reaches exactly the people who may decide it — that
 * role, that district or city-wide, no declared conflict with the enterprise, and not barred by four eyes (only
 * this case's own tasks count) — among staff accounts only (the index on enterprise_id), so the cost grows neither
 * with the enterprises nor with the history of every case. Unique per account and source (the transition; for a
 * task or an expert seat, its id), so a redelivered job writes nothing twice. The job's owed row (`owed_jobs`) goes
 * in the same statement: the messages are no longer owed exactly when they exist.
 * The statement holds only the parts this transition has (deciders, tasks, experts, the owed row): each shape is
 * prepared once per connection and, its parts fixed in the text, planned once — with the parts switched by
 * parameters PostgreSQL planned it at every call (0.8 ms, a custom plan pruned them; pipeline bench's statement log).
 */
function writeStatement(m: TransitionMessages): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown, type: string): string => `$${values.push(value)}::${type}`;
  const transition = param(m.transitionId, 'uuid');
  const source = `${transition}::text`;
  const application = param(m.applicationId, 'uuid');
  const texts = (t: Texts): string => `CASE acc.language WHEN 'en' THEN ${param(t.en, 'text')} ELSE ${param(t.zh, 'text')} END`;
  const owed = [`
    SELECT acc.id AS account_id, ${source} AS source_id, ${param(m.enterprise.kind, 'text')} AS kind, ${texts(m.enterprise)} AS message
      FROM accounts acc WHERE acc.enterprise_id = ${param(m.enterpriseId, 'uuid')}`];
  if (m.deciders) owed.push(`
    SELECT DISTINCT people.who, ${source}, ${param(m.deciders.kind, 'text')}, ${texts(m.deciders)}
      FROM (SELECT decided_by AS who FROM review_tasks WHERE application_id = ${application} AND decided_by IS NOT NULL
            UNION SELECT expert_id FROM expert_seats WHERE application_id = ${application} AND submitted_at IS NOT NULL) people
      JOIN accounts acc ON acc.id = people.who
     WHERE people.who IS DISTINCT FROM ${param(m.deciders.except, 'uuid')}`);
  if (m.tasks.length > 0) owed.push(`
    SELECT acc.id, t.id::text, 'task.created', CASE acc.language WHEN 'en' THEN s.en ELSE s.zh END
      FROM ${tasksOf(m.tasks, param)}
      JOIN review_tasks t ON t.id = s.task_id
      JOIN applications a ON a.id = t.application_id
      JOIN accounts acc ON acc.enterprise_id IS NULL AND t.candidate_role = ANY(acc.roles)
           AND (t.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = t.region_code)
           AND NOT (a.enterprise_id = ANY(acc.conflict_enterprise_ids))
     WHERE NOT EXISTS (SELECT 1 FROM review_tasks d
                        WHERE d.application_id = t.application_id AND d.decided_by = acc.id AND d.id <> t.id
                          AND (d.stage <> t.stage OR d.entered_transition_id = t.entered_transition_id))`);
  if (m.experts) owed.push(`
    SELECT s.expert_id, s.id::text, 'task.created', ${texts(m.experts)}
      FROM expert_seats s JOIN accounts acc ON acc.id = s.expert_id
     WHERE s.entered_transition_id = ${transition}`);
  const settled = m.settle === null ? '' : `
  settled AS (
    ${settleOwedStep(param(JobName.NotifyTransition, 'text'), transition, param(m.settle.outboxId, 'bigint'))}
    RETURNING 1),`;
  const text = `
  WITH${settled}
  owed AS (${owed.join(`
    UNION ALL`)})
  INSERT INTO notifications (account_id, source_id, application_id, kind, message)
  SELECT account_id, source_id, ${application}, kind, message FROM owed
  ON CONFLICT (account_id, source_id) DO NOTHING RETURNING kind`;
  return { text, values };
}

export async function writeTransitionMessages(manager: EntityManager, m: TransitionMessages): Promise<Written> {
  const { text, values } = writeStatement(m);
  const rows: { kind: string }[] = await manager.query(text, values);
  const written: Written = { enterprise: 0, deciders: 0, reviewers: 0 };
  for (const { kind } of rows) {
    if (kind === m.enterprise.kind) written.enterprise++;
    else if (kind === m.deciders?.kind) written.deciders++;
    else written.reviewers++;
  }
  return written;
}
