import { Injectable } from '@nestjs/common';
import { caseNumber } from '@app/domain';
import { atRiskSql, CalendarService, overdueSql, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { runningClockWhere } from './sla-filter-sql';
import { SlaCaseDto, SlaCasesQuery, SlaHolderDto } from './sla.dto';

interface Row {
  application_id: string;
  year: number;
  case_seq: string | null;
  program_code: string;
  status: string;
  enterprise_name: string;
  region_code: string;
  clock: string;
  yellow_on: string;
  due_on: string;
  holders: SlaHolderDto[] | null;
}

/** Overdue or at-risk cases, most urgent first, each with who holds it (assignee, or the queue's role). */
@Injectable()
export class SlaCases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly calendars: CalendarService,
  ) {}

  async list(query: SlaCasesQuery): Promise<SlaCaseDto[]> {
    const today = this.time.today();
    const where = runningClockWhere(query);
    if (query.level === 'overdue') where.add((p) => overdueSql('rc', p(today)));
    else where.add((p) => atRiskSql('rc', p(today)));
    const rows: Row[] = await this.dataSource.query(
      `SELECT rc.application_id, a.year, a.case_seq, rc.program_code, a.status, e.name AS enterprise_name, rc.region_code, rc.clock,
              to_char(rc.yellow_on, 'YYYY-MM-DD') AS yellow_on, to_char(rc.due_on, 'YYYY-MM-DD') AS due_on,
              (SELECT json_agg(json_build_object('taskId', t.id, 'stage', t.stage, 'candidateRole', t.candidate_role,
                        'regionCode', t.region_code, 'assigneeId', t.assignee_id, 'assigneeName', acc.display_name))
                 FROM review_tasks t LEFT JOIN accounts acc ON acc.id = t.assignee_id
                WHERE t.application_id = rc.application_id AND t.status IN ('open', 'claimed')) AS holders
         FROM sla_running_clocks rc
         JOIN applications a ON a.id = rc.application_id
         JOIN enterprises e ON e.id = a.enterprise_id
        WHERE ${where.sql()}
        ORDER BY rc.due_on, rc.application_id LIMIT ${where.params.push(query.limit ?? 100) && `$${where.params.length}`}`,
      where.params,
    );
    const calendar = this.calendars.calendar();
    return rows.map((r) => ({
      applicationId: r.application_id,
      caseNumber: caseNumber(r.year, r.application_id, r.case_seq),
      program: r.program_code,
      status: r.status,
      enterpriseName: r.enterprise_name,
      regionCode: r.region_code,
      clock: r.clock,
      yellowOn: r.yellow_on,
      dueOn: r.due_on,
      overdueWorkingDays: calendar.countWorkingDays(r.due_on, today),
      holders: r.holders ?? [],
    }));
  }
}
