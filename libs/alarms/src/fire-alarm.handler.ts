import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { OnJob } from '@app/queue';
import { AlarmFiring } from './alarm-firing';

/**
 * A wake-up of the alarms queue (or a helper), taken a little before its instant: whichever process takes it
 * waits for the moment and rings every moment due (not only its own), then tells what rang.
 */
@Injectable()
export class FireAlarmHandler {
  constructor(private readonly firing: AlarmFiring) {}

  @OnJob(JobName.FireAlarm)
  async fire(data: JobPayloads[JobName.FireAlarm]): Promise<string> {
    return `told ${await this.firing.wake(data.dueAt, data.helper)}`;
  }
}
