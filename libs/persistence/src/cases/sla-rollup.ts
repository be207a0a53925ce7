import { currentRun, evaluateRun, ProgramVersion, WorkingDayCalendar } from '@app/domain';
import { EntityManager } from 'typeorm';
import { Actor } from '../audit';
import { NO_REVIEWER } from '../entities/sla-rollup.entity';
import { ClockRow } from './case-clocks';

/** 办结: the case clock counts towards 限时办结率 only when it stops on a final decision. */
const COMPLETING = new Set(['approved', 'refused']);

/**
 * Adds the clocks a transition stopped to `sla_rollup` (and its monthly sums), in the transition's own transaction, so the
 * dashboard's figures are sums over pre-aggregated rows and are never out of step with the cases.
 * The case clock is counted at 办结 only (a withdrawn or lapsed case is not "completed"); a stage clock is
 * counted for the reviewer who decided the stage.
 */
export async function rollUpStoppedClocks(
  manager: EntityManager,
  calendar: WorkingDayCalendar,
  input: { applicationId: string; definition: ProgramVersion; to: string; actor: Actor; today: string; stopped: string[]; rows: ClockRow[] },
): Promise<void> {
  const { definition } = input;
  const clocks = input.stopped.filter((clock) => clock !== 'case' || COMPLETING.has(input.to));
  if (clocks.length === 0) return;
  const counted: { clock: string; reviewer: string; days: number; onTime: number }[] = [];
  for (const clock of clocks) {
    // Only the clock's latest run is rolled up (a stage entered again runs afresh).
    const run = currentRun(input.rows, clock, definition);
    if (!run) continue;
    const status = evaluateRun(run, calendar);
    if (status.state !== 'stopped') continue;
    const reviewer = clock === 'case' ? NO_REVIEWER : input.actor.accountId ?? NO_REVIEWER;
    counted.push({ clock, reviewer, days: status.countedDays, onTime: status.onTime ? 1 : 0 });
  }
  if (counted.length === 0) return;
  // The day's and the month's rows of every stopped clock in one statement. A row is shared by every case a
  // reviewer decides that day (and every 办结 of a program, district and day): each connection adds to its own
  // stripe of it (its backend's pid modulo 16), so concurrent transitions do not queue on one row lock until
  // their commits; readers sum the stripes.
  await manager.query(
    `WITH owner AS (
       SELECT a.program_code, e.region_code FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1),
     s AS (SELECT (pg_backend_pid() % 16)::smallint AS stripe),
     v AS (SELECT * FROM unnest($3::varchar[], $4::uuid[], $5::int[], $6::int[]) AS v(clock, reviewer_id, used_days, on_time)),
     daily AS (
       INSERT INTO sla_rollup (day, program_code, region_code, clock, reviewer_id, used_days, completed, on_time, stripe)
       SELECT $2::date, o.program_code, o.region_code, v.clock, v.reviewer_id, v.used_days, 1, v.on_time, s.stripe
         FROM owner o, v, s
       ON CONFLICT (day, program_code, region_code, clock, reviewer_id, used_days, stripe)
       DO UPDATE SET completed = sla_rollup.completed + 1, on_time = sla_rollup.on_time + EXCLUDED.on_time)
     INSERT INTO sla_rollup_monthly (month, program_code, region_code, clock, reviewer_id, used_days, completed, on_time, stripe)
     SELECT date_trunc('month', $2::date)::date, o.program_code, o.region_code, v.clock, v.reviewer_id, v.used_days, 1, v.on_time, s.stripe
       FROM owner o, v, s
     ON CONFLICT (clock, month, program_code, region_code, reviewer_id, used_days, stripe)
     DO UPDATE SET completed = sla_rollup_monthly.completed + 1, on_time = sla_rollup_monthly.on_time + EXCLUDED.on_time`,
    [input.applicationId, input.today, counted.map((c) => c.clock), counted.map((c) => c.reviewer),
      counted.map((c) => c.days), counted.map((c) => c.onTime)],
  );
}
