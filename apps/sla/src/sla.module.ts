import { Module } from '@nestjs/common';
import { AlarmClock } from './alarm-clock';
import { DeadlineRepair } from './deadline-repair';
import { SlaHandlers } from './sla.handlers';
import { SweepScheduler } from './sweep-scheduler';

/** The `sla` queue's workers: alarm clocks, the periodic sweep. */
@Module({ providers: [AlarmClock, DeadlineRepair, SlaHandlers, SweepScheduler], exports: [AlarmClock] })
export class SlaModule {}
