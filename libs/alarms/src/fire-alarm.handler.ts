import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { OnJob } from '@app/queue';
import { AlarmFiring } from './alarm-firing';

/** A wake-up of the alarms queue: whichever process takes it fires everything due, not only its own instant. */
@Injectable()
export class FireAlarmHandler {
  constructor(private readonly firing: AlarmFiring) {}

  @OnJob(JobName.FireAlarm)
  async fire(data: JobPayloads[JobName.FireAlarm]): Promise<string> {
    return `recorded ${await this.firing.drain(data.helper === undefined ? { dueAt: data.dueAt } : undefined)}`;
  }
}
