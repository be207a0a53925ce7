import { isTimedState, ProgramVersion, stateDeadlineDay, WorkingDayCalendar } from '@app/domain';
import { EntityManager } from 'typeorm';
import { shanghaiDay, startOfShanghaiDay } from '../time-source';

/** Where each timed state keeps its deadline. */
const DEADLINE_SQL = {
  public_notice: 'UPDATE applications SET notice_ends_at = $2 WHERE id = $1 AND notice_ends_at IS DISTINCT FROM $2',
  supplement: 'UPDATE applications SET supplement_due_at = $2 WHERE id = $1 AND supplement_due_at IS DISTINCT FROM $2',
  awaiting_confirmation: 'UPDATE offers SET lapses_at = $2 WHERE application_id = $1 AND lapses_at IS DISTINCT FROM $2',
} as const;

/**
 * Recomputes the deadline of the timed state a case is in (公示 end, 补正 answer time, offer lapse) from the
 * moment it entered that state and today's calendar, as the transition that entered it computed it; returns the
 * new deadline, or null when the case is in no timed state. The jobs that act on a deadline re-read it: one that
 * rings early finds it not yet passed, and the sla sweep queues it again once it has.
 */
export async function refreshStateDeadline(
  manager: EntityManager,
  applicationId: string,
  definition: ProgramVersion,
  calendar: WorkingDayCalendar,
): Promise<Date | null> {
  // Entered: the last transition into the state, not a same-status change (按比例核减) made while in it.
  const [row]: { status: string; entered_at: Date }[] = await manager.query(
    `SELECT a.status, t.at AS entered_at FROM applications a
       JOIN LATERAL (SELECT at FROM transitions WHERE application_id = a.id AND to_status = a.status AND from_status <> to_status
                      ORDER BY seq DESC LIMIT 1) t ON true
      WHERE a.id = $1`,
    [applicationId],
  );
  if (!row || !isTimedState(row.status)) return null;
  const deadline = startOfShanghaiDay(stateDeadlineDay(definition, row.status, shanghaiDay(row.entered_at), calendar));
  await manager.query(DEADLINE_SQL[row.status], [applicationId, deadline]);
  return deadline;
}
