import { Injectable } from '@nestjs/common';
import { AlarmFiring, wakeupJob } from '@app/alarms';
import { QueueName } from '@app/contracts';
import {
  armingPlan, CalendarService, ClockRow, clocksOf, ProgramCatalog, RunningClockRow, TimeSource, WantedTimer, writeArming,
} from '@app/persistence';
import { QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

/** Cases armed by one pair of statements (the sweep's and the SLA repair's batches). */
export const ARM_BATCH = 200;

/** What one call of `armMany` did. */
export interface ArmOutcome {
  /** Cases armed (a case armed meanwhile for a newer version, or locked when `skipLocked`, is left alone). */
  cases: number;
  /** Their alarms still to fire. */
  pending: number;
  /** Wake-up jobs set on the alarms queue (moments this arming made). */
  wakeups: number;
}

interface CaseToArm {
  id: string;
  version: number;
  program_version_id: string;
  program_code: string;
  region_code: string;
  events: (ClockRow & { id: string; at: number })[];
}

const READ_CASES = `
  SELECT a.id, a.version, a.program_version_id, a.program_code, e.region_code,
         COALESCE((SELECT json_agg(json_build_object('id', c.id::text, 'clock', c.clock, 'type', c.type,
                                                     'on', to_char(c.on_date, 'YYYY-MM-DD'),
                                                     'at', floor(extract(epoch FROM c.at) * 1000)) ORDER BY c.id)
                     FROM clock_events c WHERE c.application_id = a.id), '[]'::json) AS events
    FROM applications a JOIN enterprises e ON e.id = a.enterprise_id
   WHERE a.id = ANY($1::uuid[])`;

/**
 * Arming outside a transition (the sweep's lost armings, the SLA repair after a calendar override, an ArmClocks
 * job; a transition arms its own case in its transaction — CaseTransitions — with the same plan and statement): computes each running clock's yellow, red and
 * escalation moments and its yellow day and due date from the case's clock events, and makes PostgreSQL say so
 * — the case's alarm rows (`sla_alarm_rows`, each waiting for its moment) and `sla_running_clocks` rows,
 * `next_alarm_at` — in one statement that writes only what changed. A wake-up job is set on the alarms queue
 * for each moment made (`sla_moments`): thousands of cases due at one moment share one moment and one job, and
 * re-arming an unchanged case sends nothing to Redis. What is due already fires now (its moment rings with the
 * arming's statement; the drain after tells it). Two statements for a case or a batch of cases: one read, one write.
 */
@Injectable()
export class ArmClocks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly calendars: CalendarService,
    private readonly time: TimeSource,
    private readonly queues: QueueService,
    private readonly firing: AlarmFiring,
  ) {}

  /** Arms one case (waiting for its row if a transition holds it); returns the number of its alarms still to fire. */
  async arm(applicationId: string): Promise<number> {
    return (await this.armMany([applicationId])).pending;
  }

  /**
   * Arms the cases (at most a batch is expected: one read and one write for all). `skipLocked` leaves out the
   * cases whose row another transaction holds (the sweep: their transition arms them as it commits).
   */
  async armMany(ids: string[], options: { skipLocked?: boolean } = {}): Promise<ArmOutcome> {
    if (ids.length === 0) return { cases: 0, pending: 0, wakeups: 0 };
    const cases: CaseToArm[] = await this.dataSource.query(READ_CASES, [ids]);
    if (cases.length === 0) return { cases: 0, pending: 0, wakeups: 0 };
    const calendar = this.calendars.calendar();
    const timers: WantedTimer[] = [];
    const running: RunningClockRow[] = [];
    for (const app of cases) {
      const { definition } = await this.catalog.byId(app.program_version_id);
      const rows = app.events.map((e) => ({ ...e, at: new Date(Number(e.at)) }));
      const plan = armingPlan(app, clocksOf(rows, definition), calendar);
      timers.push(...plan.timers);
      running.push(...plan.running);
    }
    const written = await writeArming(this.dataSource.manager, { cases, timers, running }, {
      clock: () => this.time.now(), skipLocked: options.skipLocked === true,
    });
    if (written.wakeups.length) await this.setWakeups(written.wakeups, this.time.now().getTime());
    if (written.due > 0) await this.firing.drain();
    if (written.unplaced > 0) throw new Error(`arming left ${written.unplaced} alarms without their moment; the job is retried`);
    return { cases: written.cases, pending: written.pending, wakeups: written.wakeups.length };
  }

  /**
   * One wake-up job per moment made (a deterministic id: a job that exists already is kept). If Redis refuses
   * them the arming fails and is retried; the moment is a row whatever Redis holds, so the sweep rings it if no
   * wake-up comes (and sets the wake-ups of every unrung moment again when Redis lost its keys).
   */
  private async setWakeups(moments: number[], now: number): Promise<void> {
    await this.queues.addBulk(QueueName.Alarms, moments.map((m) => wakeupJob(m, now)));
  }
}
