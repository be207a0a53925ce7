import { ProgramStage } from '@app/domain';
import { EntityManager } from 'typeorm';
import { alarmUnstaffed } from './unstaffed-task-alarm';

/**
 * The task of a review stage for the transition that entered it, for the stage's candidate role (district
 * reviewers get the cases of their district), and the administrators' alarm when nobody may take it. The
 * entering transition is the task's natural key: a second call (a redelivered or reconciled stage entry) creates
 * nothing and answers null. The transition that enters a stage calls it in its own transaction, so the task
 * exists from the moment the case is in the stage; an expert review is drawn by its job instead.
 */
export async function openStageTask(
  manager: EntityManager,
  entry: { applicationId: string; transitionId: string; stage: ProgramStage },
): Promise<{ id: string } | null> {
  const { applicationId, transitionId, stage } = entry;
  // Whether anyone may take the task is answered by the same statement (the alarm is the rare case): a staff
  // account (no enterprise: the index on enterprise_id) holding the role, in the district or city-wide, with no
  // declared conflict with the enterprise.
  const created: { id: string; region_code: string | null; enterprise_id: string; staffed: boolean }[] = await manager.query(
    `WITH task AS (
       INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code, kind)
       SELECT a.id, $2, $3, 'open', $4, CASE WHEN $5 THEN e.region_code END, 'review'
         FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1
       ON CONFLICT (entered_transition_id, kind) DO NOTHING
       RETURNING id, region_code)
     SELECT task.id, task.region_code, a.enterprise_id,
            EXISTS (SELECT 1 FROM accounts acc
                     WHERE acc.enterprise_id IS NULL AND $4 = ANY(acc.roles)
                       AND (task.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = task.region_code)
                       AND NOT (a.enterprise_id = ANY(acc.conflict_enterprise_ids))) AS staffed
       FROM task JOIN applications a ON a.id = $1`,
    [applicationId, transitionId, stage.code, stage.candidateRole, stage.candidateRole === 'district_reviewer'],
  );
  if (!created.length) return null;
  const [task] = created;
  if (!task.staffed) {
    await alarmUnstaffed(manager, {
      id: task.id, applicationId, stage: stage.code, candidateRole: stage.candidateRole, regionCode: task.region_code,
    });
  }
  return { id: task.id };
}
