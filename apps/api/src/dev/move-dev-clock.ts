import { Inject, Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { APP_CONFIG, AppConfig, demoFeaturesAllowed } from '@app/config';
import { JobName } from '@app/contracts';
import { DomainError } from '@app/domain';
import { appendAudit, DEMO_CLOCK_CHECK_MS, enqueue, TimeSource } from '@app/persistence';
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
  ) {}

  read(): DevClockDto {
    this.refuseInProduction();
    return this.view();
  }

  async execute(principal: Principal, body: MoveDevClockDto): Promise<DevClockDto> {
    this.refuseInProduction();
    if ((body.days === undefined) === (body.hours === undefined)) {
      const message = 'give either days or hours (a whole number forward)';
      throw DomainError.invalid([{ field: body.days === undefined ? 'days' : 'hours', message }]);
    }
    const deltaMs = body.days !== undefined ? body.days * 24 * HOUR_MS : (body.hours as number) * HOUR_MS;
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
        data: { days: body.days ?? null, hours: body.hours ?? null, deltaMs, offsetMs: offset },
        at: new Date(this.time.now().getTime() + deltaMs),
      });
      await enqueue(manager, { name: JobName.SweepClocks, data: {} }, new Date(Date.now() + 2 * DEMO_CLOCK_CHECK_MS));
      return offset;
    });
    this.time.useDemoOffset(offsetMs);
    return this.view();
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
