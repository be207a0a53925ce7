import { ClockRun, currentRuns, LocalDate, ProgramVersion } from '@app/domain';
import { ClockRow, startOfShanghaiDay } from '@app/persistence';

type StoredClockRow = ClockRow & { id: string; at?: Date | string };

/** A clock's current run as the SLA engine arms it: which event began the run, and when its latest came. */
export interface RunningClock extends ClockRun<StoredClockRow> {
  /** Id of the clock event that began this run (start or reset): alarms fire once per run. */
  epoch: string;
  /** Id of the latest event of the run: a newer one makes the run's armed timers stale. */
  lastEventId: string;
  /** When the latest event of this run was recorded: no alarm of the run was known, so due, before it. */
  since: Date | null;
}

/**
 * The moment an alarm of a clock run was due: the start of its Shanghai day, or — when the clock event that put
 * the alarm on that day came later (a one-day stage turns yellow the day it starts, a resumed clock may be due
 * the day it resumes) — the moment of that event. Lateness counts from here, never from a midnight before it.
 */
export function alarmDueAt(on: LocalDate, clock: RunningClock): Date {
  const dayStart = startOfShanghaiDay(on);
  return clock.since !== null && clock.since.getTime() > dayStart.getTime() ? clock.since : dayStart;
}

/** The clocks of a case that have a working-day limit, each cut to its current run (`currentRuns`). */
export function clocksOf(rows: StoredClockRow[], definition: ProgramVersion): RunningClock[] {
  return currentRuns(rows, definition).flatMap((run) => {
    const epochRow = [...run.rows].reverse().find((r) => r.type === 'start' || r.type === 'reset');
    const last = run.rows[run.rows.length - 1];
    if (!epochRow || !last) return [];
    return [{ ...run, epoch: epochRow.id, lastEventId: last.id, since: last.at === undefined ? null : new Date(last.at) }];
  });
}
