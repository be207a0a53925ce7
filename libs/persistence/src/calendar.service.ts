import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CalendarOverride, chineseWorkingDayCalendar, WorkingDayCalendar } from '@app/domain';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** The channel a change of the overrides is announced on (in the transaction that makes it). */
export const CALENDAR_CHANNEL = 'calendar_overrides';
/** How often a process asks whether the overrides changed while it hears the announcements: a lost one's bound. */
const CHECK_EVERY_MS = 30_000;
/** …and without them (LISTEN failed or the listener broke): one indexed aggregate over a tiny table a second. */
const CHECK_UNHEARD_MS = 1000;

/**
 * The working-day calendar every deadline is computed with: the `chinese-days` data plus the administrators'
 * overrides (`calendar_overrides`). api, workflow and sla may run as separate processes, so each one loads
 * the overrides at boot and LISTENs on `calendar_overrides`: a change NOTIFYs it in its transaction, and the
 * process compares a stamp (count and latest change), rebuilding its calendar only when the stamp moved. A
 * slow poll of the stamp covers a lost notification (every second while the listener is down). A process that
 * needs the newest calendar at once (the one that wrote the override, the SLA repair job) calls `reload()`.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarService.name);
  private current: WorkingDayCalendar = chineseWorkingDayCalendar();
  private stamp = '';
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private listener: Client | null = null;

  constructor(private readonly dataSource: DataSource) {}

  calendar(): WorkingDayCalendar {
    return this.current;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    const heard = await this.listen().then(() => true, () => false);
    this.poll(heard ? CHECK_EVERY_MS : CHECK_UNHEARD_MS);
  }

  private poll(everyMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.reloadIfChanged(), everyMs);
    this.timer.unref();
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) throw new Error('no url to listen on');
    const listener = new Client({ connectionString: url });
    // A broken listener: back to polling each second (the stamp check is what decides anyway).
    listener.on('error', () => {
      if (this.listener === listener) this.listener = null;
      this.poll(CHECK_UNHEARD_MS);
    });
    await listener.connect();
    listener.on('notification', () => void this.reloadIfChanged());
    await listener.query(`LISTEN ${CALENDAR_CHANNEL}`);
    this.listener = listener;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** Tells every process the overrides changed (delivered when `manager`'s transaction commits). */
  static async announce(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_notify('${CALENDAR_CHANNEL}', '')`);
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
