import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { FINAL_STATUSES } from '@app/domain';
import { CalendarService, CaseClocks, enqueue, ProgramCatalog, refreshStateDeadline, TimeSource } from '@app/persistence';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { ARM_BATCH, ArmClocks } from './arm-clocks';

/** Cases per job: small enough that one job never holds the sla worker for long. */
export const REPAIR_BATCH = 200;
export const REPAIR_START = '00000000-0000-0000-0000-000000000000';
/** An unfinished repair whose progress has not moved for this long lost its job: the sweep resumes it. */
export const REPAIR_STALLED_AFTER_SECONDS = 120;

/**
 * SLA repair: after a calendar override, every open case's deadlines are recomputed with the new calendar — the
 * cached due dates of its clocks (case and stages), the deadline of the timed state it is in (公示 end, 补正
 * answer time, offer lapse) — and its alarms re-armed. One batch of cases (in id order) per job. The progress is
 * a row (`deadline_repairs`): each batch moves it by compare-and-set and queues the next batch through the
 * outbox in the same transaction, so a job delivered twice repeats nothing and a repair whose job was lost is
 * resumed by the sweep from where the row says it stands.
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
    // The first batch of a change opens its progress row; a job for a batch done already does nothing.
    await this.dataSource.query('INSERT INTO deadline_repairs (change_id, after) VALUES ($1, $2) ON CONFLICT DO NOTHING', [changeId, REPAIR_START]);
    const [progress]: { after: string; finished_at: Date | null }[] = await this.dataSource.query(
      'SELECT after, finished_at FROM deadline_repairs WHERE change_id = $1',
      [changeId],
    );
    if (progress.finished_at || progress.after !== after) return { repaired: 0, next: null };
    // The override may have been written by another process a moment ago: do not wait for the periodic check.
    await this.calendars.reload();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM applications WHERE status <> ALL($3::text[]) AND id > $1 ORDER BY id LIMIT $2`,
      [after, REPAIR_BATCH, FINAL_STATUSES],
    );
    for (const { id } of rows) {
      await this.dataSource.transaction(async (manager) => {
        // Locks the case so a transition committing meanwhile cannot be overwritten by an older reading.
        const [app]: { program_version_id: string }[] = await manager.query(
          'SELECT program_version_id FROM applications WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!app) return;
        const { definition } = await this.catalog.byId(app.program_version_id, manager);
        await this.clocks.refresh(manager, id, definition, this.time.today());
        await refreshStateDeadline(manager, id, definition, this.calendars.calendar());
      });
    }
    // Then their alarms, re-armed a batch at a time (one read and one write each).
    for (let i = 0; i < rows.length; i += ARM_BATCH) {
      await this.arming.armMany(rows.slice(i, i + ARM_BATCH).map((r) => r.id));
    }
    const next = rows.length === REPAIR_BATCH ? rows[rows.length - 1].id : null;
    const advanced = await this.dataSource.transaction(async (manager) => {
      const moved: unknown[] = await manager.query(
        `UPDATE deadline_repairs SET after = $3, repaired = repaired + $4, updated_at = now(),
                finished_at = CASE WHEN $5::boolean THEN now() END
          WHERE change_id = $1 AND after = $2 AND finished_at IS NULL RETURNING change_id`,
        [changeId, after, next ?? after, rows.length, next === null],
      );
      if (moved.length && next) await enqueue(manager, { name: JobName.RecomputeDeadlines, data: { changeId, after: next } });
      return moved.length > 0;
    });
    if (advanced && !next) this.logger.log(`SLA repair ${changeId} done`);
    return { repaired: advanced ? rows.length : 0, next: advanced ? next : null };
  }

  /** Re-queues the next batch of every unfinished repair whose progress stalled (its job lost); returns how many. */
  async resumeStalled(): Promise<number> {
    const stalled: { change_id: string; after: string }[] = await this.dataSource.query(
      `SELECT change_id, after FROM deadline_repairs
        WHERE finished_at IS NULL AND updated_at < now() - make_interval(secs => $1) LIMIT 100`,
      [REPAIR_STALLED_AFTER_SECONDS],
    );
    for (const repair of stalled) {
      await this.queues.add(
        { name: JobName.RecomputeDeadlines, data: { changeId: repair.change_id, after: repair.after } },
        { jobId: jobIdOf('repair', repair.change_id, repair.after, Date.now()) },
      );
    }
    if (stalled.length) this.logger.warn(`resumed ${stalled.length} stalled SLA repairs`);
    return stalled.length;
  }
}
