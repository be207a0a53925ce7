import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, demoFeaturesAllowed } from '@app/config';
import { DataSource } from 'typeorm';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
/** How often each process re-measures its offset from the database's clock (a host clock drifts or is stepped). */
export const CLOCK_RESYNC_MS = 60_000;
/** How often a process reads the development clock's offset (`demo_clock`), so every process agrees within it. */
export const DEMO_CLOCK_CHECK_MS = 1000;

/** The Asia/Shanghai calendar day of an instant (China has no daylight saving time). */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day begins. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}

/**
 * "Now" for every deadline: the database's clock (so processes on different machines agree), plus a travel
 * offset that only tests may set, so a 15-working-day case runs in seconds, plus — outside production — the
 * development clock an administrator moved forward (`demo_clock`, read by every process once a second).
 */
@Injectable()
export class TimeSource implements OnApplicationShutdown {
  private skewMs = 0;
  private travelMs = 0;
  private demoMs = 0;
  private measured: Date | null = null;
  private timer: NodeJS.Timeout | undefined;
  private demoTimer: NodeJS.Timeout | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Measures this host's offset from the database's clock (`clock_timestamp()`, the instant of the query). */
  async syncWith(dataSource: DataSource): Promise<void> {
    const before = Date.now();
    const [{ now }]: { now: Date }[] = await dataSource.query('SELECT clock_timestamp() AS now');
    const after = Date.now();
    this.skewMs = new Date(now).getTime() - (before + after) / 2;
    this.measured = new Date(after);
    if (!demoFeaturesAllowed(this.config) || this.demoTimer) return;
    await this.readDemoOffset(dataSource);
    this.demoTimer = setInterval(() => void this.readDemoOffset(dataSource), DEMO_CLOCK_CHECK_MS);
    this.demoTimer.unref();
  }

  /** Re-measures every `everyMs` until `stop()`; a failed measure keeps the last offset and is tried again. */
  keepSynced(
    dataSource: DataSource,
    everyMs = CLOCK_RESYNC_MS,
    warn: (message: string) => void = () => undefined,
  ): void {
    this.stop();
    this.timer = setInterval(() => {
      this.syncWith(dataSource).catch((e: Error) => warn(`clock offset not re-measured: ${e.message}`));
    }, everyMs);
    this.timer.unref();
  }

  /** Stops re-measuring the offset (the development clock's reading goes on until shutdown). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  onApplicationShutdown(): void {
    this.stop();
    if (this.demoTimer) clearInterval(this.demoTimer);
    this.demoTimer = undefined;
  }

  /** This host's offset from the database clock in ms, and when it was last measured (host time). */
  offset(): { skewMs: number; measuredAt: Date | null } {
    return { skewMs: this.skewMs, measuredAt: this.measured };
  }

  now(): Date {
    return new Date(Date.now() + this.skewMs + this.travelMs + this.demoMs);
  }

  today(): string {
    return shanghaiDay(this.now());
  }

  /** Moves this process's clock forward (tests only: refused unless CLOCK_TRAVEL is on). */
  travel(ms: number): void {
    if (!this.config.clockTravel) throw new Error('clock travel is disabled (CLOCK_TRAVEL=false)');
    this.travelMs += ms;
  }

  /** The development clock's offset as this process last read it (0 in production). */
  demoOffsetMs(): number {
    return this.demoMs;
  }

  /** Installs an offset just written to `demo_clock` at once (the other processes read it within a second). */
  useDemoOffset(ms: number): void {
    if (demoFeaturesAllowed(this.config)) this.demoMs = ms;
  }

  private async readDemoOffset(dataSource: DataSource): Promise<void> {
    if (!dataSource.isInitialized) return;
    try {
      const [row]: { offset_ms: string }[] = await dataSource.query(
        'SELECT offset_ms FROM demo_clock WHERE id = 1',
      );
      this.demoMs = row ? Number(row.offset_ms) : 0;
    } catch {
      // Not migrated yet, or the database is briefly away: keep the offset we have; the next tick reads again.
    }
  }
}
