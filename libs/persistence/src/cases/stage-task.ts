import { ProgramStage } from '@app/domain';
import { EntityManager } from 'typeorm';
import { alarmIfUnstaffed } from './unstaffed-task-alarm';

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
  const created: { id: string; region_code: string | null; enterprise_id: string }[] = await manager.query(
    `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code, kind)
     SELECT a.id, $2, $3, 'open', $4, CASE WHEN $5 THEN e.region_code END, 'review'
       FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1
     ON CONFLICT (entered_transition_id, kind) DO NOTHING
     RETURNING id, region_code, (SELECT enterprise_id FROM applications WHERE id = $1) AS enterprise_id`,
    [applicationId, transitionId, stage.code, stage.candidateRole, stage.candidateRole === 'district_reviewer'],
  );
  if (!created.length) return null;
  const [task] = created;
  await alarmIfUnstaffed(manager, {
    id: task.id, applicationId, enterpriseId: task.enterprise_id, stage: stage.code,
    candidateRole: stage.candidateRole, regionCode: task.region_code,
  });
  return { id: task.id };
}
