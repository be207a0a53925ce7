import { Injectable, Logger } from '@nestjs/common';
import { AlarmLevel, JobName, JobPayloads, QueueName } from '@app/contracts';
import { ClockAlarm, clockAlarms, evaluateClock } from '@app/domain';
import { CalendarService, ClockRow, ProgramCatalog, TimeSource } from '@app/persistence';
import { jobIdOf, QueueService } from '@app/queue';
import { Histogram, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { RecordedAlarm, tellAlarms } from './alarm-messages';
import { alarmDueAt, clocksOf, RunningClock } from './running-clocks';

/** Cases the sweep re-arms at once. */
const ARM_CONCURRENCY = 16;

export function levelOf(alarm: ClockAlarm): AlarmLevel {
  return alarm.kind === 'escalation' ? (`escalation-${alarm.escalationLevel}` as AlarmLevel) : alarm.kind;
}

const lateness =
  (register.getSingleMetric('subsidy_sla_alarm_lateness_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'subsidy_sla_alarm_lateness_seconds',
    help: 'How late an SLA alarm fired after its due moment',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 300],
  });

export function observeLateness(seconds: number): void {
  lateness.observe(seconds);
}

/**
 * Deadlines are data; timers are only alarm clocks. Arming computes each running clock's yellow, red and
 * escalation days and sets one delayed job per level with a deterministic id. Firing re-reads the case and
 * records the alarm once per clock run, only if it is still due. The sweep re-arms what was never armed for
 * the case's current version and fires what should have fired, so losing Redis loses no alarm.
 */
@Injectable()
export class AlarmClock {
  private readonly logger = new Logger(AlarmClock.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly calendars: CalendarService,
    private readonly time: TimeSource,
    private readonly queues: QueueService,
  ) {}

  private async load(manager: EntityManager, applicationId: string) {
    const [app]: {
      id: string;
      version: number;
      program_version_id: string;
      program_code: string;
      region_code: string;
    }[] = await manager.query(
      `SELECT a.id, a.version, a.program_version_id, a.program_code, e.region_code
         FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1`,
      [applicationId],
    );
    if (!app) return null;
    const rows: (ClockRow & { id: string; at: Date })[] = await manager.query(
      `SELECT id, clock, type, to_char(on_date, 'YYYY-MM-DD') AS "on", at FROM clock_events WHERE application_id = $1 ORDER BY id`,
      [applicationId],
    );
    const { definition } = await this.catalog.byId(app.program_version_id, manager);
    return { app, clocks: clocksOf(rows, definition) };
  }

  private alarmsOf(clock: RunningClock): ClockAlarm[] {
    return clockAlarms({
      events: clock.events,
      limitDays: clock.limitDays,
      calendar: this.calendars.calendar(),
      policy: clock.policy,
    });
  }

  /** Sets the timers of every running clock of a case and books the earliest one still to ring. */
  async arm(applicationId: string): Promise<number> {
    const loaded = await this.load(this.dataSource.manager, applicationId);
    if (!loaded) return 0;
    const fired = await this.firedKeys(applicationId);
    const now = this.time.now().getTime();
    let next: number | null = null;
    const jobs: { name: JobName; data: JobPayloads[JobName.FireAlarm]; jobId: string; delayMs: number }[] =
      [];
    for (const clock of loaded.clocks) {
      for (const alarm of this.alarmsOf(clock)) {
        const level = levelOf(alarm);
        if (fired.has(`${clock.clock}/${clock.epoch}/${level}`)) continue;
        const dueAt = alarmDueAt(alarm.on, clock);
        next = next === null ? dueAt.getTime() : Math.min(next, dueAt.getTime());
        jobs.push({
          name: JobName.FireAlarm,
          data: { applicationId, clock: clock.clock, level, dueAt: dueAt.toISOString() },
          jobId: jobIdOf('sla', applicationId, clock.clock, level, alarm.on),
          delayMs: dueAt.getTime() - now,
        });
      }
    }
    // One round trip for all of them; an id that exists already is kept as it is.
    if (jobs.length) await this.queues.addBulk(QueueName.Sla, jobs);
    await this.recordRunning(applicationId, loaded.app, loaded.clocks);
    await this.dataSource.query(
      'UPDATE applications SET next_alarm_at = $2, alarms_armed_version = GREATEST(COALESCE(alarms_armed_version, 0), $3) WHERE id = $1',
      [applicationId, next === null ? null : new Date(next), loaded.app.version],
    );
    return jobs.length;
  }

  /**
   * Rewrites the case's rows in `sla_running_clocks` (yellow day and due date of each running clock), which
   * the dashboard, the at-risk list and the forecast read instead of evaluating every case.
   */
  private async recordRunning(
    applicationId: string,
    app: { program_code: string; region_code: string },
    clocks: RunningClock[],
  ): Promise<void> {
    const calendar = this.calendars.calendar();
    const rows = clocks
      .map((clock) => ({
        clock,
        status: evaluateClock({ events: clock.events, limitDays: clock.limitDays, calendar }),
      }))
      .filter(
        ({ status }) => status.state === 'running' && status.due !== null && status.yellowFrom !== null,
      );
    // One statement: the rows of clocks no longer running go, the others are replaced.
    await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM sla_running_clocks WHERE application_id = $1
            AND clock NOT IN (SELECT r.clock FROM jsonb_to_recordset($4::jsonb) AS r(clock text)))
       INSERT INTO sla_running_clocks (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
       SELECT $1, r.clock, $2, $3, r.limit_days, r.counting_from, r.yellow_on, r.due_on
         FROM jsonb_to_recordset($4::jsonb) AS r(clock text, limit_days int, counting_from date, yellow_on date, due_on date)
       ON CONFLICT (application_id, clock) DO UPDATE SET limit_days = EXCLUDED.limit_days, counting_from = EXCLUDED.counting_from,
         yellow_on = EXCLUDED.yellow_on, due_on = EXCLUDED.due_on`,
      [
        applicationId,
        app.program_code,
        app.region_code,
        JSON.stringify(
          rows.map(({ clock, status }) => ({
            clock: clock.clock,
            limit_days: clock.limitDays,
            counting_from: status.countingFrom,
            yellow_on: status.yellowFrom,
            due_on: status.due,
          })),
        ),
      ],
    );
  }

  private async firedKeys(applicationId: string): Promise<Set<string>> {
    const rows: { clock: string; epoch: string; level: string }[] = await this.dataSource.query(
      'SELECT clock, epoch, level FROM sla_alarms WHERE application_id = $1',
      [applicationId],
    );
    return new Set(rows.map((r) => `${r.clock}/${r.epoch}/${r.level}`));
  }

  /** Records every alarm of the case that is due now and not yet recorded; returns how many it recorded. */
  async fireDue(applicationId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const loaded = await this.load(manager, applicationId);
      if (!loaded) return 0;
      const now = this.time.now();
      const today = this.time.today();
      let recorded = 0;
      let next: number | null = null;
      for (const clock of loaded.clocks) {
        const status = evaluateClock({
          events: clock.events,
          limitDays: clock.limitDays,
          calendar: this.calendars.calendar(),
          today,
        });
        if (status.state !== 'running') continue;
        for (const alarm of this.alarmsOf(clock)) {
          if (alarm.on > today) {
            const at = alarmDueAt(alarm.on, clock).getTime();
            next = next === null ? at : Math.min(next, at);
            continue;
          }
          const dueAt = alarmDueAt(alarm.on, clock);
          const inserted: RecordedAlarm[] = await manager.query(
            `INSERT INTO sla_alarms (application_id, clock, epoch, level, due_at, fired_at, lateness_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id, application_id, clock, level`,
            [
              applicationId,
              clock.clock,
              clock.epoch,
              levelOf(alarm),
              dueAt,
              now,
              Math.max(0, now.getTime() - dueAt.getTime()),
            ],
          );
          if (inserted.length) {
            recorded++;
            await tellAlarms(manager, inserted);
            lateness.observe(Math.max(0, now.getTime() - dueAt.getTime()) / 1000);
            this.logger.log(`SLA ${levelOf(alarm)} on ${clock.clock} of case ${applicationId}`);
          }
        }
      }
      // Moves the bookmark past what just rang; the future timers are armed already, so a firing does not re-arm.
      await manager.query('UPDATE applications SET next_alarm_at = $2 WHERE id = $1', [
        applicationId,
        next === null ? null : new Date(next),
      ]);
      return recorded;
    });
  }

  /**
   * One pass of the sweep: re-arms cases whose clocks changed since they were armed (an arm job lost with
   * Redis), fires alarms whose moment passed (a timer lost or late), and ends public notices that are over.
   */
  async sweep(limit = 1000, budgetMs = 20_000): Promise<{ rearmed: number; fired: number; notices: number }> {
    const started = Date.now();
    const now = this.time.now();
    await this.forgetArmingIfRedisLost();
    let rearmed = 0;
    // Re-arms in batches until none is left or the time budget is spent (the next sweep goes on).
    for (;;) {
      const stale: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM applications
          WHERE status NOT IN ('paid', 'refused', 'withdrawn', 'declined', 'lapsed')
            AND (alarms_armed_version IS DISTINCT FROM version) LIMIT $1`,
        [limit],
      );
      // A few at a time: arming is I/O-bound (a read, a handful of Redis adds, one write per case).
      for (let i = 0; i < stale.length; i += ARM_CONCURRENCY) {
        await Promise.all(stale.slice(i, i + ARM_CONCURRENCY).map((row) => this.arm(row.id)));
      }
      rearmed += stale.length;
      if (stale.length < limit || Date.now() - started > budgetMs) break;
    }
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM applications WHERE next_alarm_at <= $1 ORDER BY next_alarm_at LIMIT $2`,
      [now, limit],
    );
    let fired = 0;
    for (const row of due) {
      fired += await this.fireDue(row.id);
      await this.arm(row.id);
    }
    const notices: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT id, version FROM applications WHERE status = 'public_notice' AND notice_ends_at <= $1 LIMIT $2`,
      [now, limit],
    );
    for (const notice of notices) {
      await this.queues.add(
        { name: JobName.EndNotice, data: { applicationId: notice.id } },
        { jobId: jobIdOf('notice', notice.id, notice.version) },
      );
    }
    await this.lapseOffers(now, limit);
    await this.lapseSupplements(now, limit);
    return { rearmed, fired, notices: notices.length };
  }

  /** 补正 requests whose answer time ran out: the lapse job re-checks and lapses the case. */
  private async lapseSupplements(now: Date, limit: number): Promise<void> {
    const due: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT id, version FROM applications WHERE status = 'supplement' AND supplement_due_at <= $1 LIMIT $2`,
      [now, limit],
    );
    for (const row of due) {
      await this.queues.add(
        { name: JobName.LapseSupplement, data: { applicationId: row.id } },
        { jobId: jobIdOf('supplement', row.id, row.version) },
      );
    }
  }

  /**
   * Timers live in Redis, their bookkeeping in PostgreSQL. A marker key written next to the timers tells the
   * sweep whether Redis still holds what was armed: when it is gone (FLUSHALL, a Redis restarted without
   * persistence) every open case is marked unarmed, and the sweep re-arms them all.
   */
  private async forgetArmingIfRedisLost(): Promise<void> {
    const redis = this.queues.redis;
    // On the PostgreSQL queue backend the timers are rows of the same database: nothing to lose apart.
    if (!redis) return;
    const marker = `${this.queues.options.prefix}:sla:armed`;
    if (await redis.exists(marker)) return;
    const [, forgotten] = await this.dataSource.query(
      `UPDATE applications SET alarms_armed_version = NULL
        WHERE status NOT IN ('paid', 'refused', 'withdrawn', 'declined', 'lapsed') AND alarms_armed_version IS NOT NULL`,
    );
    await redis.set(marker, this.time.now().toISOString());
    if (forgotten) this.logger.warn(`SLA timers missing from Redis: re-arming ${forgotten} open cases`);
  }

  /** 免申即享 offers past their confirmation deadline whose lapse timer was lost: queue the lapse again. */
  private async lapseOffers(now: Date, limit: number): Promise<number> {
    const overdue: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT a.id, a.version FROM offers o JOIN applications a ON a.id = o.application_id
        WHERE a.status = 'awaiting_confirmation' AND o.lapses_at <= $1 ORDER BY o.lapses_at LIMIT $2`,
      [now, limit],
    );
    for (const offer of overdue) {
      await this.queues.add(
        { name: JobName.LapseOffer, data: { applicationId: offer.id } },
        { jobId: jobIdOf('offer-lapse', offer.id, offer.version) },
      );
    }
    return overdue.length;
  }
}
