import { ProgramStage } from '@app/domain';
import { EntityManager } from 'typeorm';
import { alarmUnstaffed } from './unstaffed-task-alarm';

/** SQL expressions (parameters, usually) for a stage task's insert: the case, the entering transition, the stage. */
export interface StageTaskInput {
  app: string;
  transition: string;
  stage: string;
  role: string;
  /** A boolean: the task is for the reviewers of the enterprise's district (else city-wide). */
  byDistrict: string;
  /** A CTE of the same statement: the task is made only if it has a row. */
  gate?: string;
}

/** The parameters `stageTaskStep` names, in its order: stage code, candidate role, by district. */
export function stageTaskParams(stage: ProgramStage): [string, string, boolean] {
  return [stage.code, stage.candidateRole, stage.candidateRole === 'district_reviewer'];
}

/**
 * The task of a review stage as a data-modifying CTE step named `task` (RETURNING id, region_code), and the
 * columns that answer for it whether anyone may take it: a staff account (no enterprise: the index on
 * enterprise_id) holding the role, in the district or city-wide, with no declared conflict with the enterprise.
 * The entering transition is the task's natural key: a second insert (a redelivered or reconciled stage entry)
 * creates nothing.
 */
export function stageTaskStep(t: StageTaskInput): { step: string; columns: string } {
  return {
    step: `task AS (
       INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code, kind)
       SELECT a.id, ${t.transition}, ${t.stage}, 'open', ${t.role}, CASE WHEN ${t.byDistrict} THEN e.region_code END, 'review'
         FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = ${t.app}${t.gate ? ` AND EXISTS (SELECT 1 FROM ${t.gate})` : ''}
       ON CONFLICT (entered_transition_id, kind) DO NOTHING
       RETURNING id, region_code)`,
    columns: `task.id AS task_id, task.region_code AS task_region_code,
            EXISTS (SELECT 1 FROM accounts acc, applications ta
                     WHERE ta.id = ${t.app} AND acc.enterprise_id IS NULL AND ${t.role} = ANY(acc.roles)
                       AND (task.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = task.region_code)
                       AND NOT (ta.enterprise_id = ANY(acc.conflict_enterprise_ids))) AS task_staffed`,
  };
}

/** What `stageTaskStep`'s columns say of the task made (task_id null: none was). */
export interface StageTaskColumns {
  task_id: string | null;
  task_region_code: string | null;
  task_staffed: boolean | null;
}

/** After the task's statement: the administrators' alarm when nobody may take it (the rare case). */
export async function afterStageTask(
  manager: EntityManager, made: StageTaskColumns, entry: { applicationId: string; stage: ProgramStage },
): Promise<{ id: string } | null> {
  if (!made.task_id) return null;
  if (!made.task_staffed) {
    await alarmUnstaffed(manager, {
      id: made.task_id, applicationId: entry.applicationId, stage: entry.stage.code,
      candidateRole: entry.stage.candidateRole, regionCode: made.task_region_code,
    });
  }
  return { id: made.task_id };
}

/**
 * The task of a review stage for the transition that entered it, for the stage's candidate role (district
 * reviewers get the cases of their district), and the administrators' alarm when nobody may take it; null when
 * the entry has its task already. The transition that enters a stage writes the task in its own statement
 * (`stageTaskStep`); this is for a stage entry's job (an entry reconciled or redelivered). An expert review is
 * drawn by its job instead.
 */
export async function openStageTask(
  manager: EntityManager,
  entry: { applicationId: string; transitionId: string; stage: ProgramStage },
): Promise<{ id: string } | null> {
  const { step, columns } = stageTaskStep({ app: '$1', transition: '$2', stage: '$3', role: '$4', byDistrict: '$5' });
  const [made]: StageTaskColumns[] = await manager.query(
    `WITH ${step} SELECT ${columns} FROM task`,
    [entry.applicationId, entry.transitionId, ...stageTaskParams(entry.stage)],
  );
  return made ? afterStageTask(manager, made, entry) : null;
}
