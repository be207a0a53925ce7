import { JobItem, JobName } from '@app/contracts';
import { caseEventName, caseNumber, CaseRef, isReviewStage, Language, materialName, messagesIn } from '@app/domain';
import { EntityManager } from 'typeorm';
import { deadlineText } from '../case-ref';
import { outboxParams, outboxSteps } from '../outbox';
import { owedParams, settleOwedStep } from '../owed-jobs';

type OutboxJob = { job: JobItem; runAt?: Date };

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
  /**
   * The job run writing them, whose owed row the same statement settles; null when no job's row is (the
   * transition's own transaction, or another job calling).
   */
  settle: { outboxId: string | null } | null;
}

/**
 * What a transition's messages say: the change, the case as it is once changed (its deadlines, the 补正 items),
 * and the tasks the stage entry made. The transition has it at hand; the notifier reads it back (one query).
 */
export interface TransitionFacts {
  transitionId: string;
  applicationId: string;
  enterpriseId: string;
  year: number;
  /** The case's number in the sequence of all cases (null: a case from before it). */
  caseSeq: string | null;
  program: { zh: string; en: string };
  enterprise: string;
  from: string;
  to: string;
  action: string;
  actorAccountId: string | null;
  /** What a change in place changed (按比例核减: the amounts before and after). */
  detail: { fromFen?: number; toFen?: number } | null;
  supplementItems: string[] | null;
  /** The version's English names of its material kinds (a 补正 item that is a kind reads so in English). */
  materialNamesEn?: Record<string, string> | null;
  supplementDueAt: Date | null;
  noticeEndsAt: Date | null;
  offerLapsesAt: Date | null;
  tasks: { id: string; stage: string; dueOn: string | null }[];
}

/**
 * Whether any webhook endpoint is registered: the notifier's job of a change whose messages its own transaction
 * wrote is owed only for the deliveries.
 */
export const ENDPOINT_REGISTERED = 'EXISTS (SELECT 1 FROM webhook_endpoints WHERE deleted_at IS NULL)';

/** `outboxWrites`' `keep` for a change that wrote its messages itself: every job, the notifier's only for webhooks. */
export const NOTIFIER_ONLY_FOR_WEBHOOKS = `n <> '${JobName.NotifyTransition}' OR ${ENDPOINT_REGISTERED}`;

function texts(say: (m: ReturnType<typeof messagesIn>) => string): Texts {
  return { zh: say(messagesIn('zh-CN')), en: say(messagesIn('en')) };
}

/**
 * The messages a transition owes: the enterprise's, those of the reviewers who may take the tasks it made (or
 * the experts drawn), and those of everyone who decided the case when it ends.
 */
export function transitionMessages(f: TransitionFacts): Omit<TransitionMessages, 'settle'> {
  const ref: CaseRef = { number: caseNumber(f.year, f.applicationId, f.caseSeq), program: f.program, enterprise: f.enterprise };
  const to = f.to;
  // A change in place (an approved case's amount reduced) decides nothing and enters no stage.
  const entered = f.from !== to;
  const ends = entered && (to === 'approved' || to === 'refused');
  const stageEntered = entered && isReviewStage(to);
  return {
    transitionId: f.transitionId,
    applicationId: f.applicationId,
    enterpriseId: f.enterpriseId,
    enterprise: { kind: caseEventName(f), ...enterpriseTexts(f, ref) },
    deciders: ends
      ? { kind: `decided.${to}`, except: f.actorAccountId, ...texts((m) => m.decided(ref, to as 'approved' | 'refused')) }
      : null,
    tasks: stageEntered && to !== 'expert_review'
      ? f.tasks.map((task) => ({ id: task.id, ...texts((m) => m.taskCreated(ref, task.stage, task.dueOn)) }))
      : [],
    experts: stageEntered && to === 'expert_review' ? texts((m) => m.expertDrawn(ref)) : null,
  };
}

/**
 * The enterprise's message about its case entering a state, with what to do by when; or, for 按比例核减 (the
 * state kept), the amount before and after.
 */
function enterpriseTexts(f: TransitionFacts, ref: CaseRef): Texts {
  const say = (lang: Language): string => {
    if (f.action === 'pro-rata-reduced') {
      return messagesIn(lang).amountReduced(ref, { fromFen: Number(f.detail?.fromFen), toFen: Number(f.detail?.toFen) });
    }
    const dueBy =
      f.to === 'supplement' ? f.supplementDueAt
        : f.to === 'awaiting_confirmation' ? f.offerLapsesAt
          : f.to === 'public_notice' ? f.noticeEndsAt
            : null;
    const items = (f.supplementItems ?? []).map((item) => materialName(f.materialNamesEn, item, lang));
    return messagesIn(lang).caseStatus(f.to, ref, { dueBy: deadlineText(dueBy), items });
  };
  return { zh: say('zh-CN'), en: say('en') };
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
function writeStatement(m: TransitionMessages, jobs: readonly OutboxJob[] | null): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown, type: string): string => `$${values.push(value)}::${type}`;
  const raw = (value: unknown): string => `$${values.push(value)}`;
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
  const insert = `
  INSERT INTO notifications (account_id, source_id, application_id, kind, message)
  SELECT account_id, source_id, ${application}, kind, message FROM owed
  ON CONFLICT (account_id, source_id) DO NOTHING RETURNING kind`;
  // The transition's own write carries its outbox rows too, and the notifier's job among them only when a webhook
  // endpoint is registered (it is owed then for the deliveries; the messages are written here).
  const outbox = jobs === null ? '' : `,
  ${outboxSteps(
    ...(outboxParams([...jobs, { job: { name: JobName.NotifyTransition, data: { transitionId: m.transitionId } } }]).map(raw) as [string, string, string, string]),
    ...(owedParams().map(raw) as [string, string]),
    NOTIFIER_ONLY_FOR_WEBHOOKS,
  )}`;
  const text = `
  WITH${settled}
  owed AS (${owed.join(`
    UNION ALL`)}),
  written AS (${insert})${outbox}
  SELECT kind FROM written`;
  return { text, values };
}

/**
 * Writes a transition's messages. With `jobs` (the transition's own write, in its transaction), the same statement
 * writes them to the outbox, and the notifier's job for the webhook deliveries when an endpoint is registered.
 */
export async function writeTransitionMessages(
  manager: EntityManager, m: TransitionMessages, jobs: readonly OutboxJob[] | null = null,
): Promise<Written> {
  const { text, values } = writeStatement(m, jobs);
  const rows: { kind: string }[] = await manager.query(text, values);
  const written = { enterprise: 0, deciders: 0, reviewers: 0 };
  for (const { kind } of rows) {
    if (kind === m.enterprise.kind) written.enterprise++;
    else if (kind === m.deciders?.kind) written.deciders++;
    else written.reviewers++;
  }
  return written;
}
