import { Injectable } from '@nestjs/common';
import { atRiskSql, overdueSql, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { clockOf, OPEN_STATUSES, runningClockWhere, Where } from './sla-filter-sql';
import { SlaFilter, SlaMonthDto, SlaMonthsQuery, SlaSummaryDto } from './sla.dto';

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

  /**
   * The completed figures of each month of a year, as `summarize` gives them for a whole month (which reads the
   * monthly sums only), in one read: the dashboard's chart asked twelve summaries, each also counting what is
   * open and at risk now.
   */
  async months(query: SlaMonthsQuery): Promise<SlaMonthDto[]> {
    const where = rollupWhere(query);
    const from = where.params.push(`${query.year}-01-01`);
    const until = where.params.push(`${query.year + 1}-01-01`);
    const rows: { month: string; used: number; completed: string; on_time: string }[] = await this.dataSource.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, used_days AS used, sum(completed) AS completed, sum(on_time) AS on_time
         FROM sla_rollup_monthly WHERE ${where.sql()} AND month >= $${from} AND month < $${until}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      where.params,
    );
    return Array.from({ length: 12 }, (_, i) => {
      const month = `${query.year}-${String(i + 1).padStart(2, '0')}`;
      const last = new Date(Date.UTC(query.year, i + 1, 0)).getUTCDate();
      const of = rows.filter((r) => r.month === month).map((r) => ({ used: r.used, completed: Number(r.completed), onTime: Number(r.on_time) }));
      return { month, clock: clockOf(query), from: `${month}-01`, to: `${month}-${last}`, ...distribution(of) };
    });
  }

  private async completed(filter: SlaFilter) {
    const dims = rollupWhere(filter);
    const params = dims.params;
    const p = (value: unknown) => `$${params.push(value)}`;
    const rows: { used: number; completed: string; on_time: string }[] = await this.dataSource.query(
      `SELECT used_days AS used, sum(completed) AS completed, sum(on_time) AS on_time
         FROM (${rollupInPeriod('used_days, completed, on_time', dims.sql(), filter, p)}) r GROUP BY used_days ORDER BY used_days`,
      params,
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
      `SELECT count(*) FILTER (WHERE ${atRiskSql('rc', `$${today}`)}) AS at_risk,
              count(*) FILTER (WHERE ${overdueSql('rc', `$${today}`)}) AS overdue
         FROM sla_running_clocks rc WHERE ${where.sql()} AND rc.yellow_on <= $${today}`,
      where.params,
    );
    return { atRisk: Number(row.at_risk), overdue: Number(row.overdue) };
  }
}

/** The roll-up rows a filter selects: its clock (a reviewer's, without a stage, are all stage clocks), program, district, reviewer. */
function rollupWhere(filter: SlaFilter): Where {
  const dims = new Where();
  if (filter.reviewer && !filter.stage) dims.add(() => `clock <> 'case'`);
  else dims.add((p) => `clock = ${p(clockOf(filter))}`);
  if (filter.program) dims.add((p) => `program_code = ${p(filter.program)}`);
  if (filter.region) dims.add((p) => `region_code = ${p(filter.region)}`);
  if (filter.reviewer) dims.add((p) => `reviewer_id = ${p(filter.reviewer)}`);
  return dims;
}

/**
 * The roll-up rows of a period as one SELECT (`columns` of each row matching `dims`): whole months from the monthly
 * sums, the ragged ends from the daily rows (`splitPeriod`). `param` numbers the bounds it adds after `dims`'.
 */
export function rollupInPeriod(
  columns: string, dims: string, period: { from?: string; to?: string }, param: (value: unknown) => string,
): string {
  const parts: string[] = [];
  const { months, days } = splitPeriod(period.from ?? null, period.to ?? null);
  if (months) {
    const bounds = [months.from ? `month >= ${param(months.from)}` : '', months.until ? `month < ${param(months.until)}` : ''].filter(Boolean);
    parts.push(`SELECT ${columns} FROM sla_rollup_monthly WHERE ${[dims, ...bounds].join(' AND ')}`);
  }
  for (const range of days) {
    const bounds = [range.from ? `day >= ${param(range.from)}` : '', range.to ? `day <= ${param(range.to)}` : ''].filter(Boolean);
    parts.push(`SELECT ${columns} FROM sla_rollup WHERE ${[dims, ...bounds].join(' AND ')}`);
  }
  return parts.join(' UNION ALL ');
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

/**
 * Splits a period [from, to] (either end open) into whole calendar months, read from the monthly sums, and
 * the ragged days at either end, read from the daily rows. Month bounds are first days; `until` is exclusive.
 */
export function splitPeriod(
  from: string | null,
  to: string | null,
): { months: { from: string | null; until: string | null } | null; days: { from: string | null; to: string | null }[] } {
  const firstOfNext = (day: string) => {
    const [y, m] = day.split('-').map(Number);
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  };
  const monthFrom = from === null ? null : from.endsWith('-01') ? from : firstOfNext(from);
  const lastOfMonth = (day: string) => addDays(firstOfNext(day), -1) === day;
  const monthUntil = to === null ? null : lastOfMonth(to) ? firstOfNext(to) : `${to.slice(0, 7)}-01`;
  if (monthFrom !== null && monthUntil !== null && monthFrom >= monthUntil) return { months: null, days: [{ from, to }] };
  const days: { from: string | null; to: string | null }[] = [];
  if (from !== null && monthFrom !== null && from < monthFrom) days.push({ from, to: addDays(monthFrom, -1) });
  if (to !== null && monthUntil !== null && monthUntil <= to) days.push({ from: monthUntil, to });
  return { months: { from: monthFrom, until: monthUntil }, days };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
