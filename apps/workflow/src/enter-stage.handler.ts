import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError, isReviewStage } from '@app/domain';
import { CaseClocks, enqueue, ProgramCatalog, TimeSource } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { lockCase } from './case-row';
import { ExpertPanelDraw } from './expert-panel-draw';
import { alarmIfUnstaffed } from './unstaffed-task-alarm';

/**
 * A case entered a review stage: create its task for the stage's candidate role (district reviewers get the
 * cases of their district). The entering transition is the task's natural key, so a redelivery creates
 * nothing, and a case that already moved on gets no task.
 */
@Injectable()
export class EnterStageHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly clocks: CaseClocks,
    private readonly time: TimeSource,
    private readonly panel: ExpertPanelDraw,
  ) {}

  @OnJob(JobName.EnterStage)
  async handle(data: JobPayloads[JobName.EnterStage]): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const app = await lockCase(manager, data.applicationId);
      const [transition]: { seq: number; to_status: string }[] = await manager.query(
        'SELECT seq, to_status FROM transitions WHERE id = $1 AND application_id = $2',
        [data.transitionId, app.id],
      );
      if (!transition) throw DomainError.notFound(`transition ${data.transitionId}`);
      // This job is the one that notifies the stage entry (the transition did not): if the case moved on before
      // it ran, the entry is still told, once (the notifier's writes are unique per recipient and transition).
      const notify = () => enqueue(manager, { name: JobName.NotifyTransition, data: { transitionId: data.transitionId } });
      if (app.version !== transition.seq || !isReviewStage(app.status)) {
        const [work]: unknown[] = await manager.query(
          `SELECT 1 FROM review_tasks WHERE entered_transition_id = $1 UNION ALL SELECT 1 FROM expert_seats WHERE entered_transition_id = $1 LIMIT 1`,
          [data.transitionId],
        );
        if (!work) await notify();
        return 'moved on';
      }
      const { definition } = await this.catalog.byId(app.programVersionId, manager);
      const stage = definition.stages.find((s) => s.code === app.status);
      if (!stage) throw DomainError.notFound(`stage ${app.status} in ${definition.program} ${definition.version}`);
      const [enterprise]: { region_code: string }[] = await manager.query('SELECT region_code FROM enterprises WHERE id = $1', [
        app.enterpriseId,
      ]);
      // The people who may take the new work hear of it once it exists, with the enterprise: in this transaction.
      if (stage.code === 'expert_review') {
        const drawn = await this.panel.draw(manager, { id: app.id, enterpriseId: app.enterpriseId }, data.transitionId, definition);
        if (drawn !== 'panel existed') await notify();
        return drawn;
      }
      const region = stage.candidateRole === 'district_reviewer' ? enterprise.region_code : null;
      const created: unknown[] = await manager.query(
        `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code, kind)
         VALUES ($1, $2, $3, 'open', $4, $5, 'review') ON CONFLICT (entered_transition_id, kind) DO NOTHING RETURNING id`,
        [app.id, data.transitionId, stage.code, stage.candidateRole, region],
      );
      await this.clocks.refresh(manager, app.id, definition, this.time.today());
      if (created.length) await notify();
      if (created.length) {
        await alarmIfUnstaffed(manager, {
          id: (created[0] as { id: string }).id, applicationId: app.id, enterpriseId: app.enterpriseId, stage: stage.code,
          candidateRole: stage.candidateRole, regionCode: region,
        });
      }
      return created.length ? 'task created' : 'task existed';
    });
  }
}
