import { Injectable } from '@nestjs/common';
import { ClockEvent, ClockStatus, currentRun, evaluateRun, ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar.service';

export interface ClockRow {
  clock: string;
  type: ClockEvent['type'];
  on: string;
}

/** A clock event as arming reads it: its id (a run's epoch, its latest event) and, when known, when it was recorded. */
export type StoredClockRow = ClockRow & { id: string; at?: Date | string };

/** Reads a case's clock events and keeps the cached due dates (case and current stage) in step with them. */
@Injectable()
export class CaseClocks {
  constructor(private readonly calendars: CalendarService) {}

  /** The case's clock events in recorded order (by the bigint id, not its text), with what arming needs (id, at). */
  async events(manager: EntityManager, applicationId: string): Promise<(ClockRow & { id: string; at: Date })[]> {
    return manager.query(
      `SELECT e.id::text AS id, e.clock, e.type, to_char(e.on_date, 'YYYY-MM-DD') AS "on", e.at
         FROM clock_events e WHERE e.application_id = $1 ORDER BY e.id`,
      [applicationId],
    );
  }

  /** One clock's standing today; null when it has no limit or never started. */
  statusOf(rows: ClockRow[], clock: string, definition: ProgramVersion, today: string): ClockStatus | null {
    const run = currentRun(rows, clock, definition);
    return run && evaluateRun(run, this.calendars.calendar(), today);
  }

  /** Recomputes the cached due dates from the case's clock events; returns the events it read (arming's too). */
  async refresh(
    manager: EntityManager, applicationId: string, definition: ProgramVersion, today: string,
  ): Promise<(ClockRow & { id: string; at: Date })[]> {
    const rows = await this.events(manager, applicationId);
    const caseDue = this.statusOf(rows, 'case', definition, today)?.due ?? null;
    await manager.query('UPDATE applications SET due_on = $2 WHERE id = $1', [applicationId, caseDue]);
    const stages: { stage: string; due: string; yellow: string | null }[] = [];
    for (const stage of definition.stages) {
      const status = this.statusOf(rows, stage.code, definition, today);
      if (status?.due) stages.push({ stage: stage.code, due: status.due, yellow: status.yellowFrom });
    }
    // The open tasks of every stage with a due date, in one statement.
    if (stages.length) {
      await manager.query(
        `UPDATE review_tasks t SET due_on = s.due, yellow_on = s.yellow
           FROM unnest($2::text[], $3::date[], $4::date[]) AS s(stage, due, yellow)
          WHERE t.application_id = $1 AND t.stage = s.stage AND t.status IN ('open', 'claimed')`,
        [applicationId, stages.map((x) => x.stage), stages.map((x) => x.due), stages.map((x) => x.yellow)],
      );
    }
    return rows;
  }
}
