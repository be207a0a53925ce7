import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { FINAL_STATUSES } from '@app/domain';
import { CalendarService, CaseClocks, ProgramCatalog, TimeSource } from '@app/persistence';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { ArmClocks } from './arm-clocks';

/** Cases per job: small enough that one job never holds the sla worker for long. */
export const REPAIR_BATCH = 200;
export const REPAIR_START = '00000000-0000-0000-0000-000000000000';


/**
 * SLA repair: after a calendar override, every open case's cached due dates (case and current stage) are
 * recomputed with the new calendar and its alarms re-armed. One batch of cases (in id order) per job; each
 * job queues the next with a deterministic id, so a job delivered twice repeats a batch harmlessly.
 */
@Injectable()
export class DeadlineRepair {
  private readonly logger = new Logger(DeadlineRepair.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly clocks: CaseClocks,
    private readonly catalog: ProgramCatalog,
    private readonly time: TimeSource,
    private readonly queues: QueueService,
    private readonly arming: ArmClocks,
  ) {}

  async repairBatch(changeId: string, after: string): Promise<{ repaired: number; next: string | null }> {
    // The override may have been written by another process a moment ago: do not wait for the periodic check.
    await this.calendars.reload();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM applications WHERE status <> ALL($3::text[]) AND id > $1 ORDER BY id LIMIT $2`,
      [after, REPAIR_BATCH, FINAL_STATUSES],
    );
    for (const { id } of rows) {
      await this.dataSource.transaction(async (manager) => {
        // Locks the case so a transition committing meanwhile cannot be overwritten by an older reading.
        const [app]: { program_version_id: string; status: string }[] = await manager.query(
          'SELECT program_version_id, status FROM applications WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!app) return;
        const { definition } = await this.catalog.byId(app.program_version_id, manager);
        await this.clocks.refresh(manager, id, definition, this.time.today());
      });
      await this.arming.arm(id);
    }
    const next = rows.length === REPAIR_BATCH ? rows[rows.length - 1].id : null;
    if (next) {
      await this.queues.add(
        { name: JobName.RecomputeDeadlines, data: { changeId, after: next } },
        { jobId: jobIdOf('repair', changeId, next) },
      );
    } else {
      this.logger.log(`SLA repair ${changeId} done`);
    }
    return { repaired: rows.length, next };
  }
}
