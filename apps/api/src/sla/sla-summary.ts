import { Injectable } from '@nestjs/common';
import { TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { clockOf, OPEN_STATUSES, runningClockWhere, Where } from './sla-filter-sql';
import { SlaFilter, SlaSummaryDto } from './sla.dto';

/**
 * The 限时办结率 dashboard. Completed figures are sums over `sla_rollup` (written by each transition that
 * stops a clock), grouped by working days used, so the mean and the p90 come from the distribution without
 * reading a case; open, at-risk and overdue are index lookups of what is open now.
 */
@Injectable()
export class SlaSummary {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async summarize(filter: SlaFilter): Promise<SlaSummaryDto> {
    const clock = clockOf(filter);
    const [completed, open, risk] = await Promise.all([this.completed(filter), this.open(filter), this.risk(filter)]);
    return {
      clock,
      from: filter.from ?? null,
      to: filter.to ?? null,
      ...completed,
      open,
      ...risk,
    };
  }

  private async completed(filter: SlaFilter) {
    const where = new Where();
    if (filter.reviewer && !filter.stage) where.add(() => `clock <> 'case'`);
    else where.add((p) => `clock = ${p(clockOf(filter))}`);
    if (filter.from) where.add((p) => `day >= ${p(filter.from)}`);
    if (filter.to) where.add((p) => `day <= ${p(filter.to)}`);
    if (filter.program) where.add((p) => `program_code = ${p(filter.program)}`);
    if (filter.region) where.add((p) => `region_code = ${p(filter.region)}`);
    if (filter.reviewer) where.add((p) => `reviewer_id = ${p(filter.reviewer)}`);
    const rows: { used: number; completed: string; on_time: string }[] = await this.dataSource.query(
      `SELECT used_days AS used, sum(completed) AS completed, sum(on_time) AS on_time
         FROM sla_rollup WHERE ${where.sql()} GROUP BY used_days ORDER BY used_days`,
      where.params,
    );
    return distribution(rows.map((r) => ({ used: r.used, completed: Number(r.completed), onTime: Number(r.on_time) })));
  }

  private async open(filter: SlaFilter): Promise<number> {
    const where = new Where();
    if (filter.stage) where.add((p) => `a.status = ${p(filter.stage)}`);
    else where.add((p) => `a.status = ANY(${p(OPEN_STATUSES)})`);
    if (filter.program) where.add((p) => `a.program_code = ${p(filter.program)}`);
    if (filter.region) where.add((p) => `e.region_code = ${p(filter.region)}`);
    if (filter.reviewer) {
      where.add(
        (p) => `EXISTS (SELECT 1 FROM review_tasks t WHERE t.application_id = a.id
                   AND t.status IN ('open', 'claimed') AND t.assignee_id = ${p(filter.reviewer)})`,
      );
    }
    const [{ n }]: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE ${where.sql()}`,
      where.params,
    );
    return Number(n);
  }

  private async risk(filter: SlaFilter): Promise<{ atRisk: number; overdue: number }> {
    const where = runningClockWhere(filter);
    const today = where.params.push(this.time.today());
    const [row]: { at_risk: string; overdue: string }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE rc.yellow_on <= $${today} AND rc.due_on >= $${today}) AS at_risk,
              count(*) FILTER (WHERE rc.due_on < $${today}) AS overdue
         FROM sla_running_clocks rc WHERE ${where.sql()} AND rc.yellow_on <= $${today}`,
      where.params,
    );
    return { atRisk: Number(row.at_risk), overdue: Number(row.overdue) };
  }
}

/** Rate, mean and p90 (nearest rank) from counts by working days used. */
export function distribution(rows: { used: number; completed: number; onTime: number }[]) {
  const completed = rows.reduce((s, r) => s + r.completed, 0);
  const onTime = rows.reduce((s, r) => s + r.onTime, 0);
  if (completed === 0) return { completed, onTime, onTimeRate: null, meanWorkingDays: null, p90WorkingDays: null };
  const sum = rows.reduce((s, r) => s + r.used * r.completed, 0);
  const rank = Math.ceil(0.9 * completed);
  let seen = 0;
  let p90 = rows[rows.length - 1].used;
  for (const r of [...rows].sort((a, b) => a.used - b.used)) {
    seen += r.completed;
    if (seen >= rank) {
      p90 = r.used;
      break;
    }
  }
  return {
    completed,
    onTime,
    onTimeRate: Math.round((onTime / completed) * 10000) / 10000,
    meanWorkingDays: Math.round((sum / completed) * 100) / 100,
    p90WorkingDays: p90,
  };
}
