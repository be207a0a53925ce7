import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { CaseStatus, DomainError, isReviewStage } from '@app/domain';
import { CaseClocks, enqueue, openStageTask, ProgramCatalog, TimeSource } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { ExpertPanelDraw } from './expert-panel-draw';

/**
 * A case entered a stage whose work its transition did not make: an expert review (its panel is drawn here), or
 * a stage entry the SLA reconciler found without its task (its transition was written by an older version,
 * whose job was lost). The entering transition is the work's natural key, so a redelivery creates nothing,
 * and a case that already moved on gets none.
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
      // The case (locked) and the transition that entered the stage in one round trip.
      const [row]: {
        id: string; status: CaseStatus; version: number; program_version_id: string; enterprise_id: string; seq: number | null;
      }[] = await manager.query(
        `SELECT a.id, a.status, a.version, a.program_version_id, a.enterprise_id, t.seq
           FROM applications a LEFT JOIN transitions t ON t.id = $2 AND t.application_id = a.id
          WHERE a.id = $1 FOR UPDATE OF a`,
        [data.applicationId, data.transitionId],
      );
      if (!row) throw DomainError.notFound(`application ${data.applicationId}`);
      if (row.seq === null) throw DomainError.notFound(`transition ${data.transitionId}`);
      const app = { id: row.id, status: row.status, version: row.version, programVersionId: row.program_version_id, enterpriseId: row.enterprise_id };
      const transition = { seq: row.seq };
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
      // The people who may take the new work hear of it once it exists, with the enterprise: in this transaction.
      if (stage.code === 'expert_review') {
        const drawn = await this.panel.draw(manager, { id: app.id, enterpriseId: app.enterpriseId }, data.transitionId, definition);
        if (drawn !== 'panel existed') await notify();
        return drawn;
      }
      const created = await openStageTask(manager, { applicationId: app.id, transitionId: data.transitionId, stage });
      await this.clocks.refresh(manager, app.id, definition, this.time.today());
      if (created) await notify();
      return created ? 'task created' : 'task existed';
    });
  }
}
