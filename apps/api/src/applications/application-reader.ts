import { Injectable } from '@nestjs/common';
import { auditRefusedAccess, caseScope, Principal } from '@app/auth';
import { addCalendarDays, caseNumber, currentRun, DomainError, evaluateRun, idleRun, ProgramVersion } from '@app/domain';
import {
  CalendarService,
  CaseClocks,
  ProgramCatalog,
  shanghaiDay,
  TimeSource,
} from '@app/persistence';
import { DataSource } from 'typeorm';
import { Materials } from '../materials/materials';
import { missingMaterials } from '../materials/required-materials';
import { BreachForecast } from '../sla/breach-forecast';
import { ApplicationDto, ApplicationListQuery, TimelineEntryDto } from './application.dto';
import { withEscalations } from '../escalation/escalation-history';
import { personsReason, storedReason } from './timeline-reason';

interface Row {
  id: string;
  enterprise_id: string;
  program_code: string;
  program_version_id: string;
  year: number;
  case_seq: string | null;
  status: string;
  version: number;
  eligible: boolean | null;
  amount_fen: string | null;
  split: Record<string, number> | null;
  trace: ApplicationDto['trace'];
  facts: Record<string, unknown>;
  due_on: string | null;
  notice_ends_at: Date | null;
  submitted_at: Date;
  decided_at: Date | null;
  unverified_facts: string[] | null;
  supplement_items: string[] | null;
  label: string;
  budget_wait_since: Date | null;
  budget_wait_reason: string | null;
}

const COLUMNS = `a.id, a.enterprise_id, a.program_code, a.program_version_id, a.year, a.case_seq, a.status, a.version, a.eligible,
  a.amount_fen, a.split, a.trace, a.facts, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.notice_ends_at, a.submitted_at,
  a.decided_at, a.unverified_facts, a.supplement_items, pv.version AS label, a.budget_wait_since, a.budget_wait_reason`;

/** Reads cases as the caller may see them: someone else's case is a 404, never a 403. */
@Injectable()
export class ApplicationReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clocks: CaseClocks,
    private readonly catalog: ProgramCatalog,
    private readonly calendars: CalendarService,
    private readonly time: TimeSource,
    private readonly forecast: BreachForecast,
    private readonly materials: Materials,
  ) {}

  async get(principal: Principal, id: string): Promise<ApplicationDto> {
    const scope = caseScope(principal, 'a', 2);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM applications a JOIN program_versions pv ON pv.id = a.program_version_id
        WHERE a.id = $1 AND ${scope.sql}`,
      [id, ...scope.params],
    );
    if (!rows[0]) {
      await this.auditDenied(principal, id);
      throw DomainError.notFound('application');
    }
    const view = this.toDto(rows[0]);
    const transitions: {
      at: Date;
      from_status: string;
      to_status: string;
      action: string;
      actor_role: string;
      reason: string | null;
    }[] = await this.dataSource.query(
      'SELECT at, from_status, to_status, action, actor_role, reason FROM transitions WHERE application_id = $1 ORDER BY seq',
      [id],
    );
    view.timeline = transitions.map((t): TimelineEntryDto => ({
      at: t.at.toISOString(),
      from: t.from_status,
      to: t.to_status,
      action: t.action,
      actorRole: t.actor_role,
      ...storedReason(t.reason),
    }));
    view.timeline = [...view.timeline, ...(await this.objectionEntries(id))].sort((x, y) =>
      x.at.localeCompare(y.at),
    );
    const { definition } = await this.catalog.byId(rows[0].program_version_id);
    view.timeline = await withEscalations(this.dataSource.manager, id, definition, view.timeline);
    const run = currentRun(await this.clocks.events(this.dataSource.manager, id), 'case', definition);
    const status = evaluateRun(run ?? idleRun('case', definition), this.calendars.calendar(), this.time.today());
    view.currentStage = await this.currentStage(id, rows[0].status);
    view.expectedCompletionOn = await this.expectedCompletion(id, rows[0], definition);
    view.supplement =
      rows[0].status === 'supplement' && view.currentStage?.endsAt
        ? { items: rows[0].supplement_items ?? [], answerBy: view.currentStage.endsAt }
        : null;
    view.confirmBy = rows[0].status === 'awaiting_confirmation' ? (view.currentStage?.endsAt ?? null) : null;
    view.materials = await this.materials.ofCase(id);
    view.materialsMissing = await missingMaterials(this.dataSource.manager, id, definition);
    view.clock = {
      state: status.state,
      due: status.due,
      countedDays: status.countedDays,
      remainingDays: status.remainingDays,
      overdueDays: status.overdueWorkingDays,
      level: status.level,
      limitDays: definition.promisedLimitDays,
    };
    return view;
  }

  /** Reaching for a case that exists but is not the caller's is recorded (it still looks like a 404). */
  private auditDenied(principal: Principal, id: string): Promise<void> {
    return auditRefusedAccess(this.dataSource.manager, principal, { kind: 'case', id }, this.time.now());
  }

  /** Where the case stands now, with the deadline that applies to it there. */
  private async currentStage(id: string, status: string): Promise<ApplicationDto['currentStage']> {
    if (['paid', 'refused', 'withdrawn', 'declined', 'lapsed'].includes(status)) return null;
    const [row]: { due_on: string | null; ends_at: Date | null }[] = await this.dataSource.query(
      `SELECT (SELECT to_char(max(t.due_on), 'YYYY-MM-DD') FROM review_tasks t
                WHERE t.application_id = a.id AND t.stage = a.status AND t.status IN ('open', 'claimed')) AS due_on,
              CASE a.status WHEN 'public_notice' THEN a.notice_ends_at WHEN 'supplement' THEN a.supplement_due_at
                WHEN 'awaiting_confirmation' THEN (SELECT o.lapses_at FROM offers o WHERE o.application_id = a.id) END AS ends_at
         FROM applications a WHERE a.id = $1`,
      [id],
    );
    return {
      stage: status,
      dueOn: row?.due_on ?? null,
      endsAt: row?.ends_at ? row.ends_at.toISOString() : null,
    };
  }

  /**
   * The expected 办结 day: the review stages ahead at their recent pace (the breach forecast), then the public
   * notice (公示), which 办结 follows — the day after it ends. In 公示 it is the day the notice ends into.
   */
  private async expectedCompletion(id: string, row: Row, definition: ProgramVersion): Promise<string | null> {
    if (row.status === 'public_notice' && row.notice_ends_at) return shanghaiDay(row.notice_ends_at);
    const reviewsDone = await this.forecast.forCase(id);
    if (reviewsDone === null) return null;
    const notice = definition.stages.find((s) => s.code === 'public_notice');
    if (!notice || notice.limitDays === null) return reviewsDone;
    const ends =
      notice.unit === 'calendar'
        ? addCalendarDays(reviewsDone, notice.limitDays)
        : this.calendars.calendar().addWorkingDays(reviewsDone, notice.limitDays);
    return addCalendarDays(ends, 1);
  }

  /** Objections filed against the case in 公示, and their resolutions, as timeline entries (the objector's contact stays out). */
  private async objectionEntries(id: string): Promise<TimelineEntryDto[]> {
    const rows: {
      reason: string;
      status: string;
      resolution: string | null;
      created_at: Date;
      resolved_at: Date | null;
    }[] = await this.dataSource.query(
      'SELECT reason, status, resolution, created_at, resolved_at FROM objections WHERE application_id = $1 ORDER BY created_at',
      [id],
    );
    return rows.flatMap((o) => [
      {
        at: o.created_at.toISOString(),
        from: 'public_notice',
        to: 'public_notice',
        action: 'objection.filed',
        actorRole: 'public',
        ...personsReason(o.reason),
      },
      ...(o.resolved_at
        ? [
            {
              at: o.resolved_at.toISOString(),
              from: 'public_notice',
              to: 'public_notice',
              action: `objection.${o.status}`,
              actorRole: 'city_reviewer',
              ...personsReason(o.resolution),
            },
          ]
        : []),
    ]);
  }

  async list(principal: Principal, query: ApplicationListQuery): Promise<ApplicationDto[]> {
    const scope = caseScope(principal, 'a', 1);
    const params: unknown[] = [...scope.params];
    const where = [scope.sql];
    if (query.status) where.push(`a.status = $${params.push(query.status)}`);
    if (query.program) where.push(`a.program_code = $${params.push(query.program)}`);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM applications a JOIN program_versions pv ON pv.id = a.program_version_id
        WHERE ${where.join(' AND ')} ORDER BY a.submitted_at DESC, a.id
        LIMIT $${params.push(query.limit ?? 50)} OFFSET $${params.push(query.offset ?? 0)}`,
      params,
    );
    return rows.map((r) => this.toDto(r));
  }

  private toDto(r: Row): ApplicationDto {
    return {
      id: r.id,
      caseNumber: caseNumber(r.year, r.id, r.case_seq),
      enterpriseId: r.enterprise_id,
      program: r.program_code,
      programVersion: r.label,
      year: r.year,
      status: r.status,
      version: r.version,
      eligible: r.eligible,
      amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
      amountProvisional: (r.unverified_facts ?? []).length > 0,
      unverifiedFacts: r.unverified_facts ?? [],
      split: r.split,
      trace: r.trace,
      facts: r.facts,
      dueOn: r.due_on,
      noticeEndsAt: r.notice_ends_at ? r.notice_ends_at.toISOString() : null,
      submittedAt: r.submitted_at.toISOString(),
      decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
      awaitingBudget: r.budget_wait_since
        ? { since: r.budget_wait_since.toISOString(), reason: r.budget_wait_reason ?? 'waiting for budget' }
        : null,
    };
  }
}
