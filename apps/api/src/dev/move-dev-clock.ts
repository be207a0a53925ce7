import { Inject, Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { APP_CONFIG, AppConfig, demoFeaturesAllowed } from '@app/config';
import { JobName } from '@app/contracts';
import { dayNumber, DomainError } from '@app/domain';
import { appendAudit, CalendarService, DEMO_CLOCK_CHECK_MS, enqueue, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { DevClockDto, MoveDevClockDto } from './dev-clock.dto';

const HOUR_MS = 3600 * 1000;

/**
 * Outside production, an administrator moves the system's clock forward to watch alarms fire and the on-time
 * rate move in a demonstration. The offset is one row in PostgreSQL (`demo_clock`) that every process's
 * TimeSource reads once a second; the move is audited (`demo-clock` stream) and a sweep is queued just after
 * the other processes have read it, so what fell due fires at once instead of at the next periodic sweep.
 */
@Injectable()
export class MoveDevClock {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly calendars: CalendarService,
  ) {}

  read(): DevClockDto {
    this.refuseInProduction();
    return this.view();
  }

  async execute(principal: Principal, body: MoveDevClockDto): Promise<DevClockDto> {
    this.refuseInProduction();
    const given = (['days', 'hours', 'workingDays'] as const).filter((field) => body[field] !== undefined);
    if (given.length !== 1) {
      const message = 'give one of days, hours or workingDays (a whole number forward)';
      throw DomainError.invalid([{ field: given[1] ?? 'days', message }]);
    }
    const deltaMs = this.deltaMs(body);
    const offsetMs = await this.dataSource.transaction(async (manager) => {
      const [row]: { offset_ms: string }[] = await manager.query(
        `INSERT INTO demo_clock (id, offset_ms) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET offset_ms = demo_clock.offset_ms + EXCLUDED.offset_ms, updated_at = now()
         RETURNING offset_ms`,
        [deltaMs],
      );
      const offset = Number(row.offset_ms);
      await appendAudit(manager, {
        stream: 'demo-clock',
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'demo-clock.moved',
        data: { days: body.days ?? null, hours: body.hours ?? null, workingDays: body.workingDays ?? null, deltaMs, offsetMs: offset },
        at: new Date(this.time.now().getTime() + deltaMs),
      });
      await enqueue(manager, { name: JobName.SweepClocks, data: {} }, new Date(Date.now() + 2 * DEMO_CLOCK_CHECK_MS));
      return offset;
    });
    this.time.useDemoOffset(offsetMs);
    return this.view();
  }

  /** Working days: whole calendar days up to the day that many working days after today (holidays skipped). */
  private deltaMs(body: MoveDevClockDto): number {
    if (body.days !== undefined) return body.days * 24 * HOUR_MS;
    if (body.hours !== undefined) return body.hours * HOUR_MS;
    const today = this.time.today();
    const target = this.calendars.calendar().addWorkingDays(today, body.workingDays as number);
    return (dayNumber(target) - dayNumber(today)) * 24 * HOUR_MS;
  }

  private view(): DevClockDto {
    const now = this.time.now();
    return { offsetMs: this.time.demoOffsetMs(), now: now.toISOString(), today: this.time.today() };
  }

  private refuseInProduction(): void {
    if (!demoFeaturesAllowed(this.config)) {
      throw new DomainError('forbidden', 'the development clock cannot be moved in production');
    }
  }
}
