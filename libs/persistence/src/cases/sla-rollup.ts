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
  const [owner]: { program_code: string; region_code: string }[] = await manager.query(
    'SELECT a.program_code, e.region_code FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1',
    [input.applicationId],
  );
  for (const clock of clocks) {
    // Only the clock's latest run is rolled up (a stage entered again runs afresh).
    const run = currentRun(input.rows, clock, definition);
    if (!run) continue;
    const status = evaluateRun(run, calendar);
    if (status.state !== 'stopped') continue;
    const reviewer = clock === 'case' ? NO_REVIEWER : input.actor.accountId ?? NO_REVIEWER;
    const values = [input.today, owner.program_code, owner.region_code, clock, reviewer, status.countedDays, status.onTime ? 1 : 0];
    await manager.query(
      `INSERT INTO sla_rollup (day, program_code, region_code, clock, reviewer_id, used_days, completed, on_time)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
       ON CONFLICT (day, program_code, region_code, clock, reviewer_id, used_days)
       DO UPDATE SET completed = sla_rollup.completed + 1, on_time = sla_rollup.on_time + EXCLUDED.on_time`,
      values,
    );
    await manager.query(
      `INSERT INTO sla_rollup_monthly (month, program_code, region_code, clock, reviewer_id, used_days, completed, on_time)
       VALUES (date_trunc('month', $1::date)::date, $2, $3, $4, $5, $6, 1, $7)
       ON CONFLICT (clock, month, program_code, region_code, reviewer_id, used_days)
       DO UPDATE SET completed = sla_rollup_monthly.completed + 1, on_time = sla_rollup_monthly.on_time + EXCLUDED.on_time`,
      values,
    );
  }
}
