import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DataSource } from 'typeorm';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

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

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async syncWith(dataSource: DataSource): Promise<void> {
    const before = Date.now();
    const [{ now }]: { now: Date }[] = await dataSource.query('SELECT now() AS now');
    this.skewMs = new Date(now).getTime() - (before + Date.now()) / 2;
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
