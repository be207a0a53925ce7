import { evaluateRun, WorkingDayCalendar } from '@app/domain';
import { DataSource } from 'typeorm';
import { RunningClock } from './running-clocks';

/**
 * Rewrites the case's rows in `sla_running_clocks` (yellow day and due date of each running clock), which the
 * dashboard, the at-risk list and the forecast read instead of evaluating every case. One statement: the rows
 * of clocks no longer running go, the others are replaced.
 */
export async function recordRunningClocks(
  dataSource: DataSource,
  calendar: WorkingDayCalendar,
  app: { id: string; program_code: string; region_code: string },
  clocks: RunningClock[],
): Promise<void> {
  const rows = clocks
    .map((clock) => ({ clock, status: evaluateRun(clock, calendar) }))
    .filter(({ status }) => status.state === 'running' && status.due !== null && status.yellowFrom !== null);
  await dataSource.query(
    `WITH gone AS (
       DELETE FROM sla_running_clocks WHERE application_id = $1
          AND clock NOT IN (SELECT r.clock FROM jsonb_to_recordset($4::jsonb) AS r(clock text)))
     INSERT INTO sla_running_clocks (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
     SELECT $1, r.clock, $2, $3, r.limit_days, r.counting_from, r.yellow_on, r.due_on
       FROM jsonb_to_recordset($4::jsonb) AS r(clock text, limit_days int, counting_from date, yellow_on date, due_on date)
     ON CONFLICT (application_id, clock) DO UPDATE SET limit_days = EXCLUDED.limit_days, counting_from = EXCLUDED.counting_from,
       yellow_on = EXCLUDED.yellow_on, due_on = EXCLUDED.due_on`,
    [
      app.id,
      app.program_code,
      app.region_code,
      JSON.stringify(
        rows.map(({ clock, status }) => ({
          clock: clock.clock,
          limit_days: clock.limitDays,
          counting_from: status.countingFrom,
          yellow_on: status.yellowFrom,
          due_on: status.due,
        })),
      ),
    ],
  );
}
