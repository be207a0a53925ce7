import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JobName } from '@app/contracts';
import {
  CaseAction,
  CaseStatus,
  clockEffects,
  DomainError,
  isReviewStage,
  nextStatus,
  ProgramVersion,
  stateDeadlineDay,
  TimedState,
} from '@app/domain';
import { EntityManager } from 'typeorm';
import { Actor, AUDIT_GENESIS, firstAuditHash } from '../audit';
import { CalendarService } from '../calendar.service';
import { enqueueAll, outboxParams, outboxWrites } from '../outbox';
import { owedParams } from '../owed-jobs';
import { JobItem } from '@app/contracts';
import { updateReturning } from '../update-returning';
import { ProgramCatalog } from '../program-catalog';
import { shanghaiDay, startOfShanghaiDay, TimeSource } from '../time-source';
import { timeOrderedUuid } from '../time-ordered-uuid';
import { armingPlan, clocksOf } from './arming-plan';
import { armingJobs, writeArming } from './case-arming';
import { CaseClocks, DueDates, StoredClockRow } from './case-clocks';
import { applyBudgetEffects } from '../budget/budget-reservations';
import { duplicateClaimError } from './duplicate-claims';
import { rollUpStoppedClocks } from './sla-rollup';
import { cancelOpenTasksStep, closeOpenWork } from './close-open-work';
import { recordMove, recordTransition, TransitionRow } from './transition-record';
import { NOTIFIER_ONLY_FOR_WEBHOOKS, TransitionFacts, transitionMessages, writeTransitionMessages } from '../notifications/transition-messages';
import { CasesToOpen, openMany, OpenedCase, OpenManyCommon } from './open-many';

/** The columns of a case a transition needs to know. */
export interface CaseRef {
  id: string;
  status: CaseStatus;
  version: number;
  programVersionId: string;
}

/** The CaseRef of a row read from `applications` (its snake_case columns). */
export function caseRef(row: { id: string; status: CaseStatus | string; version: number; program_version_id: string }): CaseRef {
  return { id: row.id, status: row.status as CaseStatus, version: row.version, programVersionId: row.program_version_id };
}

/** Columns a transition may set in the same guarded UPDATE. */
export interface CasePatch {
  eligible?: boolean;
  amount_fen?: number;
  split?: Record<string, number>;
  trace?: unknown[];
  facts?: Record<string, unknown>;
  /** The 补正 items a return names, one by one. */
  supplement_items?: string[];
}

export interface TransitionRequest {
  application: CaseRef;
  action: CaseAction;
  actor: Actor;
  reason?: string | null;
  patch?: CasePatch;
  /** What a same-status change changed (e.g. the amounts of 按比例核减): kept in the transition and its audit row. */
  detail?: Record<string, unknown>;
}

export interface TransitionResult {
  transitionId: string;
  from: CaseStatus;
  to: CaseStatus;
  version: number;
}

const JSON_COLUMNS = new Set(['split', 'trace', 'facts', 'supplement_items']);

/**
 * What the guarded UPDATE returns: the new version, what the notice check reads, what arming's running clocks
 * carry, and what the transition's messages name (the case number's year, the enterprise, the 补正 items).
 */
interface CaseAfterUpdate {
  version: number;
  amount_fen: string | null;
  eligible: boolean | null;
  program_code: string;
  region_code: string;
  year: number;
  case_seq: string | null;
  enterprise_id: string;
  enterprise: string;
  supplement_items: string[] | null;
}

/**
 * The guarded UPDATE of every change, as CTE steps (`moved`, and `cancelled` for a move) with their parameters
 * numbered from `first`: status, version and `set` only if the case is still at the version and status the caller
 * read. No row moved is a 409 `case-changed`, which rolls the caller's transaction back whole. A move runs it in
 * the statement that writes its transition (`recordMove`), a change in place by itself (`compareAndSet`).
 * `armedAsBefore` (a change that writes no clock event): the case is armed for the new version if it was for
 * the old one — arming it again would compute the same plan from the same events and write nothing.
 */
function compareAndSetSteps(
  application: CaseRef, to: CaseStatus, set: Record<string, unknown>,
  options: { armedAsBefore?: boolean; cancelTasksBecause?: string }, first: number,
): { steps: string; params: unknown[] } {
  const $ = (n: number) => `$${first + n - 1}`;
  const columns = Object.keys(set);
  const assignments = columns.map((c, i) => `${c} = ${$(i + 5)}`).join(', ');
  const values = columns.map((c) => (JSON_COLUMNS.has(c) ? JSON.stringify(set[c]) : set[c]));
  const armed = options.armedAsBefore
    ? ', alarms_armed_version = CASE WHEN alarms_armed_version = version THEN version + 1 ELSE alarms_armed_version END'
    : '';
  // A move also cancels the work the case leaves behind (closeOpenWork's first step), in the same statement and
  // only if the case did move.
  const cancel = options.cancelTasksBecause === undefined
    ? ''
    : `, cancelled AS (${cancelOpenTasksStep($(2), `${$(columns.length + 5)}::text`, 'EXISTS (SELECT 1 FROM moved)')})`;
  return {
    steps: `moved AS (
       UPDATE applications SET status = ${$(1)}, version = version + 1, updated_at = now()${armed}${assignments ? `, ${assignments}` : ''}
        WHERE id = ${$(2)} AND version = ${$(3)} AND status = ${$(4)}
        RETURNING version, amount_fen, eligible, program_code, year, case_seq, enterprise_id, supplement_items)${cancel}`,
    params: [to, application.id, application.version, application.status, ...values,
      ...(options.cancelTasksBecause === undefined ? [] : [options.cancelTasksBecause])],
  };
}

/** What a compare-and-set gives back (`CaseAfterUpdate`): a row only when the case moved. */
const CASE_AFTER_UPDATE = 'SELECT moved.*, e.region_code, e.name AS enterprise FROM moved JOIN enterprises e ON e.id = moved.enterprise_id';

function caseChanged(application: CaseRef): DomainError {
  return DomainError.because('case-changed', `case ${application.id} changed since version ${application.version}; reload it`);
}

async function compareAndSet(
  manager: EntityManager, application: CaseRef, to: CaseStatus, set: Record<string, unknown>,
  options: { armedAsBefore?: boolean; cancelTasksBecause?: string } = {},
): Promise<CaseAfterUpdate> {
  const { steps, params } = compareAndSetSteps(application, to, set, options, 1);
  const updated = await updateReturning<CaseAfterUpdate>(manager, `WITH ${steps} ${CASE_AFTER_UPDATE}`, params);
  if (updated.length === 0) throw caseChanged(application);
  return updated[0];
}

/** A new case's number from the one sequence of all cases (the column's default draws it for COPYed batches). */
export const DRAW_CASE_NUMBER = `nextval('case_numbers')::text`;

async function drawCaseNumber(manager: EntityManager): Promise<string> {
  const [row]: { n: string }[] = await manager.query(`SELECT ${DRAW_CASE_NUMBER} AS n`);
  return row.n;
}

/**
 * The one writer of case state. In the caller's transaction it compare-and-sets status and version, writes the
 * transition, the clock events, the audit row, the in-app messages and the outbox rows, refreshes the cached due
 * dates and arms the case's SLA alarms. Zero rows updated means someone else moved the case first: a 409, and the caller's
 * transaction rolls back whole.
 */
@Injectable()
export class CaseTransitions {
  constructor(
    private readonly catalog: ProgramCatalog,
    private readonly time: TimeSource,
    private readonly calendars: CalendarService,
    private readonly clocks: CaseClocks,
  ) {}

  async apply(manager: EntityManager, request: TransitionRequest): Promise<TransitionResult> {
    const { application, action, actor } = request;
    const { definition } = await this.catalog.byId(application.programVersionId, manager);
    const from = application.status;
    const to = nextStatus(definition.stages, from, action);
    const now = this.time.now();
    const today = shanghaiDay(now);
    // A same-status change (按比例核减) changes columns and the version only: the case does not enter its state
    // again, so no deadline, clock, task, budget or stage job of that state is touched.
    if (from === to) return this.applyInPlace(manager, request, now);

    // Any move ends a wait for budget (the release of a waiting approval is itself this transition).
    const set: Record<string, unknown> = { ...request.patch, budget_wait_since: null, budget_wait_reason: null };
    if (to === 'public_notice') set.notice_ends_at = this.deadlineOf(definition, 'public_notice', today);
    if (to === 'refused' || to === 'approved') set.decided_at = now;
    if (action.type === 'return-for-supplement') {
      set.returned_from = from;
      set.supplement_due_at = this.deadlineOf(definition, 'supplement', today);
    }
    if (action.type === 'resubmit' || from === 'supplement') {
      set.returned_from = null;
      set.supplement_due_at = null;
    }

    // The compare-and-set, and only if the case moved: the transition and audit rows, its clock events and the
    // entered review stage's task (an expert panel is drawn by its job), in one statement, which also reads all the
    // case's clock events back (the ids keep the order the domain gives them): for the cached due dates (the new
    // task's too), for arming and for the roll-up.
    const transitionId = timeOrderedUuid();
    const effects = clockEffects(from, to, action);
    const stage = isReviewStage(to) ? definition.stages.find((s) => s.code === to && s.code !== 'expert_review') : undefined;
    const { moved: updated, rows, task: opened } = await recordMove<CaseAfterUpdate>(manager, {
      guard: {
        steps: (first) => compareAndSetSteps(application, to, set, { cancelTasksBecause: `case moved from ${from} to ${to}` }, first),
        row: CASE_AFTER_UPDATE,
      },
      transition: this.transitionRow(request, { id: transitionId, from, to, version: application.version + 1, now }),
      clocks: { effects, on: today },
      stage,
    });
    if (!updated) throw caseChanged(application);
    const version = updated.version;
    // Issue 8 item 2: nothing goes to the public notice (公示) without an amount to pay; the whole transition
    // rolls back.
    if (to === 'public_notice' && (updated.eligible === false || !(Number(updated.amount_fen ?? 0) > 0))) {
      throw DomainError.because('nothing-to-pay', 'a case with nothing to pay (not eligible, 0 yuan) never goes to the public notice: refuse it');
    }
    // Issue 8 item 1: the work the case leaves behind (tasks, expert seats, running clocks) closes with it.
    await closeOpenWork(manager, { applicationId: application.id, from, to });
    // Arming (issue 13): the case's alarms and running clocks — and its cached due dates — are written with the
    // transition that changed its clocks, in one statement: no arming job, no second read. Before any lock shared
    // by other cases (roll-up, budget pool): an arming waits only for a moment another arming is making, or for a ring.
    const due = this.clocks.dueDates(rows, definition, today);
    const armingOwes = await this.arm(manager, { ...updated, id: application.id }, definition, rows, now, due);

    // The outbox rows of the transition, in one statement.
    const jobs: { job: JobItem; runAt?: Date }[] = [];
    if (isReviewStage(to) && !opened) jobs.push({ job: { name: JobName.EnterStage, data: { applicationId: application.id, transitionId } } });
    if (to === 'public_notice') jobs.push({ job: { name: JobName.EndNotice, data: { applicationId: application.id } }, runAt: set.notice_ends_at as Date });
    if (to === 'supplement') jobs.push({ job: { name: JobName.LapseSupplement, data: { applicationId: application.id } }, runAt: set.supplement_due_at as Date });
    jobs.push(...armingOwes);
    // Entering a review stage is told once its work exists (the enterprise and the reviewers who may take the new
    // task hear of it together): here when this transaction made the task, else by the stage's job. The messages'
    // statement writes the outbox rows too.
    if (!isReviewStage(to) || opened) {
      const dueOn = due.stages.find((s) => s.stage === to)?.due ?? null;
      await this.tell(manager, {
        transitionId, request, updated, definition, from, to,
        supplementDueAt: (set.supplement_due_at as Date | undefined) ?? null,
        noticeEndsAt: (set.notice_ends_at as Date | undefined) ?? null,
        tasks: opened ? [{ id: opened.id, stage: to, dueOn }] : [],
      }, jobs);
    } else {
      await enqueueAll(manager, jobs);
    }

    // SLA roll-up (issue 5): clocks this transition stopped are counted in `sla_rollup` in this same
    // transaction, so the 限时办结率 dashboard sums pre-aggregated rows and never scans cases.
    const stopped = effects.filter((e) => e.type === 'stop').map((e) => e.clock);
    if (stopped.length) {
      await rollUpStoppedClocks(manager, this.calendars.calendar(), {
        applicationId: application.id, definition, to, actor, today, stopped, rows,
      });
    }
    // Budget pools (issue 3): the final approval reserves the case's amount in its program/year pool, leaving the
    // funded states releases it. A pool that cannot cover it (or none, or a closed one) is a 409 that rolls this
    // whole transition back; the pool's row lock is what keeps parallel approvals from overspending it. Last in
    // the transaction, so that lock — which every approval of the program and year waits for — is held only
    // from here to the commit, not through the statements above.
    await applyBudgetEffects(manager, { ...updated, id: application.id }, from, to);
    return { transitionId, from, to, version };
  }

  /**
   * Opens a case: the first state change of its life, with its transition (from 'new'), audit and outbox rows
   * and the enterprise's in-app message — all in one statement, so it is atomic by itself (a caller needs no
   * transaction of its own for it) and costs one round trip. A second open case of the same enterprise, program
   * and year hits the unique index: a 409.
   */
  async open(
    manager: EntityManager,
    request: {
      enterpriseId: string;
      programCode: string;
      programVersionId: string;
      year: number;
      facts: Record<string, unknown>;
      status: 'submitted' | 'awaiting_confirmation';
      /** The enterprise's name, which its message names. */
      enterpriseName: string;
      actor: Actor;
      idempotencyKey?: string | null;
      /** The key's request (a replay with another body is refused). */
      idempotencyFingerprint?: string | null;
      /** The facts of the amount that rest on the enterprise's own word (declared, not verified yet). */
      unverifiedFacts?: string[] | null;
      patch?: CasePatch;
      /**
       * The case's number, drawn from `case_numbers` by the caller's own read (the api's submission context), so that
       * the message this statement writes can name it; drawn here, one more round trip, when not given.
       */
      caseSeq?: string;
    },
  ): Promise<{ applicationId: string; transitionId: string; caseSeq: string }> {
    const now = this.time.now();
    const patch = request.patch ?? {};
    const caseSeq = request.caseSeq ?? await drawCaseNumber(manager);
    // Read before the INSERT: after a unique violation the transaction answers nothing more.
    const { definition } = await this.catalog.byId(request.programVersionId, manager);
    // Made here so one statement can write the rows that name them. Random, as the columns' defaults are.
    const applicationId = randomUUID();
    const transitionId = randomUUID();
    // The case's own new stream: nobody can have written it, so its first row needs no lock and no read of a head.
    const audit = {
      stream: `application:${applicationId}`,
      actor: request.actor,
      action: 'case.open',
      data: { to: request.status, program: request.programCode, year: request.year, transitionId },
      at: now,
    };
    const told = transitionMessages({
      transitionId, applicationId, enterpriseId: request.enterpriseId, year: request.year, caseSeq, program: definition.name,
      enterprise: request.enterpriseName, from: 'new', to: request.status, action: 'open', actorAccountId: request.actor.accountId,
      detail: null, supplementItems: null, supplementDueAt: null, noticeEndsAt: null, offerLapsesAt: null, tasks: [],
    }).enterprise;
    // The notifier's job only when a webhook endpoint is registered (`keep`): the message is written here.
    const jobs: { job: JobItem }[] = [
      ...(request.status === 'submitted' ? [{ job: { name: JobName.ScreenApplication, data: { applicationId } } as JobItem }] : []),
      { job: { name: JobName.NotifyTransition, data: { transitionId } } },
    ];
    try {
      // The outbox rows and their owed records as enqueueAll writes them (its parameters from $19 on).
      await manager.query(
        `WITH app AS (
           INSERT INTO applications (id, enterprise_id, program_code, program_version_id, year, status, version, facts,
                                     idempotency_key, submitted_at, eligible, amount_fen, split, trace,
                                     idempotency_fingerprint, unverified_facts, case_seq)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $13, $14, $15, $34)),
         tr AS (
           INSERT INTO transitions (id, application_id, seq, from_status, to_status, action, actor_account_id, actor_role, at)
           VALUES ($16, $1, 1, 'new', $6, 'open', $17, $18, $9)),
         au AS (
           INSERT INTO audit_log (stream, seq, actor_account_id, actor_role, action, data, at, prev_hash, hash)
           VALUES ($23, 1, $17, $18, $24, $25, $26, $27, $28)),
         told AS (
           INSERT INTO notifications (account_id, source_id, application_id, kind, message)
           SELECT acc.id, $16::uuid::text, $1, $31, CASE acc.language WHEN 'en' THEN $32 ELSE $33 END
             FROM accounts acc WHERE acc.enterprise_id = $2),
         ${outboxWrites('$19', '$20', '$21', '$22', '$29', '$30', NOTIFIER_ONLY_FOR_WEBHOOKS)}`,
        [applicationId, request.enterpriseId, request.programCode, request.programVersionId, request.year, request.status,
          JSON.stringify(request.facts), request.idempotencyKey ?? null, now, patch.eligible ?? null,
          patch.amount_fen ?? null, patch.split ? JSON.stringify(patch.split) : null,
          patch.trace ? JSON.stringify(patch.trace) : null, request.idempotencyFingerprint ?? null,
          request.unverifiedFacts ? JSON.stringify(request.unverifiedFacts) : null,
          transitionId, request.actor.accountId, request.actor.role,
          ...outboxParams(jobs),
          audit.stream, audit.action, audit.data, audit.at.toISOString(), AUDIT_GENESIS, firstAuditHash(audit),
          ...owedParams(), told.kind, told.en, told.zh, caseSeq],
      );
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'uq_applications_open') {
        throw DomainError.because('open-case-exists', `an open case of ${request.programCode} for ${request.year} exists already`);
      }
      // What the version grants once only (issue 3): a concurrent duplicate hits its index.
      const duplicate = duplicateClaimError(error, definition);
      if (duplicate) throw duplicate;
      throw error;
    }
    return { applicationId, transitionId, caseSeq };
  }

  /** Cases of one program, year and status to open at once: `add` each, then `openMany` (open-many.ts). */
  casesToOpen(common: OpenManyCommon): CasesToOpen {
    return new CasesToOpen(this.time.now(), common);
  }

  /** `open` for the cases `cases` holds, COPYed; the caller's jobs notify them (open-many.ts). */
  async openMany(
    manager: EntityManager, cases: CasesToOpen, jobsOf: (opened: readonly OpenedCase[]) => { job: JobItem; runAt?: Date }[],
  ): Promise<OpenedCase[]> {
    const { definition } = await this.catalog.byId(cases.common.programVersionId, manager);
    return openMany(manager, definition, cases, jobsOf);
  }

  /**
   * A change that keeps the case where it is: compare-and-set of the columns and the version, the transition and
   * audit rows, and the enterprise's message. The case's clocks, deadlines, open tasks (an
   * objection's, say) and budget wait are left exactly as they were; so are its alarms, armed for the new version
   * as they were for the old one (no clock event, the same plan; a case whose arming lags keeps lagging, for
   * the sweep).
   */
  private async applyInPlace(manager: EntityManager, request: TransitionRequest, now: Date): Promise<TransitionResult> {
    const status = request.application.status;
    const updated = await compareAndSet(manager, request.application, status, { ...request.patch }, { armedAsBefore: true });
    const { version } = updated;
    const transitionId = timeOrderedUuid();
    await recordTransition(manager, this.transitionRow(request, { id: transitionId, from: status, to: status, version, now }));
    const { definition } = await this.catalog.byId(request.application.programVersionId, manager);
    await this.tell(manager, {
      transitionId, request, updated, definition, from: status, to: status, supplementDueAt: null, noticeEndsAt: null, tasks: [],
    }, []);
    return { transitionId, from: status, to: status, version };
  }

  /**
   * The transition's in-app messages (the enterprise's; the reviewers' who may take the task it made; the
   * deciders' when the case ends), written in its transaction from what it has at hand, with its outbox rows
   * (`jobs`) in the same statement: the notifier's job, its read and its own transaction are owed only for
   * webhook deliveries, when an endpoint is registered (the job's write then finds the messages there and adds none).
   */
  private async tell(
    manager: EntityManager,
    t: {
      transitionId: string; request: TransitionRequest; updated: CaseAfterUpdate; definition: ProgramVersion;
      from: CaseStatus; to: CaseStatus; supplementDueAt: Date | null; noticeEndsAt: Date | null;
      tasks: { id: string; stage: string; dueOn: string | null }[];
    },
    jobs: readonly { job: JobItem; runAt?: Date }[],
  ): Promise<void> {
    const { transitionId, request, updated } = t;
    const messages = transitionMessages({
      transitionId, applicationId: request.application.id, enterpriseId: updated.enterprise_id, year: updated.year,
      caseSeq: updated.case_seq, program: t.definition.name, enterprise: updated.enterprise, from: t.from, to: t.to, action: request.action.type,
      actorAccountId: request.actor.accountId, detail: (request.detail as TransitionFacts['detail']) ?? null,
      supplementItems: updated.supplement_items, materialNamesEn: t.definition.materialNamesEn,
      supplementDueAt: t.supplementDueAt, noticeEndsAt: t.noticeEndsAt,
      // A transition never enters awaiting_confirmation (an opening does, told by the notifier).
      offerLapsesAt: null, tasks: t.tasks,
    });
    await writeTransitionMessages(manager, { ...messages, settle: null }, jobs);
  }

  /**
   * Arms the case in the transition's transaction, from the clock events it read: the plan (`armingPlan`) and
   * the one arming statement (`writeArming`, which locks the case row — held already by the compare-and-set —
   * then the moments it uses, in id order), which also writes the case's and its open tasks' due dates. Returns
   * the outbox rows the arming owes (wake-ups of the moments it made, a drain if alarms are due already). Alarms
   * left unplaced after every try fail the transition.
   */
  private async arm(
    manager: EntityManager,
    app: { id: string; version: number; program_code: string; region_code: string },
    definition: ProgramVersion,
    rows: StoredClockRow[],
    now: Date,
    due: DueDates,
  ): Promise<{ job: JobItem; runAt?: Date }[]> {
    const plan = armingPlan(app, clocksOf(rows, definition), this.calendars.calendar());
    const written = await writeArming(manager, { cases: [{ id: app.id, version: app.version }], ...plan, due }, { clock: () => this.time.now() });
    if (written.unplaced > 0) throw new Error(`arming case ${app.id} left ${written.unplaced} alarms without their moment`);
    return armingJobs(written, now);
  }

  private transitionRow(
    request: TransitionRequest, step: { id: string; from: CaseStatus; to: CaseStatus; version: number; now: Date },
  ): TransitionRow {
    return {
      id: step.id, applicationId: request.application.id, version: step.version, from: step.from, to: step.to,
      action: request.action.type, actor: request.actor, reason: request.reason ?? null, detail: request.detail ?? null, at: step.now,
    };
  }

  /** When a timed state entered today runs out (the SLA repair recomputes it the same way after an override). */
  private deadlineOf(definition: ProgramVersion, state: TimedState, today: string): Date {
    return startOfShanghaiDay(stateDeadlineDay(definition, state, today, this.calendars.calendar()));
  }
}
