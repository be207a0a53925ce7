import { Injectable } from '@nestjs/common';
import { caseNumber, ProgramStage, ProgramVersion } from '@app/domain';
import { CalendarService, ProgramCatalog, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { runningClockWhere } from './sla-filter-sql';
import { ForecastDto, ForecastQuery } from './sla.dto';

/** Recent throughput is measured over this many working days back from today. */
export const FORECAST_WINDOW_DAYS = 20;
/** Past this many working days a version's bound is not used (every clock of it is evaluated). */
const MAX_HORIZON_DAYS = 5000;

interface StageStats {
  /** Stage completions per working day over the window (λ). */
  rate: number;
  /** Mean working days a stage run took over the window; null without history. */
  meanDays: number | null;
  /** Open tasks in the stage now (L). */
  depth: number;
}

interface CaseRow {
  application_id: string;
  year: number;
  case_seq: string | null;
  program_code: string;
  program_version_id: string;
  region_code: string;
  status: string;
  due_on: string;
  yellow_on: string;
  stage_from: string | null;
  ahead: number | null;
}

interface QueuePlace {
  application_id: string;
  ahead: number;
}

/** Open review tasks by program, their case's status and the task's stage (the queue's depths, and the bounds'). */
interface QueueCount {
  program_code: string;
  status: string;
  stage: string;
  n: number;
}

/** The stages whose working days count on the case clock, in order. */
function countedStages(definition: ProgramVersion): ProgramStage[] {
  return definition.stages.filter((s) => s.countsOnCaseClock && s.unit === 'working');
}

/** The counted stages still ahead of a case in `status`, its current one first (none when it is in no counted stage). */
function stagesFrom(definition: ProgramVersion, status: string): ProgramStage[] {
  const counted = countedStages(definition);
  const current = counted.findIndex((s) => s.code === status);
  return current < 0 ? [] : counted.slice(current);
}

/**
 * Working days through `ahead` (see the class comment): each later stage the larger of its mean and Little's law;
 * the current one whatever `current` makes of its stats and mean (the case's own remainder and place in the queue).
 */
function daysAhead(program: string, ahead: ProgramStage[], stats: Map<string, StageStats>, current: (s: StageStats, mean: number) => number): number {
  let days = 0;
  ahead.forEach((stage, i) => {
    const s = stats.get(`${program}/${stage.code}`) ?? { rate: 0, meanDays: null, depth: 0 };
    const mean = s.meanDays ?? stage.limitDays ?? 0;
    days += i === 0 ? current(s, mean) : Math.max(mean, s.rate > 0 ? s.depth / s.rate : 0);
  });
  return days;
}

/** One row per clock and open review task of its case (a clock with none keeps one row, ahead null). */
function withQueuePlaces(clocks: Omit<CaseRow, 'ahead'>[], places: QueuePlace[]): CaseRow[] {
  const byCase = new Map<string, number[]>();
  for (const p of places) (byCase.get(p.application_id) ?? byCase.set(p.application_id, []).get(p.application_id)!).push(p.ahead);
  return clocks.flatMap((c) => (byCase.get(c.application_id) ?? [null]).map((ahead) => ({ ...c, ahead })));
}

/**
 * Breach forecast (see README, "SLA"): for each open case whose clock is still green, the working days
 * still needed are the remainder of its current stage plus the expected time through each stage ahead.
 * A stage's expected time is the larger of its recent mean duration and Little's law, queue depth ÷
 * throughput; in the current stage, the cases queued ahead of this one ÷ throughput stands in for the depth.
 * Cases whose expected 办结 day falls after their due date are listed, latest first.
 */
@Injectable()
export class BreachForecast {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly calendars: CalendarService,
    private readonly catalog: ProgramCatalog,
  ) {}

  async list(query: ForecastQuery): Promise<ForecastDto[]> {
    const calendar = this.calendars.calendar();
    const today = this.time.today();
    const counts = await this.queueCounts();
    const stats = await this.stageStats(calendar.subtractWorkingDays(today, FORECAST_WINDOW_DAYS), counts);
    const where = runningClockWhere({ ...query, stage: undefined });
    const todayParam = where.params.push(today);
    // Only the clocks that can still breach: due before the latest day any case of their version and stage could
    // be expected on (see horizons). The others would be evaluated to no breach; they are not read.
    const horizons = await this.horizons(stats, counts, today);
    const versions = where.params.push(horizons.map((h) => h.versionId));
    const statuses = where.params.push(horizons.map((h) => h.status));
    const days = where.params.push(horizons.map((h) => h.until));
    // The latest of them first, so the index on (clock, due_on) can do most of the work.
    const latest = where.params.push(horizons.reduce((max, h) => (h.until === 'infinity' || max === 'infinity' ? 'infinity' : h.until > max ? h.until : max), today));
    const canBreach = `rc.due_on < $${latest}::date
      AND rc.due_on < COALESCE((SELECT h.until FROM unnest($${versions}::uuid[], $${statuses}::text[], $${days}::date[]) AS h(version_id, status, until)
                                 WHERE h.version_id = a.program_version_id AND h.status = a.status), $${todayParam}::date)`;
    const clocks = await this.clockRows(`${where.sql()} AND rc.yellow_on > $${todayParam} AND ${canBreach}`, where.params);
    // Their places in the queues (the ranking covers every open task; only these cases' places are read).
    const rows = withQueuePlaces(clocks, clocks.length ? await this.queuePlaces(clocks.map((c) => c.application_id)) : []);
    const result: ForecastDto[] = [];
    for (const row of rows) {
      const { expectedOn, ahead } = await this.expected(row, stats, today);
      if (expectedOn <= row.due_on) continue;
      result.push({
        applicationId: row.application_id,
        caseNumber: caseNumber(row.year, row.application_id, row.case_seq),
        program: row.program_code,
        status: row.status,
        regionCode: row.region_code,
        dueOn: row.due_on,
        yellowOn: row.yellow_on,
        expectedOn,
        expectedLateDays: calendar.countWorkingDays(row.due_on, expectedOn),
        stagesAhead: ahead,
      });
    }
    // The case id breaks ties, so that a page of the list is the same from one request to the next.
    result.sort(
      (a, b) => b.expectedLateDays - a.expectedLateDays || a.dueOn.localeCompare(b.dueOn) || a.applicationId.localeCompare(b.applicationId),
    );
    return result.slice(0, query.limit ?? 100);
  }

  /**
   * For each program version and stage a running case can be in, the day no such case can be expected after: the
   * days of `expected` with the current stage's term at its largest (none of it elapsed, the last place of any
   * queue its cases have tasks in: a place is below its queue's depth). `expected` adds the same terms in the same order, each no larger, so its day
   * is never later (floating-point addition and ceil are monotonic). A clock due on or after that day cannot
   * breach. A status not listed (not a counted stage) needs no days: its bound is today. No bound ('infinity')
   * where the days run past MAX_HORIZON_DAYS (a backlog years long): every clock there is evaluated.
   */
  private async horizons(stats: Map<string, StageStats>, counts: QueueCount[], today: string): Promise<{ versionId: string; status: string; until: string }[]> {
    const calendar = this.calendars.calendar();
    const lastPlace = new Map<string, number>();
    for (const c of counts) {
      const last = (stats.get(`${c.program_code}/${c.stage}`)?.depth ?? 0) - 1;
      lastPlace.set(`${c.program_code}/${c.status}`, Math.max(last, lastPlace.get(`${c.program_code}/${c.status}`) ?? 0));
    }
    const versions: { id: string }[] = await this.dataSource.query('SELECT id FROM program_versions');
    const out: { versionId: string; status: string; until: string }[] = [];
    for (const { id } of versions) {
      const { definition } = await this.catalog.byId(id);
      for (const stage of countedStages(definition)) {
        const last = lastPlace.get(`${definition.program}/${stage.code}`) ?? 0;
        const days = Math.ceil(daysAhead(definition.program, stagesFrom(definition, stage.code), stats, (s, mean) => Math.max(mean, s.rate > 0 ? last / s.rate : 0, 0)));
        out.push({ versionId: id, status: stage.code, until: days > MAX_HORIZON_DAYS ? 'infinity' : calendar.addWorkingDays(today, days) });
      }
    }
    return out;
  }

  /** The expected 办结 day of one open case by the same method, for the enterprise's view; null when not running. */
  async forCase(applicationId: string): Promise<string | null> {
    const today = this.time.today();
    const [clock] = await this.clockRows(`rc.clock = 'case' AND rc.application_id = $1`, [applicationId]);
    if (!clock) return null;
    const [row] = withQueuePlaces([clock], await this.queuePlacesOf(applicationId));
    const stats = await this.stageStats(this.calendars.calendar().subtractWorkingDays(today, FORECAST_WINDOW_DAYS), await this.queueCounts());
    return (await this.expected(row, stats, today)).expectedOn;
  }

  /**
   * The clocks `where` selects, each with the day its case's current stage clock started counting. That day is
   * read apart and matched here: a self-join of the clocks, on a row estimate of a dozen, ran as a nested loop
   * over an index on the clock name (14 s at 10,000 open cases).
   */
  private async clockRows(where: string, params: unknown[]): Promise<Omit<CaseRow, 'ahead'>[]> {
    const clocks: Omit<CaseRow, 'ahead' | 'stage_from'>[] = await this.dataSource.query(
      `SELECT rc.application_id, a.year, a.case_seq, rc.program_code, a.program_version_id, rc.region_code, a.status,
              to_char(rc.due_on, 'YYYY-MM-DD') AS due_on, to_char(rc.yellow_on, 'YYYY-MM-DD') AS yellow_on
         FROM sla_running_clocks rc
         JOIN applications a ON a.id = rc.application_id
        WHERE ${where}`,
      params,
    );
    if (clocks.length === 0) return [];
    const starts: { application_id: string; clock: string; stage_from: string }[] = await this.dataSource.query(
      `SELECT application_id, clock, to_char(counting_from, 'YYYY-MM-DD') AS stage_from FROM sla_running_clocks
        WHERE clock <> 'case' AND application_id = ANY($1::uuid[])`,
      [clocks.map((c) => c.application_id)],
    );
    const started = new Map(starts.map((s) => [`${s.application_id}/${s.clock}`, s.stage_from]));
    return clocks.map((c) => ({ ...c, stage_from: started.get(`${c.application_id}/${c.status}`) ?? null }));
  }

  /**
   * The places of these cases' open review tasks in their queues (program and stage, earliest due first, then
   * oldest): the tasks ahead of each. One ranking of all open tasks, filtered after it (a filter on the case is not
   * pushed below the window), kept apart from the clocks' query: joined to it, the planner could re-run the
   * ranking once per clock (6.9 s, then past the statement timeout, at 10,000 open cases).
   */
  private queuePlaces(applicationIds: string[]): Promise<QueuePlace[]> {
    return this.dataSource.query(
      `SELECT application_id, ahead FROM (
         SELECT t.application_id, (rank() OVER (PARTITION BY a.program_code, t.stage ORDER BY t.due_on NULLS LAST, t.created_at) - 1)::int AS ahead
           FROM review_tasks t JOIN applications a ON a.id = t.application_id
          WHERE t.status IN ('open', 'claimed') AND t.kind = 'review') q
        WHERE application_id = ANY($1::uuid[])`,
      [applicationIds],
    );
  }

  private queueCounts(): Promise<QueueCount[]> {
    return this.dataSource.query(
      `SELECT a.program_code, a.status, t.stage, count(*)::int AS n FROM review_tasks t JOIN applications a ON a.id = t.application_id
        WHERE t.status IN ('open', 'claimed') AND t.kind = 'review' GROUP BY 1, 2, 3`,
    );
  }

  /** The same places for one case's tasks only: a count of the tasks ahead of each, not a ranking of the queue. */
  private queuePlacesOf(applicationId: string): Promise<QueuePlace[]> {
    return this.dataSource.query(
      `SELECT t.application_id,
              (SELECT count(*) FROM review_tasks o JOIN applications oa ON oa.id = o.application_id
                WHERE o.status IN ('open', 'claimed') AND o.kind = 'review' AND o.stage = t.stage AND oa.program_code = a.program_code
                  AND CASE WHEN t.due_on IS NULL THEN o.due_on IS NOT NULL OR o.created_at < t.created_at
                           ELSE o.due_on < t.due_on OR (o.due_on = t.due_on AND o.created_at < t.created_at) END)::int AS ahead
         FROM review_tasks t JOIN applications a ON a.id = t.application_id
        WHERE t.application_id = $1 AND t.status IN ('open', 'claimed') AND t.kind = 'review'`,
      [applicationId],
    );
  }

  /** Working days still needed, stage by stage (see the class comment), and the day that lands on. */
  private async expected(row: CaseRow, stats: Map<string, StageStats>, today: string): Promise<{ expectedOn: string; ahead: string[] }> {
    const calendar = this.calendars.calendar();
    const { definition } = await this.catalog.byId(row.program_version_id);
    const ahead = stagesFrom(definition, row.status);
    const elapsed = row.stage_from ? calendar.countWorkingDays(row.stage_from, today) : 0;
    const days = daysAhead(row.program_code, ahead, stats, (s, mean) => Math.max(mean - elapsed, s.rate > 0 ? (row.ahead ?? 0) / s.rate : 0, 0));
    return { expectedOn: calendar.addWorkingDays(today, Math.ceil(days)), ahead: ahead.map((s) => s.code) };
  }

  /** Each stage's recent throughput and mean days (the roll-up over the window) and its queue's depth now. */
  private async stageStats(windowFrom: string, counts: QueueCount[]): Promise<Map<string, StageStats>> {
    const done: { program_code: string; clock: string; n: string; used: string }[] = await this.dataSource.query(
      `SELECT program_code, clock, sum(completed) AS n, sum(used_days * completed) AS used
         FROM sla_rollup WHERE day > $1 AND clock <> 'case' GROUP BY 1, 2`,
      [windowFrom],
    );
    const stats = new Map<string, StageStats>();
    const at = (key: string) => stats.get(key) ?? stats.set(key, { rate: 0, meanDays: null, depth: 0 }).get(key)!;
    for (const r of done) {
      const s = at(`${r.program_code}/${r.clock}`);
      s.rate = Number(r.n) / FORECAST_WINDOW_DAYS;
      s.meanDays = Number(r.n) > 0 ? Number(r.used) / Number(r.n) : null;
    }
    for (const c of counts) at(`${c.program_code}/${c.stage}`).depth += c.n;
    return stats;
  }
}
