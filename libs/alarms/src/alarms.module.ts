import { Module } from '@nestjs/common';
import { AlarmFiring } from './alarm-firing';
import { FireAlarmHandler } from './fire-alarm.handler';

/**
 * The worker of the `alarms` queue, imported by the sla and the workflow apps: every process that runs either
 * takes a share of an instant's alarms. One module, so the all-in-one process has one handler.
 */
@Module({ providers: [AlarmFiring, FireAlarmHandler], exports: [AlarmFiring] })
export class AlarmsModule {}
