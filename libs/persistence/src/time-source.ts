import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DataSource } from 'typeorm';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
/** How often each process re-measures its offset from the database's clock (a host clock drifts or is stepped). */
export const CLOCK_RESYNC_MS = 60_000;

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
 * offset that only tests may set, so a 15-working-day case runs in seconds.
 */
@Injectable()
export class TimeSource {
  private skewMs = 0;
  private travelMs = 0;
  private measured: Date | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Measures this host's offset from the database's clock (`clock_timestamp()`, the instant of the query). */
  async syncWith(dataSource: DataSource): Promise<void> {
    const before = Date.now();
    const [{ now }]: { now: Date }[] = await dataSource.query('SELECT clock_timestamp() AS now');
    const after = Date.now();
    this.skewMs = new Date(now).getTime() - (before + after) / 2;
    this.measured = new Date(after);
  }

  /** Re-measures every `everyMs` until `stop()`; a failed measure keeps the last offset and is tried again. */
  keepSynced(dataSource: DataSource, everyMs = CLOCK_RESYNC_MS, warn: (message: string) => void = () => undefined): void {
    this.stop();
    this.timer = setInterval(() => {
      this.syncWith(dataSource).catch((e: Error) => warn(`clock offset not re-measured: ${e.message}`));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** This host's offset from the database clock in ms, and when it was last measured (host time). */
  offset(): { skewMs: number; measuredAt: Date | null } {
    return { skewMs: this.skewMs, measuredAt: this.measured };
  }

  now(): Date {
    return new Date(Date.now() + this.skewMs + this.travelMs);
  }

  today(): string {
    return shanghaiDay(this.now());
  }

  /** Moves this process's clock forward (tests only: refused unless CLOCK_TRAVEL is on). */
  travel(ms: number): void {
    if (!this.config.clockTravel) throw new Error('clock travel is disabled (CLOCK_TRAVEL=false)');
    this.travelMs += ms;
  }
}
