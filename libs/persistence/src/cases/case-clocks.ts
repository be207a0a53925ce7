import { Injectable } from '@nestjs/common';
import { ClockEvent, evaluateClock, ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar.service';

export interface ClockRow {
  clock: string;
  type: ClockEvent['type'];
  on: string;
}

/** Reads a case's clock events and keeps the cached due dates (case and current stage) in step with them. */
@Injectable()
export class CaseClocks {
  constructor(private readonly calendars: CalendarService) {}

  async events(manager: EntityManager, applicationId: string): Promise<ClockRow[]> {
    return manager.query(
      `SELECT clock, type, to_char(on_date, 'YYYY-MM-DD') AS "on" FROM clock_events WHERE application_id = $1 ORDER BY id`,
      [applicationId],
    );
  }

  /** The due date of one clock, or null while it is not running (not started, paused or stopped). */
  dueOf(rows: ClockRow[], clock: string, limitDays: number | null, today: string): string | null {
    if (limitDays === null) return null;
    let events = rows.filter((r) => r.clock === clock).map((r) => ({ type: r.type, on: r.on }));
    // A stage entered again (after 补正) runs a fresh clock: only its latest start counts.
    const lastStart = events.map((e) => e.type).lastIndexOf('start');
    if (lastStart < 0) return null;
    events = events.slice(lastStart);
    return evaluateClock({ events, limitDays, calendar: this.calendars.calendar(), today }).due;
  }

  async refresh(manager: EntityManager, applicationId: string, definition: ProgramVersion, today: string): Promise<void> {
    const rows = await this.events(manager, applicationId);
    const caseDue = this.dueOf(rows, 'case', definition.promisedLimitDays, today);
    await manager.query('UPDATE applications SET due_on = $2 WHERE id = $1', [applicationId, caseDue]);
    for (const stage of definition.stages) {
      const due = this.dueOf(rows, stage.code, stage.unit === 'working' ? stage.limitDays : null, today);
      if (due === null) continue;
      await manager.query(
        `UPDATE review_tasks SET due_on = $3 WHERE application_id = $1 AND stage = $2 AND status IN ('open', 'claimed')`,
        [applicationId, stage.code, due],
      );
    }
  }
}
