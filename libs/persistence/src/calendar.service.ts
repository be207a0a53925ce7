import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CalendarOverride, chineseWorkingDayCalendar, WorkingDayCalendar } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';

/** How often a process asks whether the overrides changed: one indexed aggregate over a tiny table. */
const CHECK_EVERY_MS = 1000;

/**
 * The working-day calendar every deadline is computed with: the `chinese-days` data plus the administrators'
 * overrides (`calendar_overrides`). api, workflow and sla may run as separate processes, so each one loads
 * the overrides at boot and checks a stamp (count and latest change) at most once a second, rebuilding its
 * calendar only when the stamp moved. A process that needs the newest calendar at once (the one that wrote
 * the override, the SLA repair job) calls `reload()`.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarService.name);
  private current: WorkingDayCalendar = chineseWorkingDayCalendar();
  private stamp = '';
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(private readonly dataSource: DataSource) {}

  calendar(): WorkingDayCalendar {
    return this.current;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reloadIfChanged(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Rebuilds the calendar if the overrides changed since the last load; true when it did. */
  async reloadIfChanged(): Promise<boolean> {
    if (this.checking || !this.dataSource.isInitialized) return false;
    this.checking = true;
    try {
      if ((await this.stampOf(this.dataSource.manager)) === this.stamp) return false;
      await this.reload();
      return true;
    } catch (error) {
      // A failed check keeps the calendar it has; the next tick tries again.
      this.logger.warn(`calendar overrides not checked: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      this.checking = false;
    }
  }

  /** Loads the overrides now (in `manager`'s transaction when given) and installs the calendar they make. */
  async reload(manager: EntityManager = this.dataSource.manager): Promise<WorkingDayCalendar> {
    const stamp = await this.stampOf(manager);
    const rows: CalendarOverride[] = await manager.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM calendar_overrides WHERE deleted_at IS NULL ORDER BY date`,
    );
    this.current = chineseWorkingDayCalendar().withOverrides(rows);
    this.stamp = stamp;
    return this.current;
  }

  private async stampOf(manager: EntityManager): Promise<string> {
    const [row]: { n: string; latest: string | null }[] = await manager.query(
      `SELECT count(*) AS n, max(updated_at)::text AS latest FROM calendar_overrides`,
    );
    return `${row.n}/${row.latest ?? ''}`;
  }
}
