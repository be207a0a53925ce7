import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { caseNumber, DomainError } from '@app/domain';
import { appendAudit, atRiskSql, CalendarService, overdueSql, TimeSource, updateReturning } from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { barOf, decidedBeforeSql, decisionBar, deciderOf, refusalOf, taskSubject } from './decision-rule';
import { taskScope } from './task-access';
import { ReassignmentDto, ReassignmentResultDto, TaskDto, TaskQuery } from './task.dto';

interface TaskRow {
  id: string;
  kind: string;
  entered_transition_id: string;
  application_id: string;
  stage: string;
  status: string;
  version: number;
  candidate_role: string;
  region_code: string | null;
  assignee_id: string | null;
  due_on: string | null;
  program_code: string;
  year: number;
  case_seq: string | null;
  enterprise_name: string;
  amount_fen: string | null;
  eligible: boolean | null;
  budget_wait_reason: string | null;
  yellow_on: string | null;
  case_due_on: string | null;
}

const COLUMNS = `t.id, t.kind, t.entered_transition_id, t.application_id, t.stage, t.status, t.version, t.candidate_role, t.region_code, t.assignee_id,
  to_char(t.due_on, 'YYYY-MM-DD') AS due_on, a.program_code, a.year, a.case_seq, e.name AS enterprise_name, a.amount_fen, a.eligible,
  a.budget_wait_reason, to_char(t.yellow_on, 'YYYY-MM-DD') AS yellow_on, to_char(a.due_on, 'YYYY-MM-DD') AS case_due_on`;
const FROM = 'FROM review_tasks t JOIN applications a ON a.id = t.application_id JOIN enterprises e ON e.id = a.enterprise_id';
const SELECT = `SELECT ${COLUMNS} ${FROM}`;

/** A reviewer's work queue: list (by due date), claim and release. Claims are compare-and-set: one wins. */
@Injectable()
export class TaskQueue {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly calendars: CalendarService,
  ) {}

  /**
   * The SLA colour of a task's stage clock today and its working days left (negative: overdue), and the working
   * days left to its case's promised deadline (the case clock, which the dashboard's 超期 counts).
   */
  private withClock(dto: TaskDto, yellowOn: string | null): TaskDto {
    const today = this.time.today();
    const calendar = this.calendars.calendar();
    const left = (due: string | null) =>
      due === null ? null : due >= today ? calendar.countWorkingDays(today, due) : -calendar.countWorkingDays(due, today);
    const caseWorkingDaysLeft = left(dto.caseDueOn);
    if (!dto.dueOn) return { ...dto, colour: null, workingDaysLeft: null, caseWorkingDaysLeft };
    const colour = dto.dueOn < today ? 'red' : yellowOn !== null && yellowOn <= today ? 'yellow' : 'green';
    return { ...dto, colour, workingDaysLeft: left(dto.dueOn), caseWorkingDaysLeft };
  }

  async list(principal: Principal, query: TaskQuery): Promise<TaskDto[]> {
    const scope = taskScope(principal, 1);
    const params: unknown[] = [...scope.params];
    const where = [scope.sql];
    const me = params.push(principal.accountId);
    where.push(
      query.scope === 'mine'
        ? `t.status = 'claimed' AND t.assignee_id = $${me}`
        : query.scope === 'all'
          ? `t.status IN ('open', 'claimed', 'awaiting_budget') AND $${me}::uuid IS NOT NULL`
          : `(t.status IN ('open', 'awaiting_budget') OR (t.status = 'claimed' AND t.assignee_id = $${me}))`,
    );
    // A queue never shows work whose case has moved on (exits cancel it; this says so for any other gap).
    where.push('a.status = t.stage');
    if (query.assignee) where.push(`t.assignee_id = $${params.push(query.assignee)}`);
    if (query.stage) where.push(`t.stage = $${params.push(query.stage)}`);
    if (query.program) where.push(`a.program_code = $${params.push(query.program)}`);
    if (query.region) where.push(`t.region_code = $${params.push(query.region)}`);
    if (query.colour) {
      const today = params.push(this.time.today());
      where.push(
        query.colour === 'red'
          ? overdueSql('t', `$${today}`)
          : query.colour === 'yellow'
            ? atRiskSql('t', `$${today}`)
            : `(t.due_on IS NULL OR (t.due_on >= $${today} AND (t.yellow_on IS NULL OR t.yellow_on > $${today})))`,
      );
    }
    const rows: TaskRow[] = await this.dataSource.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY t.due_on NULLS LAST, t.created_at LIMIT $${params.push(query.limit ?? 100)}`,
      params,
    );
    return rows.map((r) => this.withClock(toDto(r), r.yellow_on));
  }

  /** A task the caller may see, or a 404 that says nothing about tasks they may not. */
  async visible(principal: Principal, id: string): Promise<TaskDto> {
    const scope = taskScope(principal, 2);
    const rows: TaskRow[] = await this.dataSource.query(`${SELECT} WHERE t.id = $1 AND ${scope.sql}`, [id, ...scope.params]);
    if (!rows[0]) throw DomainError.notFound('task');
    return this.withClock(toDto(rows[0]), rows[0].yellow_on);
  }

  /**
   * `visible`, and whether the caller may decide the task (the decision rule: its reading of the case in the same
   * statement).
   */
  async visibleToDecide(principal: Principal, id: string): Promise<{ task: TaskDto; bar: string | null }> {
    const scope = taskScope(principal, 3);
    const rows: (TaskRow & { enterprise_id: string; decided_before: boolean })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, a.enterprise_id,
              ${decidedBeforeSql('t.application_id', '$2', 't.id', 't.stage', 't.entered_transition_id')} AS decided_before
         ${FROM} WHERE t.id = $1 AND ${scope.sql}`,
      [id, principal.accountId, ...scope.params],
    );
    if (!rows[0]) throw DomainError.notFound('task');
    const task = this.withClock(toDto(rows[0]), rows[0].yellow_on);
    const facts = { enterpriseId: rows[0].enterprise_id, decidedBefore: rows[0].decided_before };
    return { task, bar: barOf(principal, taskSubject(task), facts) };
  }

  async claim(principal: Principal, id: string, version: number): Promise<TaskDto> {
    // Nobody claims what they may not decide: the decision's own rule and message.
    const { bar } = await this.visibleToDecide(principal, id);
    if (bar) throw refusalOf(bar);
    const rows = await updateReturning(
      this.dataSource,
      `UPDATE review_tasks SET status = 'claimed', assignee_id = $3, version = version + 1
        WHERE id = $1 AND version = $2 AND status = 'open' RETURNING id`,
      [id, version, principal.accountId],
    );
    if (!rows.length) throw DomainError.because('task-changed', 'the task was claimed or changed by someone else; reload it');
    return this.visible(principal, id);
  }

  /**
   * A team lead (director) hands a task to a reviewer who holds its role, works for its district and has no
   * declared conflict with the enterprise.
   */
  async assign(lead: Principal, id: string, version: number, assigneeId: string): Promise<TaskDto> {
    const task = await this.visible(lead, id);
    const assignee = await deciderOf(this.dataSource.manager, assigneeId);
    if (!assignee) throw DomainError.invalid([{ field: 'assigneeId', message: 'no such reviewer' }]);
    const bar = await this.barToHandOver(this.dataSource.manager, task, assignee);
    if (bar) throw DomainError.invalid([{ field: 'assigneeId', message: `this reviewer may not take the task: ${bar}` }]);
    await this.dataSource.transaction(async (manager) => {
      const rows = await updateReturning(
        manager,
        `UPDATE review_tasks SET status = 'claimed', assignee_id = $3, version = version + 1
          WHERE id = $1 AND version = $2 AND status IN ('open', 'claimed') RETURNING id`,
        [id, version, assigneeId],
      );
      if (!rows.length) throw DomainError.because('task-changed', 'the task changed since you loaded it; reload it');
      await appendAudit(manager, {
        stream: `application:${task.applicationId}`,
        actor: { accountId: lead.accountId, role: 'director' },
        action: 'task.assigned',
        data: { taskId: id, assigneeId },
        at: this.time.now(),
      });
    });
    return this.visible(lead, id);
  }

  /**
   * A reviewer is away: every task they hold in the lead's scope moves at once, in one transaction, each
   * audited with the reason. A task the colleague may take becomes theirs; any other (no colleague named, or
   * one the rule bars: role, district, conflict, four eyes) goes back to the open queue of its role.
   */
  async reassignAll(lead: Principal, body: ReassignmentDto): Promise<ReassignmentResultDto> {
    const target = body.toAssigneeId ? await deciderOf(this.dataSource.manager, body.toAssigneeId) : null;
    if (body.toAssigneeId && !target) throw DomainError.invalid([{ field: 'toAssigneeId', message: 'no such reviewer' }]);
    if (body.toAssigneeId === body.fromAssigneeId) {
      throw DomainError.invalid([{ field: 'toAssigneeId', message: 'must differ from fromAssigneeId' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const scope = taskScope(lead, 2);
      const held: TaskRow[] = await manager.query(
        `${SELECT} WHERE t.status = 'claimed' AND t.assignee_id = $1 AND ${scope.sql} ORDER BY t.due_on NULLS LAST, t.created_at
          FOR UPDATE OF t`,
        [body.fromAssigneeId, ...scope.params],
      );
      const result: ReassignmentResultDto = { moved: [], released: [] };
      for (const row of held.map(toDto)) {
        const bar = target ? await this.barToHandOver(manager, row, target) : 'no colleague named';
        const to = bar ? null : target!.accountId;
        await manager.query(
          `UPDATE review_tasks SET status = $2, assignee_id = $3, version = version + 1 WHERE id = $1`,
          [row.id, to ? 'claimed' : 'open', to],
        );
        await appendAudit(manager, {
          stream: `application:${row.applicationId}`,
          actor: { accountId: lead.accountId, role: 'director' },
          action: 'task.reassigned',
          data: { taskId: row.id, from: body.fromAssigneeId, to, reason: body.reason, ...(bar ? { released: bar } : {}) },
          at: this.time.now(),
        });
        if (to) result.moved.push({ taskId: row.id, applicationId: row.applicationId, assigneeId: to });
        else result.released.push({ taskId: row.id, applicationId: row.applicationId, reason: bar! });
      }
      return result;
    });
  }

  /** Why this reviewer may not be handed the task (district, then the decision rule), or null. */
  private async barToHandOver(
    manager: EntityManager,
    task: TaskDto,
    who: { accountId: string; roles: readonly string[]; regionCode: string | null; conflictEnterpriseIds: readonly string[] },
  ): Promise<string | null> {
    if (task.regionCode !== null && who.regionCode !== null && who.regionCode !== task.regionCode) {
      return `the task is for district ${task.regionCode}`;
    }
    return decisionBar(manager, who, taskSubject(task));
  }

  async release(principal: Principal, id: string, version: number): Promise<TaskDto> {
    await this.visible(principal, id);
    const rows = await updateReturning(
      this.dataSource,
      `UPDATE review_tasks SET status = 'open', assignee_id = NULL, version = version + 1
        WHERE id = $1 AND version = $2 AND status = 'claimed' AND assignee_id = $3 RETURNING id`,
      [id, version, principal.accountId],
    );
    if (!rows.length) throw DomainError.because('task-changed', 'the task is not claimed by you at that version');
    return this.visible(principal, id);
  }
}

function toDto(r: TaskRow): TaskDto {
  return {
    id: r.id,
    kind: r.kind,
    enteredTransitionId: r.entered_transition_id,
    applicationId: r.application_id,
    stage: r.stage,
    status: r.status,
    version: r.version,
    candidateRole: r.candidate_role,
    regionCode: r.region_code,
    assigneeId: r.assignee_id,
    dueOn: r.due_on,
    caseDueOn: r.case_due_on,
    program: r.program_code,
    caseNumber: caseNumber(r.year, r.application_id, r.case_seq),
    enterpriseName: r.enterprise_name,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    eligible: r.eligible,
    awaitingBudget: r.status === 'awaiting_budget' ? (r.budget_wait_reason ?? 'waiting for budget') : null,
  };
}
