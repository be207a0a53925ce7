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

  /** The cached due dates the events give today: the case's, and those of every stage with a due date. */
  dueDates(rows: ClockRow[], definition: ProgramVersion, today: string): DueDates {
    const stages: DueDates['stages'] = [];
    for (const stage of definition.stages) {
      const status = this.statusOf(rows, stage.code, definition, today);
      if (status?.due) stages.push({ stage: stage.code, due: status.due, yellow: status.yellowFrom });
    }
    return { case: this.statusOf(rows, 'case', definition, today)?.due ?? null, stages };
  }

  /**
   * Reads the case's clock events and brings the cached due dates (the case's, and its open tasks' of every stage
   * with a due date) in step, in one statement each; returns the events. (A transition writes its events with its
   * transition row — `recordMove` — and its due dates with its arming: `writeArming`'s `due`.)
   */
  async refresh(
    manager: EntityManager, applicationId: string, definition: ProgramVersion, today: string,
  ): Promise<(ClockRow & { id: string; at: Date })[]> {
    const rows = await this.events(manager, applicationId);
    const due = this.dueDates(rows, definition, today);
    await manager.query(
      `WITH case_due AS (UPDATE applications SET due_on = $2 WHERE id = $1 RETURNING 1)
       ${openTasksDueSql('$1', '$3')}`,
      [applicationId, due.case, JSON.stringify(due.stages)],
    );
    return rows;
  }
}

/**
 * The UPDATE that gives a case's open tasks their stage's cached due dates, with SQL expressions for the case (uuid)
 * and its stages' dates (`DueDates['stages']` as jsonb) — a statement of its own or a step of a larger one (arming).
 */
export function openTasksDueSql(application: string, stages: string): string {
  return `UPDATE review_tasks t SET due_on = s.due, yellow_on = s.yellow
      FROM jsonb_to_recordset(${stages}::jsonb) AS s(stage text, due date, yellow date)
     WHERE t.application_id = ${application} AND t.stage = s.stage AND t.status IN ('open', 'claimed')`;
}

/** A case's cached due dates: its own and its stages' (what `applications.due_on` and its open tasks hold). */
export interface DueDates {
  case: string | null;
  stages: { stage: string; due: string; yellow: string | null }[];
}

/**
 * A transition's clock events as a data-modifying CTE step named `added` (SQL expressions: the case, the clocks'
 * and the types' arrays in the domain's order, the day, the time, the transition; `gate`, a CTE of the same
 * statement: written only if it has a row).
 */
export function clockEventsStep(
  e: { app: string; clocks: string; types: string; on: string; at: string; transition: string; gate?: string },
): string {
  return `added AS (
         INSERT INTO clock_events (application_id, clock, type, on_date, at, transition_id)
         SELECT ${e.app}, c, t, ${e.on}, ${e.at}, ${e.transition} FROM unnest(${e.clocks}::text[], ${e.types}::text[]) WITH ORDINALITY AS e(c, t, i)
          ${e.gate ? `WHERE EXISTS (SELECT 1 FROM ${e.gate})` : ''} ORDER BY i
         RETURNING id, clock, type, on_date, at)`;
}

/**
 * The case's stored clock events and those `added` by the same statement, side by side as `x` (a data-modifying
 * CTE's rows are invisible to the rest of its statement); ordered by id the new ones come last (the sequence
 * numbers them in insertion order).
 */
export function clockEventsWithAdded(app: string): string {
  return `(SELECT e.id, e.clock, e.type, e.on_date, e.at FROM clock_events e WHERE e.application_id = ${app}
               UNION ALL SELECT id, clock, type, on_date, at FROM added) x`;
}

/** A clock event of `x` as arming reads it (ClockRow, its id as text, its time). */
export const CLOCK_ROW_COLUMNS = `x.id::text AS id, x.clock, x.type, to_char(x.on_date, 'YYYY-MM-DD') AS "on", x.at`;
