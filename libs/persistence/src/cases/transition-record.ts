import { CaseStatus, ProgramStage } from '@app/domain';
import { EntityManager } from 'typeorm';
import { Actor, appendAuditSql } from '../audit';
import { PLAN_ONCE } from '../preparing-client';
import { CLOCK_ROW_COLUMNS, ClockRow, clockEventsStep, clockEventsWithAdded } from './case-clocks';
import { afterStageTask, StageTaskColumns, stageTaskParams, stageTaskStep } from './stage-task';

/** The transition row of a change (its id made by the caller, time-ordered, so that other rows can name it). */
export interface TransitionRow {
  id: string;
  applicationId: string;
  /** The case's new version: the transition's seq. */
  version: number;
  from: CaseStatus;
  to: CaseStatus;
  action: string;
  actor: Actor;
  reason: string | null;
  detail: Record<string, unknown> | null;
  at: Date;
}

/**
 * The transition row and its audit row as two CTE steps (`recorded`, `audited`), parameters $1–$21; with `gate` (a
 * CTE of the same statement), written only if it has a row.
 */
function transitionSteps(t: TransitionRow, gate?: string): { steps: string; params: unknown[] } {
  const audit = appendAuditSql({
    stream: `application:${t.applicationId}`,
    actor: t.actor,
    action: `case.${t.action}`,
    data: { from: t.from, to: t.to, version: t.version, transitionId: t.id, reason: t.reason, ...(t.detail ? { detail: t.detail } : {}) },
    at: t.at,
  }, 12, gate);
  return {
    steps: `recorded AS (
       INSERT INTO transitions (id, application_id, seq, from_status, to_status, action, actor_account_id, actor_role, reason, detail, at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11${gate ? ` FROM ${gate}` : ''}),
     audited AS (${audit.sql})`,
    params: [t.id, t.applicationId, t.version, t.from, t.to, t.action, t.actor.accountId, t.actor.role, t.reason,
      t.detail && JSON.stringify(t.detail), t.at, ...audit.params],
  };
}

/** A change in place: its transition row and its audit row, in one statement. */
export async function recordTransition(manager: EntityManager, t: TransitionRow): Promise<void> {
  const { steps, params } = transitionSteps(t);
  await manager.query(`WITH ${steps} SELECT 1`, params);
}

/**
 * A move up to its arming, in one statement: the compare-and-set of the case (`guard`'s steps: a CTE `moved` with a
 * row only if the case moved, and `row`, the query of what it gives back), and only if it moved the transition row
 * and its audit row, its clock events and the task of the review stage it enters (if it makes one there, with
 * whether anyone may take it) — and it reads back every clock event of the case, the stored and the new, in id
 * order (for the due dates, the arming and the roll-up). One round trip where there were four. `moved` null: the
 * case was not at the version and status the caller read (nothing was written). Then the administrators' alarm
 * if nobody may take the task.
 */
export async function recordMove<Moved extends object>(
  manager: EntityManager,
  move: {
    /** The compare-and-set, its parameters numbered from `first`. */
    guard: { steps: (first: number) => { steps: string; params: unknown[] }; row: string };
    transition: TransitionRow;
    /** The clock events, in the order the domain gives them, on the transition's day and at its time. */
    clocks: { effects: readonly { clock: string; type: string }[]; on: string };
    stage: ProgramStage | undefined;
  },
): Promise<{ moved: Moved | null; rows: (ClockRow & { id: string; at: Date })[]; task: { id: string } | null }> {
  const { steps, params } = transitionSteps(move.transition, 'moved');
  const task = move.stage
    ? stageTaskStep({ app: '$2', transition: '$1', stage: '$25', role: '$26', byDistrict: '$27', gate: 'moved' })
    : null;
  const own = [...params, move.clocks.effects.map((e) => e.clock), move.clocks.effects.map((e) => e.type), move.clocks.on,
    ...(move.stage ? stageTaskParams(move.stage) : [])];
  const guard = move.guard.steps(own.length + 1);
  // One row per clock event, and one at least (the LEFT JOINs), so the case and the task's columns come back even
  // for a case without clock events; none when the case did not move. The task's columns (its staffing check)
  // computed once, not once per event.
  const taskColumns = task ? `SELECT ${task.columns} FROM task` : 'SELECT NULL::uuid AS task_id, NULL::text AS task_region_code, NULL::boolean AS task_staffed';
  const read: (Moved & Partial<ClockRow & { id: string; at: Date }> & StageTaskColumns)[] = await manager.query(
    `${PLAN_ONCE} WITH ${guard.steps},
     ${steps},
     ${clockEventsStep({ app: '$2', clocks: '$22', types: '$23', on: '$24', at: '$11', transition: '$1', gate: 'moved' })}${task ? `,\n     ${task.step}` : ''}
     SELECT c.*, ${CLOCK_ROW_COLUMNS}, t.task_id, t.task_region_code, t.task_staffed
       FROM (${move.guard.row}) c LEFT JOIN ${clockEventsWithAdded('$2')} ON true LEFT JOIN (${taskColumns}) t ON true
      ORDER BY x.id`,
    [...own, ...guard.params],
  );
  if (read.length === 0) return { moved: null, rows: [], task: null };
  const rows = read
    .filter((r) => r.id !== null && r.id !== undefined)
    .map((r) => ({ id: r.id as string, clock: r.clock as string, type: r.type as ClockRow['type'], on: r.on as string, at: r.at as Date }));
  const opened = move.stage ? await afterStageTask(manager, read[0], { applicationId: move.transition.applicationId, stage: move.stage }) : null;
  return { moved: read[0], rows, task: opened };
}
